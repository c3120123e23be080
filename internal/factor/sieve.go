package factor

import (
	"errors"
	"math"
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor/qs"
)

// sieveMaxBits bounds the numbers handed to the quadratic sieve; above it
// the sieve would take days, and ECM, which finds factors of any size
// with some luck, runs alone.
const sieveMaxBits = 330

// pretestMinBits is the size from which ECM looks for factors before the
// sieve: below it the sieve takes a few milliseconds, and rho has already
// looked for the smaller factors.
const pretestMinBits = 120

// sieveEstimate is about how long the quadratic sieve takes on one core
// for a number of the given size: 0.75 ms at 90 bits, doubling every 10
// bits (measured on balanced semiprimes of 140-240 bits: 35 ms, 0.1 s,
// 0.4 s, 1.5 s, 6.5 s and 25 s at 140, 160, 180, 200, 220 and 240 bits).
func sieveEstimate(bits int) time.Duration {
	return time.Duration(float64(750*time.Microsecond) * math.Exp2(float64(bits-90)/10))
}

// pretestShare is the part of the sieve's expected time that ECM gets
// first: numbers with a factor that ECM finds in that time are split
// faster than by the sieve, and balanced semiprimes lose little.
const pretestShare = 0.05

// PretestBudget is how long ECM looks for a factor of a composite of the
// given size before the quadratic sieve: pretestShare of the sieve's
// expected time from pretestMinBits, none below.
func PretestBudget(bits int) time.Duration {
	if bits < pretestMinBits {
		return 0
	}
	return time.Duration(pretestShare * float64(sieveEstimate(bits)))
}

// sieveFactor returns a proper factor of the odd composite n, free of small
// factors and not a perfect power, of at most sieveMaxBits: a short ECM
// pretest on m, then the self-initializing quadratic sieve. Once deadline
// (not the zero time) has passed it panics with errGaveUp.
func sieveFactor[E any, A modArith[E]](m A, n *big.Int, deadline time.Time) *big.Int {
	if budget := PretestBudget(n.BitLen()); budget > 0 {
		if d, ok := ecmUntil[E](m, time.Now().Add(budget), deadline); ok {
			return d
		}
	}
	stop := func() bool { return !deadline.IsZero() && time.Now().After(deadline) }
	d, err := qs.Factor(n, stop)
	switch {
	case errors.Is(err, qs.ErrStopped):
		panic(errGaveUp)
	case err != nil: // out of polynomials: ECM finds the factor in the end
		return ecmFactor[E](m, deadline)
	}
	return d
}
