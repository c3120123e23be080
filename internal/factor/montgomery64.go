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

// mulLazy returns a*b/R mod n, or that plus n, in (0, 2n), when
// a*b < n*R: for a, b < 2n when n < 2^62, or a < 2n and b < 4n when
// n < 2^61. Skipping the final correction of mul shortens a chain of
// dependent products.
func (m *mont64) mulLazy(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	mh, _ := bits.Mul64(lo*m.ninv, m.n)
	return hi + m.n - mh // hi - mh lies in (-n, n)
}

// sqrLazyAdd returns mulLazy(a, a) - n + nc for nc >= n: adding nc in
// place of mulLazy's n takes an addition off the chain of dependent steps
// of Pollard's rho. It needs a*a < n*R.
func (m *mont64) sqrLazyAdd(a, nc uint64) uint64 {
	hi, lo := bits.Mul64(a, a)
	mh, _ := bits.Mul64(lo*m.ninv, m.n)
	return hi + nc - mh
}

// add returns a+b mod n, computed as a-(n-b): n-b lies in [1, n], so one
// borrow decides whether to add n back, as in sub. That compiles to fewer
// instructions than a+b-n, which must also look at the carry of a+b.
func (m *mont64) add(a, b uint64) uint64 {
	d, borrow := bits.Sub64(a, m.n-b, 0)
	return d + m.n&-borrow
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

// reduce returns a mod n for a < 2n.
func (m *mont64) reduce(a uint64) uint64 {
	d, borrow := bits.Sub64(a, m.n, 0)
	return d + m.n&-borrow
}

// pow2 returns 2^e in Montgomery form, doubling by addition instead of
// multiplying. Below 2^62 it keeps the power in [0, 2n) with mulLazy,
// which shortens each step's chain of dependent instructions.
func (m *mont64) pow2(e uint64) uint64 {
	r := m.one
	if m.n < 1<<62 {
		n2 := 2 * m.n
		for i := bits.Len64(e) - 1; i >= 0; i-- {
			r = m.mulLazy(r, r)
			if e>>uint(i)&1 != 0 {
				d, borrow := bits.Sub64(2*r, n2, 0) // 2r < 4n < 2^64
				r = d + n2&-borrow
			}
		}
		return m.reduce(r)
	}
	for i := bits.Len64(e) - 1; i >= 0; i-- {
		r = m.mul(r, r)
		if e>>uint(i)&1 != 0 {
			r = m.add(r, r)
		}
	}
	return r
}

// inv returns a^-1 mod n and g = gcd(a, n), for a plain a (not in
// Montgomery form); the inverse is only meaningful when g == 1. It is the
// binary extended Euclid algorithm, without a branch on the data but the
// loop's, and it uses n^-1 mod 2^64 of m: each step strips all the
// trailing zeros of u at once, dividing x1 by 2^tz mod n as Montgomery
// reduction does, and orders u and v with masks, since which is larger is
// unpredictable.
func (m *mont64) inv(a uint64) (inv, g uint64) {
	n, ninv := m.n, m.ninv
	// Invariants: x1*a = u and x2*a = v (mod n); v stays odd.
	u, v := a, n
	x1, x2 := uint64(1), uint64(0)
	for u != 0 {
		tz := uint(bits.TrailingZeros64(u))
		u >>= tz
		// x1/2^tz = (x1 + k*n)/2^tz for the k < 2^tz that makes the sum
		// divisible; the quotient is below n.
		k := -x1 * ninv & (1<<tz - 1)
		hi, lo := bits.Mul64(k, n)
		lo, c := bits.Add64(lo, x1, 0)
		x1 = lo>>tz | (hi+c)<<(64-tz)
		// Now u and v are odd: subtract the smaller from the larger.
		_, borrow := bits.Sub64(u, v, 0)
		mask := -borrow
		t := (u ^ v) & mask
		u, v = u^t, v^t
		t = (x1 ^ x2) & mask
		x1, x2 = x1^t, x2^t
		u -= v
		d, b := bits.Sub64(x1, x2, 0)
		x1 = d + n&-b
	}
	return x2, v
}
