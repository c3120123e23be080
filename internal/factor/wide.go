package factor

import (
	"math/big"
	"math/bits"
)

// wideLimbs is the most 64-bit limbs wideMont handles: moduli up to 512 bits.
const wideLimbs = 8

// wideNum is a residue of wideMont: little-endian limbs, those at and above
// the modulus' limb count zero.
type wideNum [wideLimbs]uint64

// wideMont is Montgomery arithmetic modulo an odd n of k <= wideLimbs limbs
// with R = 2^(64k): the math/big route's fast arithmetic for ECM.
type wideMont struct {
	n    wideNum
	k    int
	ninv uint64 // -n^-1 mod 2^64
	r2   wideNum
	nBig *big.Int
}

// newWideMont prepares Montgomery arithmetic modulo the odd n, which must
// have at most 64*wideLimbs bits.
func newWideMont(n *big.Int) *wideMont {
	m := &wideMont{n: wideFromBig(n), k: (n.BitLen() + 63) / 64, nBig: n}
	inv := m.n[0]
	for range 5 {
		inv *= 2 - m.n[0]*inv
	}
	m.ninv = -inv
	r2 := new(big.Int).Lsh(bigOne, uint(128*m.k))
	m.r2 = wideFromBig(r2.Mod(r2, n))
	return m
}

func wideFromBig(x *big.Int) wideNum {
	var w wideNum
	for i, word := range x.Bits() {
		w[i] = uint64(word)
	}
	return w
}

func (m *wideMont) toBig(x wideNum) *big.Int {
	words := make([]big.Word, m.k)
	for i := range words {
		words[i] = big.Word(x[i])
	}
	return new(big.Int).SetBits(words)
}

// mul returns a*b/R mod n (CIOS Montgomery multiplication).
func (m *wideMont) mul(a, b wideNum) wideNum {
	var t [wideLimbs + 2]uint64
	k := m.k
	for i := range k {
		var carry, c uint64
		bi := b[i]
		for j := range k {
			hi, lo := bits.Mul64(a[j], bi)
			lo, c = bits.Add64(lo, t[j], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			t[j], carry = lo, hi+c
		}
		t[k], c = bits.Add64(t[k], carry, 0)
		t[k+1] += c
		q := t[0] * m.ninv
		hi, lo := bits.Mul64(q, m.n[0])
		_, c = bits.Add64(lo, t[0], 0)
		carry = hi + c
		for j := 1; j < k; j++ {
			hi, lo := bits.Mul64(q, m.n[j])
			lo, c = bits.Add64(lo, t[j], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			t[j-1], carry = lo, hi+c
		}
		t[k-1], c = bits.Add64(t[k], carry, 0)
		t[k], t[k+1] = t[k+1]+c, 0
	}
	var r wideNum
	copy(r[:k], t[:k])
	if t[k] != 0 || !m.less(r) {
		r, _ = m.subRaw(r, m.n)
	}
	return r
}

// less reports whether x < n.
func (m *wideMont) less(x wideNum) bool {
	for i := m.k - 1; i >= 0; i-- {
		if x[i] != m.n[i] {
			return x[i] < m.n[i]
		}
	}
	return false
}

func (m *wideMont) subRaw(a, b wideNum) (wideNum, uint64) {
	var d wideNum
	var borrow uint64
	for i := range m.k {
		d[i], borrow = bits.Sub64(a[i], b[i], borrow)
	}
	return d, borrow
}

func (m *wideMont) add(a, b wideNum) wideNum {
	var s wideNum
	var carry uint64
	for i := range m.k {
		s[i], carry = bits.Add64(a[i], b[i], carry)
	}
	if carry != 0 || !m.less(s) {
		s, _ = m.subRaw(s, m.n)
	}
	return s
}

func (m *wideMont) sub(a, b wideNum) wideNum {
	d, borrow := m.subRaw(a, b)
	if borrow != 0 {
		var carry uint64
		for i := range m.k {
			d[i], carry = bits.Add64(d[i], m.n[i], carry)
		}
	}
	return d
}

func (m *wideMont) small(v uint64) wideNum { return m.mul(wideNum{v}, m.r2) }

func (m *wideMont) inverse(x wideNum) (wideNum, bool) {
	i := new(big.Int).ModInverse(m.toBig(m.mul(x, wideNum{1})), m.nBig)
	if i == nil {
		return wideNum{}, false
	}
	return m.mul(wideFromBig(i), m.r2), true
}

func (m *wideMont) properFactor(x wideNum) (*big.Int, bool) {
	g := new(big.Int).GCD(nil, nil, m.toBig(x), m.nBig)
	return g, g.Cmp(bigOne) != 0 && g.Cmp(m.nBig) != 0
}
