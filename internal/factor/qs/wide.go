package qs

import (
	"math/big"
	"math/bits"
)

// wide is a signed integer in two's complement modulo 2^256, enough for
// every polynomial value of an n up to maxBits: the sieve evaluates Q(x)
// with it instead of math/big.
type wide [4]uint64

// wideFrom returns x, which must lie in (-2^255, 2^255), as a wide.
func wideFrom(x *big.Int) wide {
	var w wide
	for i, word := range x.Bits() {
		w[i] = uint64(word)
	}
	if x.Sign() < 0 {
		w = w.neg()
	}
	return w
}

func (w wide) neg() wide {
	var r wide
	var borrow uint64
	for i := range w {
		r[i], borrow = bits.Sub64(0, w[i], borrow)
	}
	return r
}

func (w wide) add(v wide) wide {
	var r wide
	var carry uint64
	for i := range w {
		r[i], carry = bits.Add64(w[i], v[i], carry)
	}
	return r
}

// mul returns w*x.
func (w wide) mul(x int64) wide {
	m := uint64(x)
	if x < 0 {
		m = uint64(-x)
	}
	var r wide
	var carry uint64
	for i := range w {
		hi, lo := bits.Mul64(w[i], m)
		var c uint64
		r[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	if x < 0 {
		return r.neg()
	}
	return r
}

func (w wide) negative() bool { return w[3]>>63 != 0 }

// big returns w as a new big.Int.
func (w wide) big() *big.Int {
	neg := w.negative()
	if neg {
		w = w.neg()
	}
	words := trim(w[:])
	z := make([]big.Word, len(words))
	for i, v := range words {
		z[i] = big.Word(v)
	}
	x := new(big.Int).SetBits(z)
	if neg {
		x.Neg(x)
	}
	return x
}
