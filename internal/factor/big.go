package factor

import (
	"math/big"
	"slices"
)

// AppendFactorsBig appends the prime factors of n (n >= 0, any size) to dst
// in ascending order, each repeated by its multiplicity, and returns the
// extended slice; 0 and 1 have none. Numbers below 2^64 go to AppendFactors,
// numbers below 2^128 to two-limb arithmetic, larger ones to math/big.
// Every factor is a probable prime by the Baillie-PSW test.
func AppendFactorsBig(dst []*big.Int, n *big.Int) []*big.Int {
	if n.Sign() <= 0 {
		return dst
	}
	start := len(dst)
	switch {
	case n.IsUint64():
		dst = appendUint64s(dst, n.Uint64())
	case n.BitLen() <= 128:
		dst = appendFactors128(dst, u128From(n))
	default:
		dst = appendFactorsHuge(dst, new(big.Int).Set(n))
	}
	slices.SortFunc(dst[start:], func(a, b *big.Int) int { return a.Cmp(b) })
	return dst
}

// appendFactorsHuge appends the prime factors of n >= 2^128 in no
// particular order; n is consumed.
func appendFactorsHuge(dst []*big.Int, n *big.Int) []*big.Int {
	dst = appendSmallFactorsBig(dst, n)
	return appendRoughBig(dst, n)
}

// appendRoughBig appends the prime factors of n >= 1, which has no prime
// factor below trialBoundBig.
func appendRoughBig(dst []*big.Int, n *big.Int) []*big.Int {
	switch {
	case n.Cmp(bigOne) == 0:
		return dst
	case n.BitLen() <= 128:
		return appendRough128(dst, u128From(n))
	case n.ProbablyPrime(0):
		return append(dst, n)
	}
	if root, k := perfectPowerBig(n); k > 1 {
		var rootFactors []*big.Int
		rootFactors = appendRoughBig(rootFactors, root)
		for range k {
			for _, f := range rootFactors {
				dst = append(dst, new(big.Int).Set(f))
			}
		}
		return dst
	}
	d := findFactorBig(n)
	q := new(big.Int).Quo(n, d)
	dst = appendRoughBig(dst, d)
	return appendRoughBig(dst, q)
}

var bigOne = big.NewInt(1)
