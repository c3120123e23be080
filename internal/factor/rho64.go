package factor

import (
	"math"
	"math/bits"
)

// gcd64 returns the greatest common divisor of a and b (binary algorithm).
func gcd64(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for b != 0 {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
	}
	return a << shift
}

// rhoBatch64 is how many steps of Pollard-Brent share one gcd.
const rhoBatch64 = 128

// rho64 returns a non-trivial factor of the odd composite n < 2^62, by
// Pollard's rho with Brent's cycle finding and batched gcds, in Montgomery
// form.
//
// The walk keeps its values in [0, 2n) without the final reduction: for
// n < 2^62 Montgomery multiplication still returns a reduced product of two
// such values, and the step y -> y*y + c loses its modular addition, which
// sat on the critical path.
func rho64(n uint64) uint64 {
	m := newMont64(n)
	for c := uint64(1); ; c++ {
		if d := rhoRun64(&m, c, math.MaxInt); d != n {
			return d
		}
	}
}

// rhoQuick64 tries rho64 on n < 2^62 for about 2*rhoQuickSteps64 steps, which
// finds most prime factors below 2^16 for far less than an ECM curve. It
// returns n when it found nothing.
func rhoQuick64(n uint64) uint64 {
	m := newMont64(n)
	return rhoRun64(&m, 1, rhoQuickSteps64)
}

// rhoQuickSteps64 bounds rhoQuick64's cycle search.
const rhoQuickSteps64 = 256

// rhoRun64 runs one Brent cycle search with f(y) = y^2 + c, for cycle lengths
// up to maxR. It returns a divisor of n greater than 1, which is n itself
// when the search failed.
func rhoRun64(m *mont64, c uint64, maxR int) uint64 {
	n := m.n
	y := uint64(2)
	x, ys := y, y
	q := m.one
	g := uint64(1)
	for r := 1; g == 1; r <<= 1 {
		if r > maxR {
			return n
		}
		x = y
		for range r {
			y = m.mul(y, y) + c
		}
		for k := 0; k < r && g == 1; k += rhoBatch64 {
			ys = y
			for range min(rhoBatch64, r-k) {
				y = m.mul(y, y) + c
				q = m.mul(q, x+2*n-y) // x-y mod n, kept in (0, 4n)
			}
			g = gcd64(q, n)
		}
	}
	if g != n {
		return g
	}
	for { // the batch overshot: redo it one step at a time
		ys = m.mul(ys, ys) + c
		if g = gcd64(x+2*n-ys, n); g != 1 {
			return g
		}
	}
}
