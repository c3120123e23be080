package qs

import "math/bits"

// The sieve keeps a relation whose cofactor is the product of two large
// primes when the double large prime variation is on; splitting such a
// cofactor is the job of this file: Montgomery arithmetic modulo an odd
// r < 2^60, a base-2 strong probable-prime test, and Pollard's rho with
// Brent's cycle finding. The cofactors are below 2^60 and their prime
// factors are above the factor base, so rho finds the smaller one in a few
// thousand steps.

// mont64 is Montgomery arithmetic modulo an odd n < 2^62 with R = 2^64:
// mul takes inputs below 2n.
type mont64 struct {
	n    uint64
	ninv uint64 // -n^-1 mod 2^64
	one  uint64 // R mod n
}

func newMont64(n uint64) mont64 {
	inv := n
	for range 5 {
		inv *= 2 - n*inv
	}
	return mont64{n: n, ninv: -inv, one: (-n) % n}
}

// mul returns a*b/R mod n for a, b < 2n.
func (m mont64) mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	h, _ := bits.Mul64(lo*m.ninv, m.n)
	// lo + low(q*n) is 0 mod 2^64 and carries exactly when lo != 0.
	r := hi + h
	if lo != 0 {
		r++
	}
	if r >= m.n {
		r -= m.n
	}
	return r
}

// probablePrime reports whether the odd n > 2, below 2^62, is a strong
// probable prime to base 2.
func probablePrime(n uint64) bool {
	m := newMont64(n)
	d := n - 1
	s := bits.TrailingZeros64(d)
	d >>= s
	two := m.one << 1 % n
	x := m.one
	for b := two; d > 0; d >>= 1 {
		if d&1 != 0 {
			x = m.mul(x, b)
		}
		b = m.mul(b, b)
	}
	minusOne := n - m.one
	if x == m.one || x == minusOne {
		return true
	}
	for range s - 1 {
		x = m.mul(x, x)
		if x == minusOne {
			return true
		}
	}
	return false
}

// rhoBatch is how many steps of rho share one gcd.
const rhoBatch = 64

// splitComposite returns a proper factor of the odd composite n < 2^60,
// which must not be a prime power, by Pollard's rho with Brent's cycle
// finding; 0 when its step budget runs out first. It runs two walks, x ->
// x^2 + c and x -> x^2 + c + 1, side by side: each is a chain of dependent
// multiplications, and two chains keep the processor busier than one. The
// values stay below 4n, unreduced, which mulLazy allows for n < 2^60.
func splitComposite(n uint64, budget int) uint64 {
	m := newMont64(n)
	for c := uint64(1); budget > 0; c += 2 {
		ca, cb := c*m.one%n, (c+1)*m.one%n
		d, used := m.rhoWalks(ca, cb, budget)
		budget -= used
		if d != 0 {
			return d
		}
	}
	return 0
}

// rhoWalks runs the two walks with constants ca and cb for at most budget
// steps each and returns a proper factor of n, or 0, and the steps used.
func (m mont64) rhoWalks(ca, cb uint64, budget int) (uint64, int) {
	n := m.n
	ya, yb := ca, cb
	qa, qb := m.one, m.one
	used := 0
	for r := 1; used < budget; r <<= 1 {
		xa, xb := ya, yb
		for range r {
			ya, yb = m.mulLazy(ya, ya)+ca, m.mulLazy(yb, yb)+cb
		}
		for k := 0; k < r && used < budget; k += rhoBatch {
			sa, sb := ya, yb
			steps := min(rhoBatch, r-k)
			for range steps {
				ya, yb = m.mulLazy(ya, ya)+ca, m.mulLazy(yb, yb)+cb
				qa = m.mulLazy(qa, absDiff64(xa, ya))
				qb = m.mulLazy(qb, absDiff64(xb, yb))
			}
			used += steps
			ga, gb := gcd64(qa%n, n), gcd64(qb%n, n)
			if d := m.proper(ga, xa, sa, ca, steps); d != 0 {
				return d, used
			}
			if d := m.proper(gb, xb, sb, cb, steps); d != 0 {
				return d, used
			}
			if ga == n || gb == n {
				return 0, used // a walk met itself mod n: new constants
			}
		}
	}
	return 0, used
}

// proper returns the proper factor a batch's gcd g points to, retracing
// the batch from saved one step at a time when g is n itself; 0 when
// there is none.
func (m mont64) proper(g, x, saved, c uint64, steps int) uint64 {
	n := m.n
	if g == n {
		for y := saved; steps > 0; steps-- {
			y = m.mulLazy(y, y) + c
			if g = gcd64(absDiff64(x, y)%n, n); g != 1 {
				break
			}
		}
	}
	if g == 1 || g == n {
		return 0
	}
	return g
}

// mulLazy returns a*b/R mod n, or that plus n, for a, b < 4n and n < 2^60:
// it skips the final correction, which would lengthen rho's chain.
func (m mont64) mulLazy(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	h, _ := bits.Mul64(lo*m.ninv, m.n)
	r := hi + h
	if lo != 0 {
		r++
	}
	return r
}

func absDiff64(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}

// gcd64 returns gcd(a, n) for odd n > 0, by the binary algorithm.
func gcd64(a, n uint64) uint64 {
	if a == 0 {
		return n
	}
	a >>= bits.TrailingZeros64(a)
	for a != n {
		if a > n {
			a, n = n, a
		}
		n -= a
		n >>= bits.TrailingZeros64(n)
	}
	return a
}
