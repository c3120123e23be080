package factor

import "math/bits"

// Deterministic Miller-Rabin base sets: each set has no strong pseudoprime
// below its bound (Jaeschke for the small sets, Jim Sinclair for the 7-base
// set covering all of uint64).
var (
	mrBases32 = [...]uint64{2, 7, 61}                                         // n < 4,759,123,141
	mrBases4  = [...]uint64{2, 13, 23, 1662803}                               // n < 1,122,004,669,633
	mrBases5  = [...]uint64{2, 3, 5, 7, 11}                                   // n < 2,152,302,898,747
	mrBases6  = [...]uint64{2, 3, 5, 7, 11, 13}                               // n < 3,474,749,660,383
	mrBases64 = [...]uint64{2, 325, 9375, 28178, 450775, 9780504, 1795265022} // all n < 2^64
)

// smallPrimeMask64 has bit p set for each prime p < 64.
const smallPrimeMask64 = 1<<2 | 1<<3 | 1<<5 | 1<<7 | 1<<11 | 1<<13 | 1<<17 | 1<<19 |
	1<<23 | 1<<29 | 1<<31 | 1<<37 | 1<<41 | 1<<43 | 1<<47 | 1<<53 | 1<<59 | 1<<61

// IsPrime reports whether n is prime. It is deterministic for every uint64.
func IsPrime(n uint64) bool {
	if n < 64 {
		return smallPrimeMask64>>n&1 != 0
	}
	if n&1 == 0 {
		return false
	}
	for _, t := range trialTable64[:15] { // odd primes 3..53
		if n*t.inv < t.lim1 {
			return false
		}
	}
	if n < 59*59 {
		return true
	}
	return isPrimeOdd64(n)
}

// isPrimeOdd64 is the Miller-Rabin test proper, for odd n >= 64: base 2
// first, which nearly every composite fails, then the rest of the
// deterministic set for n's size.
func isPrimeOdd64(n uint64) bool {
	m := newMont64(n)
	d := n - 1
	s := 0
	for d&1 == 0 {
		d >>= 1
		s++
	}
	if !strongProbable64(&m, m.pow2(d), s) {
		return false
	}
	var rest []uint64
	switch {
	case n < 4759123141:
		rest = mrBases32[1:]
	case n < 1122004669633:
		rest = mrBases4[1:]
	case n < 2152302898747:
		rest = mrBases5[1:]
	case n < 3474749660383:
		rest = mrBases6[1:]
	default:
		rest = mrBases64[1:]
	}
	// The remaining rounds share the exponent: computing their powers side
	// by side lets the multiplications overlap instead of waiting on each
	// other. Almost every composite already failed base 2.
	var x, base [len(mrBases64) - 1]uint64
	k := len(rest)
	for i, a := range rest {
		if a %= n; a == 0 {
			a = 1 // a multiple of n proves nothing; 1 always passes
		}
		base[i] = m.to(a)
		x[i] = base[i]
	}
	if n < 1<<62 { // mulLazy applies: keep the powers in [0, 2n)
		for i := bits.Len64(d) - 2; i >= 0; i-- {
			for j := range k {
				x[j] = m.mulLazy(x[j], x[j])
			}
			if d>>uint(i)&1 != 0 {
				for j := range k {
					x[j] = m.mulLazy(x[j], base[j])
				}
			}
		}
		for j := range k {
			x[j] = m.reduce(x[j])
		}
	} else {
		for i := bits.Len64(d) - 2; i >= 0; i-- {
			for j := range k {
				x[j] = m.mul(x[j], x[j])
			}
			if d>>uint(i)&1 != 0 {
				for j := range k {
					x[j] = m.mul(x[j], base[j])
				}
			}
		}
	}
	for j := range k {
		if !strongProbable64(&m, x[j], s) {
			return false
		}
	}
	return true
}

// strongProbable64 finishes a Miller-Rabin round given x = a^d (Montgomery
// form) where n-1 = d*2^s: it reports whether n is a strong probable prime
// to base a.
func strongProbable64(m *mont64, x uint64, s int) bool {
	minus1 := m.n - m.one
	if x == m.one || x == minus1 {
		return true
	}
	for range s - 1 {
		x = m.mul(x, x)
		if x == minus1 {
			return true
		}
		if x == m.one {
			return false
		}
	}
	return false
}
