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

// rho64 returns a non-trivial factor of the odd composite n < rhoMax64, by
// Pollard's rho with Brent's cycle finding and batched gcds, in Montgomery
// form.
//
// The walks keep their values in (c, 2n+c), never fully reduced, and the
// differences x-y that rho multiplies together in (0, 4n): for n < 2^61
// and small c, mont64.mulLazy applies to both. The step y -> y*y + c thus
// needs neither a modular addition nor the final correction of the
// product, both of which sat on the critical path.
func rho64(n uint64) uint64 {
	m := newMont64(n)
	for c := uint64(1); ; c += 2 { // rhoRun64 walks with c and c+1
		if d := rhoRun64(&m, c, math.MaxInt); d != n {
			return d
		}
	}
}

// rhoQuick64 tries rho64 on n < rhoMax64 for about 4*rhoQuickSteps64 steps
// (two walks of 2*rhoQuickSteps64), which finds most prime factors below
// 2^16 for far less than an ECM curve. It returns n when it found nothing.
func rhoQuick64(n uint64) uint64 {
	m := newMont64(n)
	return rhoRun64(&m, 1, rhoQuickSteps64)
}

// rhoQuickSteps64 bounds rhoQuick64's cycle search.
const rhoQuickSteps64 = 128

// rhoFirst64 is the length of Brent's first cycle search. Starting above 1
// saves the gcds of the shortest searches, which rarely find the prime
// factors of at least trialLimit64 left here.
const rhoFirst64 = 16

// rhoRun64 runs one Brent cycle search for cycle lengths up to maxR, with
// two walks side by side: y -> y^2 + c and y -> y^2 + c + 1. One walk's
// steps form a chain of dependent multiplications that leaves most of the
// processor idle; a second, independent walk fills it almost for free, and
// the first of the two to meet a cycle modulo a prime factor of n ends the
// search. It returns a divisor of n greater than 1, which is n itself when
// the search failed.
func rhoRun64(m *mont64, c uint64, maxR int) uint64 {
	n := m.n
	// The steps add n+c instead of c: see mont64.sqrLazyAdd.
	ca, cb := n+c, n+c+1
	ya, yb := uint64(2), uint64(2)
	var xa, xb, ysa, ysb uint64
	qa, qb := m.one, m.one
	g := uint64(1)
	steps := 0 // the length of the last batch
	for r := rhoFirst64; g == 1; r <<= 1 {
		if r > maxR {
			return n
		}
		xa, xb = ya, yb
		xa2, xb2 := xa+2*n, xb+2*n
		for range r {
			ya = m.sqrLazyAdd(ya, ca)
			yb = m.sqrLazyAdd(yb, cb)
		}
		for k := 0; k < r && g == 1; k += rhoBatch64 {
			ysa, ysb = ya, yb
			steps = min(rhoBatch64, r-k)
			for range steps {
				ya = m.sqrLazyAdd(ya, ca)
				yb = m.sqrLazyAdd(yb, cb)
				qa = m.mulLazy(qa, xa2-ya) // x-y mod n, kept in (0, 4n)
				qb = m.mulLazy(qb, xb2-yb)
			}
			g = gcd64(m.mulLazy(qa, qb), n)
		}
	}
	if g != n {
		return g
	}
	// The batch overshot: take each walk's product apart, then redo the
	// batch one step at a time.
	if g = gcd64(qa, n); g != 1 && g != n {
		return g
	}
	if g = gcd64(qb, n); g != 1 && g != n {
		return g
	}
	if d := rhoRedo64(m, xa, ysa, ca, steps); d != n {
		return d
	}
	return rhoRedo64(m, xb, ysb, cb, steps)
}

// rhoRedo64 repeats steps steps of rhoRun64's walk from ys, which adds
// nc = n+c after each squaring, comparing each with x one gcd at a time. It returns the first divisor of n greater
// than 1 that it meets, or n.
func rhoRedo64(m *mont64, x, ys, nc uint64, steps int) uint64 {
	n := m.n
	for range steps {
		ys = m.sqrLazyAdd(ys, nc)
		if g := gcd64(x+2*n-ys, n); g != 1 {
			return g
		}
	}
	return n
}
