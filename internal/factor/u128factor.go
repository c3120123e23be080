package factor

import (
	"math/big"
	"time"
)

// trialPrimes128 are the odd primes below trialBound128, tried by division before
// any 128-bit machinery runs.
var trialPrimes128 = oddPrimesBelow(trialBound128)

// trialBound128 is the first number not covered by trialPrimes128: after
// trial division every prime factor left is at least this large.
const trialBound128 = 1 << 10

// appendFactors128 appends the prime factors of n >= 2 in no particular
// order. It works on two-limb integers without math/big except to build the
// results.
func appendFactors128(dst []*big.Int, n u128, deadline time.Time) []*big.Int {
	if n.hi == 0 {
		return appendUint64s(dst, n.lo)
	}
	for n.lo&1 == 0 {
		dst = append(dst, big.NewInt(2))
		n = n.rsh(1)
	}
	for _, p := range trialPrimes128 {
		if n.hi == 0 {
			break
		}
		for {
			q, r := n.div64(p)
			if r != 0 {
				break
			}
			dst = append(dst, new(big.Int).SetUint64(p))
			n = q
		}
	}
	return appendRough128(dst, n, deadline)
}

// appendRough128 appends the prime factors of an odd n > 1 that has no
// prime factor below trialBound128.
func appendRough128(dst []*big.Int, n u128, deadline time.Time) []*big.Int {
	if n.hi == 0 {
		return appendUint64s(dst, n.lo)
	}
	if isProbablePrime128(n) {
		return append(dst, n.big())
	}
	if root, k := perfectPower128(n); k > 1 {
		for range k {
			dst = appendUint64s(dst, root)
		}
		return dst
	}
	d := findFactor128(n, deadline)
	dst = appendRough128(dst, d, deadline)
	return appendRough128(dst, quo128(n, d), deadline)
}

// appendUint64s appends the prime factors of n < 2^64 as big integers.
func appendUint64s(dst []*big.Int, n uint64) []*big.Int {
	var buf [64]uint64
	for _, f := range AppendFactors(buf[:0], n) {
		dst = append(dst, new(big.Int).SetUint64(f))
	}
	return dst
}

// perfectPower128 returns root and k > 1 with root^k = n when n, free of
// prime factors below trialBound128, is a perfect power; otherwise k = 1.
// Only prime k need trying; for composite k the root is itself a power.
func perfectPower128(n u128) (root uint64, k int) {
	for _, k := range []int{2, 3, 5, 7, 11, 13} {
		if n.bitLen() <= 10*k { // the root would be below trialBound128 = 2^10
			break
		}
		if r := root128(n, k); powEquals(r, k, n) {
			return r, k
		}
	}
	return 0, 1
}

// powEquals reports whether r^k == n.
func powEquals(r uint64, k int, n u128) bool {
	p := u128{0, 1}
	for range k {
		var over bool
		if p, over = p.mul64(r); over {
			return false
		}
	}
	return p == n
}

// quo128 returns n/d for a divisor d of n.
func quo128(n, d u128) u128 {
	if d.hi == 0 {
		q, _ := n.div64(d.lo)
		return q
	}
	return u128From(new(big.Int).Quo(n.big(), d.big()))
}

// findFactor128 returns a proper factor of the odd composite n >= 2^64 that
// is not a perfect power: Pollard-Brent rho for small factors, then a short
// ECM pretest and the quadratic sieve.
func findFactor128(n u128, deadline time.Time) u128 {
	m := newMont128(n)
	if d, ok := m.rho(rhoIterations128); ok {
		return d
	}
	return u128From(sieveFactor[u128](&m, n.big(), deadline))
}

// rhoIterations128 is how long rho looks for small factors before the
// sieve: enough for factors up to about 2^20, which cost it less than the
// sieve's half a millisecond on a 65-bit number. Measured, one core,
// whole process, against 2^12 iterations: 400 balanced semiprimes of
// 64-116 bits 6.5% faster, the 100,000 numbers above 2^64 7% slower (2^11:
// 3.9% and 3.5%; 2^14: 20% slower and 7% faster).
const rhoIterations128 = 1 << 10

// oddPrimesBelow returns the odd primes below limit in ascending order.
func oddPrimesBelow(limit int) []uint64 {
	composite := make([]bool, limit)
	var primes []uint64
	for i := 3; i < limit; i += 2 {
		if composite[i] {
			continue
		}
		primes = append(primes, uint64(i))
		for j := i * i; j < limit; j += 2 * i {
			composite[j] = true
		}
	}
	return primes
}
