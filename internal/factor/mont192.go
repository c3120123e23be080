package factor

import (
	"math/big"
	"math/bits"
)

// limbs3 is a residue of mont192: three little-endian 64-bit limbs.
type limbs3 [3]uint64

// mont192 is Montgomery arithmetic modulo an odd n of 129 to 192 bits with
// R = 2^192: ECM's arithmetic for those sizes. It does what wideMont does
// for three limbs, with the limbs written out and residues a third the
// size, about four times as fast.
type mont192 struct {
	n    limbs3
	ninv uint64 // -n^-1 mod 2^64
	r2   limbs3 // R^2 mod n
	nBig *big.Int
}

// newMont192 prepares Montgomery arithmetic modulo the odd n, which must
// have at most 192 bits.
func newMont192(n *big.Int) *mont192 {
	m := &mont192{n: limbs3FromBig(n), nBig: n}
	inv := m.n[0]
	for range 5 {
		inv *= 2 - m.n[0]*inv
	}
	m.ninv = -inv
	r2 := new(big.Int).Lsh(bigOne, 2*192)
	m.r2 = limbs3FromBig(r2.Mod(r2, n))
	return m
}

func limbs3FromBig(x *big.Int) limbs3 {
	var l limbs3
	for i, word := range x.Bits() {
		l[i] = uint64(word)
	}
	return l
}

func (m *mont192) toBig(x limbs3) *big.Int {
	return new(big.Int).SetBits([]big.Word{big.Word(x[0]), big.Word(x[1]), big.Word(x[2])})
}

// mul returns a*b/R mod n (CIOS Montgomery multiplication, written out).
func (m *mont192) mul(a, b limbs3) limbs3 {
	n0, n1, n2 := m.n[0], m.n[1], m.n[2]
	var t0, t1, t2, t3 uint64 // the running sum, below 2n after each round
	for _, bi := range b {
		// t += a*bi, into five limbs s0..s3, t4.
		c, s0 := mulAdd64(a[0], bi, t0, 0)
		c, s1 := mulAdd64(a[1], bi, t1, c)
		c, s2 := mulAdd64(a[2], bi, t2, c)
		s3, t4 := bits.Add64(t3, c, 0)
		// Add q*n, which clears the low limb, and shift down one limb.
		q := s0 * m.ninv
		c, _ = mulAdd64(q, n0, s0, 0)
		c, t0 = mulAdd64(q, n1, s1, c)
		c, t1 = mulAdd64(q, n2, s2, c)
		var carry uint64
		t2, carry = bits.Add64(s3, c, 0)
		t3 = t4 + carry
	}
	return m.reduce(limbs3{t0, t1, t2}, t3)
}

// mulAdd64 returns x*y + z + carry as two limbs; it cannot overflow.
func mulAdd64(x, y, z, carry uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(x, y)
	var c uint64
	lo, c = bits.Add64(lo, z, 0)
	hi += c
	lo, c = bits.Add64(lo, carry, 0)
	return hi + c, lo
}

// reduce returns x + top*2^192 mod n, for a value below 2n.
func (m *mont192) reduce(x limbs3, top uint64) limbs3 {
	d0, borrow := bits.Sub64(x[0], m.n[0], 0)
	d1, borrow := bits.Sub64(x[1], m.n[1], borrow)
	d2, borrow := bits.Sub64(x[2], m.n[2], borrow)
	if top != 0 || borrow == 0 {
		return limbs3{d0, d1, d2}
	}
	return x
}

func (m *mont192) add(a, b limbs3) limbs3 {
	s0, carry := bits.Add64(a[0], b[0], 0)
	s1, carry := bits.Add64(a[1], b[1], carry)
	s2, carry := bits.Add64(a[2], b[2], carry)
	return m.reduce(limbs3{s0, s1, s2}, carry)
}

func (m *mont192) sub(a, b limbs3) limbs3 {
	d0, borrow := bits.Sub64(a[0], b[0], 0)
	d1, borrow := bits.Sub64(a[1], b[1], borrow)
	d2, borrow := bits.Sub64(a[2], b[2], borrow)
	mask := -borrow // add n back when a < b
	d0, carry := bits.Add64(d0, m.n[0]&mask, 0)
	d1, carry = bits.Add64(d1, m.n[1]&mask, carry)
	d2, _ = bits.Add64(d2, m.n[2]&mask, carry)
	return limbs3{d0, d1, d2}
}

func (m *mont192) small(v uint64) limbs3 { return m.mul(limbs3{v}, m.r2) }

func (m *mont192) inverse(x limbs3) (limbs3, bool) {
	i := new(big.Int).ModInverse(m.toBig(m.mul(x, limbs3{1})), m.nBig)
	if i == nil {
		return limbs3{}, false
	}
	return m.mul(limbs3FromBig(i), m.r2), true
}

func (m *mont192) properFactor(x limbs3) (*big.Int, bool) {
	g := new(big.Int).GCD(nil, nil, m.toBig(x), m.nBig)
	return g, g.Cmp(bigOne) != 0 && g.Cmp(m.nBig) != 0
}
