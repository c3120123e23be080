package factor

import "math/bits"

// mont64 is arithmetic modulo an odd n in Montgomery form with R = 2^64.
// Values are kept in [0, n).
type mont64 struct {
	n    uint64 // the odd modulus
	ninv uint64 // n^-1 mod 2^64
	one  uint64 // R mod n, the Montgomery form of 1
	r2   uint64 // R^2 mod n, used to enter Montgomery form
}

// newMont64 prepares Montgomery arithmetic modulo the odd n > 1.
func newMont64(n uint64) mont64 {
	inv := n // correct to 3 bits for odd n; each Newton step doubles that
	for range 5 {
		inv *= 2 - n*inv
	}
	one := -n % n
	_, r2 := bits.Div64(one, 0, n)
	return mont64{n: n, ninv: inv, one: one, r2: r2}
}

// mul returns a*b/R mod n.
func (m *mont64) mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	mh, _ := bits.Mul64(lo*m.ninv, m.n)
	r, borrow := bits.Sub64(hi, mh, 0)
	return r + m.n&-borrow // branch-free: the branch would be unpredictable
}

// add returns a+b mod n.
func (m *mont64) add(a, b uint64) uint64 {
	// a+b-n, plus n back when that borrows without the sum having carried.
	s, carry := bits.Add64(a, b, 0)
	d, borrow := bits.Sub64(s, m.n, 0)
	return d + m.n&-(borrow&^carry)
}

// sub returns a-b mod n.
func (m *mont64) sub(a, b uint64) uint64 {
	d, borrow := bits.Sub64(a, b, 0)
	return d + m.n&-borrow
}

// to converts a < n into Montgomery form.
func (m *mont64) to(a uint64) uint64 { return m.mul(a, m.r2) }

// from converts a out of Montgomery form.
func (m *mont64) from(a uint64) uint64 { return m.mul(a, 1) }

// pow2 returns 2^e in Montgomery form, doubling by addition instead of
// multiplying.
func (m *mont64) pow2(e uint64) uint64 {
	r := m.one
	for i := bits.Len64(e) - 1; i >= 0; i-- {
		r = m.mul(r, r)
		if e>>uint(i)&1 != 0 {
			r = m.add(r, r)
		}
	}
	return r
}

// invMod64 returns a^-1 mod the odd n and g = gcd(a, n); the inverse is
// only meaningful when g == 1. It is the binary extended Euclid algorithm.
func invMod64(a, n uint64) (inv, g uint64) {
	half := func(x uint64) uint64 {
		if x&1 == 0 {
			return x >> 1
		}
		return x>>1 + n>>1 + 1 // (x+n)/2 without overflow, x and n odd
	}
	// Invariants: x1*a = u and x2*a = v (mod n); v stays odd.
	u, v := a, n
	x1, x2 := uint64(1), uint64(0)
	for u != 0 {
		for u&1 == 0 {
			u >>= 1
			x1 = half(x1)
		}
		if u < v {
			u, v, x1, x2 = v, u, x2, x1
		}
		u -= v
		if x1 < x2 {
			x1 += n
		}
		x1 -= x2
	}
	return x2, v
}
