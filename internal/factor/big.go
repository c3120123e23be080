package factor

import (
	"errors"
	"math/big"
	"slices"
	"time"
)

// ErrGaveUp is returned by AppendFactorsBigBefore when its deadline
// passed before the number was factored.
var ErrGaveUp = errors.New("deadline passed")

// AppendFactorsBig appends the prime factors of n (n >= 0, any size) to dst
// in ascending order, each repeated by its multiplicity, and returns the
// extended slice; 0 and 1 have none. Numbers below 2^64 go to AppendFactors,
// numbers below 2^128 to two-limb arithmetic, larger ones to math/big.
// Every factor is a probable prime by the Baillie-PSW test.
func AppendFactorsBig(dst []*big.Int, n *big.Int) []*big.Int {
	dst, _ = AppendFactorsBigBefore(dst, n, time.Time{})
	return dst
}

// AppendFactorsBigBefore is AppendFactorsBig with an effort bound: the
// search for factors stops at the next elliptic curve after deadline (the
// zero time: never), and returns dst unchanged with ErrGaveUp.
func AppendFactorsBigBefore(dst []*big.Int, n *big.Int, deadline time.Time) (out []*big.Int, err error) {
	if n.Sign() <= 0 {
		return dst, nil
	}
	start := len(dst)
	defer func() {
		if r := recover(); r != nil {
			if r != errGaveUp {
				panic(r)
			}
			out, err = dst[:start], ErrGaveUp
		}
	}()
	switch {
	case n.IsUint64():
		dst = appendUint64s(dst, n.Uint64())
	case n.BitLen() <= 128:
		dst = appendFactors128(dst, u128From(n), deadline)
	default:
		dst = appendFactorsHuge(dst, new(big.Int).Set(n), deadline)
	}
	slices.SortFunc(dst[start:], func(a, b *big.Int) int { return a.Cmp(b) })
	return dst, nil
}

// errGaveUp unwinds a factorization whose deadline passed, from the ECM
// loop up to AppendFactorsBigBefore.
var errGaveUp = errors.New("gave up")

// appendFactorsHuge appends the prime factors of n >= 2^128 in no
// particular order; n is consumed.
func appendFactorsHuge(dst []*big.Int, n *big.Int, deadline time.Time) []*big.Int {
	dst = appendSmallFactorsBig(dst, n)
	return appendRoughBig(dst, n, deadline)
}

// appendRoughBig appends the prime factors of n >= 1, which has no prime
// factor below trialBoundBig.
func appendRoughBig(dst []*big.Int, n *big.Int, deadline time.Time) []*big.Int {
	switch {
	case n.Cmp(bigOne) == 0:
		return dst
	case n.BitLen() <= 128:
		return appendRough128(dst, u128From(n), deadline)
	case n.ProbablyPrime(0):
		return append(dst, n)
	}
	if root, k := perfectPowerBig(n); k > 1 {
		var rootFactors []*big.Int
		rootFactors = appendRoughBig(rootFactors, root, deadline)
		for range k {
			for _, f := range rootFactors {
				dst = append(dst, new(big.Int).Set(f))
			}
		}
		return dst
	}
	d := findFactorBig(n, deadline)
	q := new(big.Int).Quo(n, d)
	dst = appendRoughBig(dst, d, deadline)
	return appendRoughBig(dst, q, deadline)
}

var bigOne = big.NewInt(1)
