package factor

import (
	"math/big"
	"sort"
)

// AppendFactorsBig appends the prime factors of n (n >= 0, any size) to dst
// in ascending order, each repeated by its multiplicity. Numbers below 2^64
// are delegated to AppendFactors.
func AppendFactorsBig(dst []*big.Int, n *big.Int) []*big.Int {
	if n.IsUint64() {
		var buf [64]uint64
		for _, f := range AppendFactors(buf[:0], n.Uint64()) {
			dst = append(dst, new(big.Int).SetUint64(f))
		}
		return dst
	}
	start := len(dst)
	dst = appendBigUnsorted(dst, new(big.Int).Set(n))
	tail := dst[start:]
	sort.Slice(tail, func(i, j int) bool { return tail[i].Cmp(tail[j]) < 0 })
	return dst
}

func appendBigUnsorted(dst []*big.Int, n *big.Int) []*big.Int {
	if n.IsUint64() {
		return AppendFactorsBig(dst, n)
	}
	if n.ProbablyPrime(0) {
		return append(dst, n)
	}
	d := rhoBig(n)
	dst = appendBigUnsorted(dst, d)
	return appendBigUnsorted(dst, new(big.Int).Quo(n, d))
}

func rhoBig(n *big.Int) *big.Int {
	if n.Bit(0) == 0 {
		return big.NewInt(2)
	}
	if r := new(big.Int).Sqrt(n); new(big.Int).Mul(r, r).Cmp(n) == 0 {
		return r
	}
	one := big.NewInt(1)
	for c := int64(1); ; c++ {
		x, y, d := big.NewInt(2), big.NewInt(2), big.NewInt(1)
		cc := big.NewInt(c)
		t := new(big.Int)
		for d.Cmp(one) == 0 {
			x.Mul(x, x).Add(x, cc).Mod(x, n)
			y.Mul(y, y).Add(y, cc).Mod(y, n)
			y.Mul(y, y).Add(y, cc).Mod(y, n)
			d.GCD(nil, nil, t.Sub(x, y).Abs(t), n)
		}
		if d.Cmp(n) != 0 {
			return d
		}
	}
}
