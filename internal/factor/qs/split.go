package qs

import "math/bits"

// The sieve keeps a relation whose cofactor is the product of two large
// primes when the double large prime variation is on; splitting such a
// cofactor is the job of this file: Montgomery arithmetic modulo an odd
// r < 2^62, a base-2 strong probable-prime test, and Pollard's rho with
// Brent's cycle finding. The cofactors are below 2^62 and their prime
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

// splitComposite returns a proper factor of the odd composite n < 2^62,
// which must not be a prime power, by Pollard's rho with Brent's cycle
// finding; 0 when its step budget runs out first.
func splitComposite(n uint64, budget int) uint64 {
	m := newMont64(n)
	step := func(y, c uint64) uint64 {
		y = m.mul(y, y) + c
		if y >= n {
			y -= n
		}
		return y
	}
retry:
	for c := m.one; budget > 0; c += m.one {
		x, y, prod := c, c, m.one
		var saved uint64
		for r := 1; budget > 0; r <<= 1 {
			x = y
			for range r {
				y = step(y, c)
			}
			for k := 0; k < r && budget > 0; k += rhoBatch {
				saved = y
				steps := min(rhoBatch, r-k)
				for range steps {
					y = step(y, c)
					prod = m.mul(prod, absDiff64(x, y))
				}
				budget -= steps
				g := gcd64(prod, n)
				if g == 1 {
					continue
				}
				if g == n { // the batch overshot: retrace it one step at a time
					for y = saved; ; {
						y = step(y, c)
						if g = gcd64(absDiff64(x, y), n); g != 1 {
							break
						}
					}
				}
				if g != n {
					return g
				}
				continue retry // x and y met mod n: try another c
			}
		}
	}
	return 0
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
