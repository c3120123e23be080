package factor

import (
	"math/big"
	"math/bits"
)

// mont128 is Montgomery arithmetic modulo an odd n with 2^64 < n < 2^128,
// using R = 2^128. Residues in Montgomery form are u128 values below n.
type mont128 struct {
	n    u128
	ninv uint64 // -n^-1 mod 2^64
	one  u128   // R mod n: 1 in Montgomery form
	r2   u128   // R^2 mod n: converts small values into Montgomery form
	r3   u128   // R^3 mod n: converts any u128 into Montgomery form
}

// newMont128 prepares Montgomery arithmetic modulo the odd n >= 2^64.
func newMont128(n u128) mont128 {
	inv := n.lo // correct to 3 bits for odd n; each Newton step doubles them
	for range 5 {
		inv *= 2 - n.lo*inv
	}
	m := mont128{n: n, ninv: -inv}
	// Start from the largest power of two below n and double up to 2^128 and 2^256.
	x := u128{1 << (n.bitLen() - 65), 0}
	for range 129 - n.bitLen() {
		x = m.add(x, x)
	}
	m.one = x
	for range 128 {
		x = m.add(x, x)
	}
	m.r2 = x
	m.r3 = m.mul(x, x)
	return m
}

// add returns a+b mod n.
func (m *mont128) add(a, b u128) u128 {
	s, c := a.add(b)
	if d, borrow := s.sub(m.n); c != 0 || borrow == 0 {
		return d
	}
	return s
}

// sub returns a-b mod n.
func (m *mont128) sub(a, b u128) u128 {
	d, borrow := a.sub(b)
	if borrow != 0 {
		d, _ = d.add(m.n)
	}
	return d
}

// mul returns a*b/R mod n for a, b < n (CIOS Montgomery multiplication).
func (m *mont128) mul(a, b u128) u128 {
	n0, n1 := m.n.lo, m.n.hi
	// Round 1: t = a*b.lo, then add q*n to clear the low limb and shift.
	h, t0 := bits.Mul64(a.lo, b.lo)
	h2, l := bits.Mul64(a.hi, b.lo)
	t1, c := bits.Add64(l, h, 0)
	t2 := h2 + c
	q := t0 * m.ninv
	h, l = bits.Mul64(q, n0)
	_, c = bits.Add64(l, t0, 0)
	h += c
	h2, l = bits.Mul64(q, n1)
	l, c = bits.Add64(l, h, 0)
	h2 += c
	t0, c = bits.Add64(t1, l, 0)
	t1, c = bits.Add64(t2, h2, c)
	t2 = c
	// Round 2: t += a*b.hi, then the same reduction.
	h, l = bits.Mul64(a.lo, b.hi)
	t0, c = bits.Add64(t0, l, 0)
	h += c
	h2, l = bits.Mul64(a.hi, b.hi)
	l, c = bits.Add64(l, h, 0)
	h2 += c
	t1, c = bits.Add64(t1, l, 0)
	t2, t3 := bits.Add64(t2, h2, c) // t3: the sum can pass 2^192 when n > 2^127
	q = t0 * m.ninv
	h, l = bits.Mul64(q, n0)
	_, c = bits.Add64(l, t0, 0)
	h += c
	h2, l = bits.Mul64(q, n1)
	l, c = bits.Add64(l, h, 0)
	h2 += c
	r0, c := bits.Add64(t1, l, 0)
	r1, c := bits.Add64(t2, h2, c)
	r := u128{r1, r0}
	if d, borrow := r.sub(m.n); c|t3 != 0 || borrow == 0 {
		return d
	}
	return r
}

// toMont converts any x < 2^128 into Montgomery form: REDC(x) = x/R mod n
// is fully reduced, and multiplying by R^3 gives x*R mod n.
func (m *mont128) toMont(x u128) u128 {
	return m.mul(m.mul(x, u128{0, 1}), m.r3)
}

// fromMont converts x out of Montgomery form.
func (m *mont128) fromMont(x u128) u128 { return m.mul(x, u128{0, 1}) }

// small returns the Montgomery form of the small integer v < n.
func (m *mont128) small(v uint64) u128 { return m.mul(u128{0, v}, m.r2) }

// inverse returns the Montgomery form of x^-1 for x in Montgomery form, or
// false when x shares a factor with n.
func (m *mont128) inverse(x u128) (u128, bool) {
	i := new(big.Int).ModInverse(m.fromMont(x).big(), m.n.big())
	if i == nil {
		return u128{}, false
	}
	return m.toMont(u128From(i)), true
}

// properFactor returns gcd(x, n) and whether it is a proper factor of n.
func (m *mont128) properFactor(x u128) (*big.Int, bool) {
	g := gcd128(x, m.n)
	return g.big(), g.cmp(u128{0, 1}) != 0 && g != m.n
}
