package qs

import (
	"math"
	"math/bits"
	"sync"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// smallPrimes holds the primes found so far, ascending; primesMu guards it.
var (
	smallPrimes []uint32
	primesMu    sync.Mutex
)

// primesUpTo returns the primes up to at least limit (more may follow),
// extending the shared table when needed. Callers must not modify it.
func primesUpTo(limit uint32) []uint32 {
	primesMu.Lock()
	defer primesMu.Unlock()
	if n := len(smallPrimes); n > 0 && smallPrimes[n-1] >= limit {
		return smallPrimes
	}
	bound := max(limit+1, 1<<16)
	composite := make([]bool, bound)
	primes := make([]uint32, 0, bound/10)
	for i := uint32(2); i < bound; i++ {
		if composite[i] {
			continue
		}
		primes = append(primes, i)
		for j := uint64(i) * uint64(i); j < uint64(bound); j += uint64(i) {
			composite[j] = true
		}
	}
	smallPrimes = primes
	return primes
}

// mulMod returns a*b mod p for a, b < p < 2^32.
func mulMod(a, b, p uint64) uint64 { return a * b % p }

// barrett multiplies residues modulo a prime p < 2^32 without dividing:
// m = floor((2^64-1)/p) estimates the quotient of a product by p to
// within one.
type barrett struct{ p, m uint64 }

func newBarrett(p uint64) barrett { return barrett{p, math.MaxUint64 / p} }

// mul returns a*b mod p for a, b < p.
func (r barrett) mul(a, b uint64) uint64 {
	x := a * b
	q, _ := bits.Mul64(x, r.m)
	x -= q * r.p
	if x >= r.p {
		x -= r.p
	}
	return x
}

// reduce returns x mod p for any x.
func (r barrett) reduce(x uint64) uint64 {
	q, _ := bits.Mul64(x, r.m)
	x -= q * r.p
	for x >= r.p {
		x -= r.p
	}
	return x
}

// pow returns b^e mod p for b < p.
func (r barrett) pow(b, e uint64) uint64 {
	x := uint64(1)
	for ; e > 0; e >>= 1 {
		if e&1 != 0 {
			x = r.mul(x, b)
		}
		b = r.mul(b, b)
	}
	return x
}

// invMod returns a^-1 mod p for a coprime to p, by the extended Euclidean
// algorithm.
func invMod(a, p uint64) uint64 {
	r0, r1 := int64(p), int64(a%p)
	t0, t1 := int64(0), int64(1)
	for r1 != 0 {
		q := r0 / r1
		r0, r1 = r1, r0-q*r1
		t0, t1 = t1, t0-q*t1
	}
	if t0 < 0 {
		t0 += int64(p)
	}
	return uint64(t0)
}

// sqrtMod returns t with t^2 = a (mod p) for an odd prime p < 2^32 and a
// quadratic residue a, by Tonelli-Shanks.
func sqrtMod(a, p uint64) uint64 {
	a %= p
	if a == 0 {
		return 0
	}
	r := newBarrett(p)
	if p&3 == 3 {
		return r.pow(a, (p+1)/4)
	}
	q, s := p-1, 0
	for q&1 == 0 {
		q >>= 1
		s++
	}
	z := uint64(2)
	for modular.Jacobi(z, p) != -1 {
		z++
	}
	c := r.pow(z, q)
	x := r.pow(a, (q+1)/2)
	t := r.pow(a, q)
	for t != 1 {
		i, tt := 0, t
		for tt != 1 {
			tt = r.mul(tt, tt)
			i++
		}
		b := c
		for range s - i - 1 {
			b = r.mul(b, b)
		}
		x = r.mul(x, b)
		c = r.mul(b, b)
		t = r.mul(t, c)
		s = i
	}
	return x
}
