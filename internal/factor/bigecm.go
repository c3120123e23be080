package factor

import (
	"math/big"
	"time"
)

// bigModulus is arithmetic modulo n on math/big, for rho and for ECM on
// numbers too wide for wideMont. Results are fresh values in [0, n).
type bigModulus struct{ n *big.Int }

func (m bigModulus) mul(x, y *big.Int) *big.Int {
	z := new(big.Int).Mul(x, y)
	return z.Mod(z, m.n)
}

func (m bigModulus) add(x, y *big.Int) *big.Int {
	z := new(big.Int).Add(x, y)
	if z.Cmp(m.n) >= 0 {
		z.Sub(z, m.n)
	}
	return z
}

func (m bigModulus) sub(x, y *big.Int) *big.Int {
	z := new(big.Int).Sub(x, y)
	if z.Sign() < 0 {
		z.Add(z, m.n)
	}
	return z
}

// properFactor returns gcd(x, n) and whether it is a proper factor of n.
func (m bigModulus) properFactor(x *big.Int) (*big.Int, bool) {
	g := new(big.Int).GCD(nil, nil, x, m.n)
	return g, g.Cmp(bigOne) != 0 && g.Cmp(m.n) != 0
}

func (m bigModulus) small(v uint64) *big.Int { return new(big.Int).SetUint64(v) }

func (m bigModulus) inverse(x *big.Int) (*big.Int, bool) {
	i := new(big.Int).ModInverse(x, m.n)
	return i, i != nil
}

// findFactorBig returns a proper factor of the odd composite n >= 2^128,
// which is not a perfect power and has no factor below trialBoundBig: the
// quadratic sieve after a short ECM pretest up to sieveMaxBits, rho and
// ECM above. It may run for a very long time for numbers above 250 bits
// whose factors are all large. It returns nil for an n that s leaves to a
// shared sieve, and its ECM pretest with it (see ECMUntil).
func findFactorBig(n *big.Int, s *search) *big.Int {
	deadline := s.Deadline
	switch {
	case n.BitLen() <= sieveMaxBits && s.shares(n):
		return nil
	case n.BitLen() <= 192:
		return sieveFactor[limbs3](newMont192(n), n, deadline)
	case n.BitLen() <= sieveMaxBits:
		return sieveFactor[wideNum](newWideMont(n), n, deadline)
	}
	m := bigModulus{n}
	if d, ok := m.rho(1 << 14); ok {
		return d
	}
	if n.BitLen() <= 64*wideLimbs {
		return ecmFactor[wideNum](newWideMont(n), deadline)
	}
	return ecmFactor[*big.Int](m, deadline)
}

// ECMUntil looks for a proper factor of the odd composite n, free of
// small factors, not a perfect power and above 128 bits, with the curves of
// the sieve's ECM pretest, until the time given; nil when it found none.
// It is the pretest of a composite left to a shared sieve, run by one
// worker while the others sieve.
func ECMUntil(n *big.Int, until time.Time) *big.Int {
	var d *big.Int
	switch {
	case n.BitLen() <= 128:
		return nil
	case n.BitLen() <= 192:
		d, _ = ecmUntil[limbs3](newMont192(n), until, time.Time{})
	case n.BitLen() <= 64*wideLimbs:
		d, _ = ecmUntil[wideNum](newWideMont(n), until, time.Time{})
	default:
		d, _ = ecmUntil[*big.Int](bigModulus{n}, until, time.Time{})
	}
	return d
}

// rho runs Pollard-Brent rho with x -> x^2 + 1 for at most budget steps.
func (m bigModulus) rho(budget int) (*big.Int, bool) {
	c := big.NewInt(1)
	y, x, ys := big.NewInt(2), new(big.Int), new(big.Int)
	q := big.NewInt(1)
	step := func(v *big.Int) *big.Int { return m.add(m.mul(v, v), c) }
	for r, used := 1, 0; used < budget; r *= 2 {
		x = y
		for range r {
			y = step(y)
		}
		for k := 0; k < r && used < budget; k += rhoBatch128 {
			ys = y
			for range min(rhoBatch128, r-k) {
				y = step(y)
				q = m.mul(q, m.sub(x, y))
			}
			used += min(rhoBatch128, r-k)
			if d, ok := m.properFactor(q); ok {
				return d, true
			} else if d.Cmp(m.n) == 0 { // overshot: retrace one step at a time
				for {
					ys = step(ys)
					d, ok := m.properFactor(m.sub(x, ys))
					if ok || d.Cmp(m.n) == 0 {
						return d, ok
					}
				}
			}
		}
	}
	return nil, false
}
