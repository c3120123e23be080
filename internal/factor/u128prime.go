package factor

import "github.com/actorfactor/actorfactor/internal/factor/modular"

// isProbablePrime128 reports whether the odd n > 2^64 is a probable prime by
// the Baillie-PSW test: a strong Fermat test to base 2 followed by a strong
// Lucas test with Selfridge's parameters. No composite is known to pass it.
func isProbablePrime128(n u128) bool {
	if n.lo&1 == 0 || n == (u128{^uint64(0), ^uint64(0)}) {
		return false // the all-ones number is 3 * 5 * 17 * ...
	}
	m := newMont128(n)
	return m.strongFermat2() && m.strongLucas()
}

// strongFermat2 is the Miller-Rabin test of n to base 2.
func (m *mont128) strongFermat2() bool {
	nm1, _ := m.n.sub(u128{0, 1})
	s := nm1.trailingZeros()
	d := nm1.rsh(uint(s))
	x := m.one
	for i := d.bitLen() - 1; i >= 0; i-- {
		x = m.mul(x, x)
		if d.bit(i) == 1 {
			x = m.add(x, x)
		}
	}
	minusOne := m.sub(u128{}, m.one)
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

// strongLucas is the strong Lucas probable-prime test of n with P = 1 and
// Q = (1-D)/4, D the first of 5, -7, 9, -11, ... with Jacobi(D/n) = -1.
func (m *mont128) strongLucas() bool {
	n := m.n
	var d int64 = 5
	for {
		switch jacobi128(d, n) {
		case 0:
			return false // |D| is a proper factor: n > 2^64 > |D|
		case 1:
			if d == 13 && isSquare128(n) {
				return false // squares never have Jacobi(D/n) = -1
			}
			if d > 0 {
				d = -d - 2
			} else {
				d = -d + 2
			}
			continue
		}
		break
	}
	dm := m.signed(d)
	qm := m.signed((1 - d) / 4)
	np1, _ := n.add(u128{0, 1})
	s := np1.trailingZeros()
	k := np1.rsh(uint(s))
	u, v, qk := m.one, m.one, qm
	for i := k.bitLen() - 2; i >= 0; i-- {
		u = m.mul(u, v)
		v = m.sub(m.mul(v, v), m.add(qk, qk))
		qk = m.mul(qk, qk)
		if k.bit(i) == 1 {
			u, v = m.half(m.add(u, v)), m.half(m.add(m.mul(dm, u), v))
			qk = m.mul(qk, qm)
		}
	}
	if u.isZero() || v.isZero() {
		return true
	}
	for range s - 1 {
		v = m.sub(m.mul(v, v), m.add(qk, qk))
		if v.isZero() {
			return true
		}
		qk = m.mul(qk, qk)
	}
	return false
}

// signed returns the Montgomery form of the small signed integer v.
func (m *mont128) signed(v int64) u128 {
	if v >= 0 {
		return m.small(uint64(v))
	}
	return m.sub(u128{}, m.small(uint64(-v)))
}

// half returns x/2 mod n.
func (m *mont128) half(x u128) u128 {
	if x.lo&1 == 0 {
		return x.rsh(1)
	}
	s, c := x.add(m.n)
	r := s.rsh(1)
	r.hi |= c << 63
	return r
}

// isSquare128 reports whether x is a perfect square.
func isSquare128(x u128) bool {
	r := root128(x, 2)
	return mulFull(r, r) == x
}

// jacobi128 returns the Jacobi symbol (a/n) for a small signed a and odd n.
func jacobi128(a int64, n u128) int {
	sign := 1
	if a < 0 {
		a = -a
		if n.lo&3 == 3 {
			sign = -sign
		}
	}
	b := uint64(a)
	if b == 0 {
		return 0
	}
	for b&1 == 0 {
		b >>= 1
		if r := n.lo & 7; r == 3 || r == 5 {
			sign = -sign
		}
	}
	if b == 1 {
		return sign
	}
	if b&3 == 3 && n.lo&3 == 3 {
		sign = -sign
	}
	return sign * modular.Jacobi(n.mod64(b), b)
}
