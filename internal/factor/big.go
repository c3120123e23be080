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
// search for factors stops at the next elliptic curve or polynomial after
// deadline (the zero time: never), and returns dst unchanged with
// ErrGaveUp.
func AppendFactorsBigBefore(dst []*big.Int, n *big.Int, deadline time.Time) ([]*big.Int, error) {
	dst, _, err := AppendFactorsBigWith(dst, n, Effort{Deadline: deadline})
	return dst, err
}

// Effort bounds and shares the work of AppendFactorsBigWith.
type Effort struct {
	// Deadline, unless it is the zero time, is when the search gives up.
	Deadline time.Time
	// ShareFrom, when not 0, is the size in bits from which a composite
	// that needs the quadratic sieve is not sieved here, nor given the
	// sieve's ECM pretest, but returned, for many workers to sieve
	// together. Composites of 128 bits or less, which take milliseconds,
	// are always factored.
	ShareFrom int
}

// AppendFactorsBigWith is AppendFactorsBig within effort e. The prime
// factors it finds are appended to dst, in ascending order; the composites
// it leaves for a shared sieve are returned in shared, and their prime
// factors are missing from dst. Once e.Deadline passes it returns dst
// unchanged with ErrGaveUp.
func AppendFactorsBigWith(dst []*big.Int, n *big.Int, e Effort) (out, shared []*big.Int, err error) {
	if n.Sign() <= 0 {
		return dst, nil, nil
	}
	start := len(dst)
	defer func() {
		if r := recover(); r != nil {
			if r != errGaveUp {
				panic(r)
			}
			out, shared, err = dst[:start], nil, ErrGaveUp
		}
	}()
	s := &search{Effort: e}
	switch {
	case n.IsUint64():
		dst = appendUint64s(dst, n.Uint64())
	case n.BitLen() <= 128:
		dst = appendFactors128(dst, u128From(n), e.Deadline)
	default:
		dst = appendFactorsHuge(dst, new(big.Int).Set(n), s)
	}
	slices.SortFunc(dst[start:], func(a, b *big.Int) int { return a.Cmp(b) })
	return dst, s.shared, nil
}

// search is the state of one AppendFactorsBigWith: its effort, and the
// composites left for a shared sieve so far.
type search struct {
	Effort
	shared []*big.Int
}

// shares reports whether the composite n, about to be sieved, is left for
// a shared sieve.
func (s *search) shares(n *big.Int) bool {
	return s.ShareFrom > 0 && n.BitLen() >= max(s.ShareFrom, 129)
}

// errGaveUp unwinds a factorization whose deadline passed, from the ECM
// loop up to AppendFactorsBigBefore.
var errGaveUp = errors.New("gave up")

// appendFactorsHuge appends the prime factors of n >= 2^128 in no
// particular order; n is consumed.
func appendFactorsHuge(dst []*big.Int, n *big.Int, s *search) []*big.Int {
	dst = appendSmallFactorsBig(dst, n)
	return appendRoughBig(dst, n, s)
}

// appendRoughBig appends the prime factors of n >= 1, which has no prime
// factor below trialBoundBig, or records in s the composites it leaves
// for a shared sieve.
func appendRoughBig(dst []*big.Int, n *big.Int, s *search) []*big.Int {
	switch {
	case n.Cmp(bigOne) == 0:
		return dst
	case n.BitLen() <= 128:
		return appendRough128(dst, u128From(n), s.Deadline)
	case n.ProbablyPrime(0):
		return append(dst, n)
	}
	if root, k := perfectPowerBig(n); k > 1 {
		shared := len(s.shared)
		var rootFactors []*big.Int
		rootFactors = appendRoughBig(rootFactors, root, s)
		for range k {
			for _, f := range rootFactors {
				dst = append(dst, new(big.Int).Set(f))
			}
		}
		for range k - 1 {
			s.shared = append(s.shared, s.shared[shared:]...)
		}
		return dst
	}
	d := findFactorBig(n, s)
	if d == nil {
		s.shared = append(s.shared, n)
		return dst
	}
	q := new(big.Int).Quo(n, d)
	dst = appendRoughBig(dst, d, s)
	return appendRoughBig(dst, q, s)
}

var bigOne = big.NewInt(1)
