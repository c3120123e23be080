package factor

import (
	"math"
	"math/bits"
)

// AppendFactors appends the prime factors of n to dst in ascending order,
// each repeated by its multiplicity, and returns the extended slice.
// 0 and 1 have no prime factors. It does not allocate when dst has room.
// An odd part below SmallLimit is looked up in the factor table once
// NoteSmall has built it.
func AppendFactors(dst []uint64, n uint64) []uint64 {
	if n < 2 {
		return dst
	}
	tz := bits.TrailingZeros64(n)
	for range tz {
		dst = append(dst, 2)
	}
	n >>= tz
	if n < SmallLimit {
		if t := factorTable.Load(); t != nil {
			return appendSmallOdd(dst, n, t)
		}
	}
	return appendOdd64(dst, n)
}

// appendOdd64 appends the prime factors of the odd n: trial division below
// trialLimit64, then Miller-Rabin and splitting for what is left.
func appendOdd64(dst []uint64, n uint64) []uint64 {
	dst, n = trialDivide64(dst, n)
	switch {
	case n == 1:
		return dst
	case n < trialLimit64*trialLimit64:
		return append(dst, n)
	}
	return appendLarge64(dst, n)
}

// maxLarge64 bounds the number of prime factors of a cofactor with no factor
// below trialLimit64 >= 2^10: seven of them would exceed 2^64.
const maxLarge64 = 7

// appendLarge64 appends the prime factors, in ascending order, of an odd n
// whose prime factors are all at least trialLimit64.
func appendLarge64(dst []uint64, n uint64) []uint64 {
	var pending, found [maxLarge64]uint64
	pending[0] = n
	np, nf := 1, 0
	for np > 0 {
		np--
		m := pending[np]
		if m < trialLimit64*trialLimit64 || isPrimeOdd64(m) {
			found[nf] = m
			nf++
			continue
		}
		d := splitComposite64(m)
		if m < trialLimit64*trialLimit64*trialLimit64 {
			// Three prime factors of at least trialLimit64 would exceed m:
			// it is the product of the primes d and m/d.
			found[nf], found[nf+1] = d, m/d
			nf += 2
			continue
		}
		pending[np] = d
		pending[np+1] = m / d
		np += 2
	}
	fs := found[:nf]
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j] < fs[j-1]; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	return append(dst, fs...)
}

// splitComposite64 returns a non-trivial factor of the odd composite n, whose
// prime factors are all at least trialLimit64.
func splitComposite64(n uint64) uint64 {
	if r := sqrt64(n); r*r == n {
		return r
	}
	if n < ecmMin64 {
		return rho64(n)
	}
	if n < rhoMax64 {
		if d := rhoQuick64(n); d != n {
			return d
		}
	}
	return ecm64(n)
}

const (
	ecmMin64 = 1 << 44 // where ECM overtakes Pollard's rho
	rhoMax64 = 1 << 61 // rho64 and rhoQuick64 need n below this
)

// sqrt64 returns floor(sqrt(n)).
func sqrt64(n uint64) uint64 {
	r := uint64(math.Sqrt(float64(n)))
	for r*r > n || r > math.MaxUint32 { // float rounding may overshoot by one
		r--
	}
	for (r+1)*(r+1) <= n && r+1 <= math.MaxUint32 {
		r++
	}
	return r
}
