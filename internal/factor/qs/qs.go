package qs

import (
	"errors"
	"fmt"
	"math/big"
)

// ErrStopped is returned by Factor when its stop function said to stop.
var ErrStopped = errors.New("qs: stopped")

// ErrExhausted is returned by Factor when it ran out of polynomials before
// it found a factor, which only a tiny factor base makes possible.
var ErrExhausted = errors.New("no polynomials left")

// Factor returns a proper factor of the odd composite n, which must not be
// a perfect power, sieving in the calling goroutine. It polls stop (which
// may be nil) between polynomials and returns ErrStopped when it says so.
func Factor(n *big.Int, stop func() bool) (*big.Int, error) {
	plan, d, err := NewPlan(n)
	if err != nil || d != nil {
		return d, err
	}
	sieve, families, col := plan.NewSieve(), plan.NewFamilies(1), plan.NewCollector()
	defer sieve.release()
	done := func() bool { return col.Ready() || stop != nil && stop() }
	for {
		idx, ok := families.Next()
		if !ok {
			return nil, fmt.Errorf("qs: %v: %w", n, ErrExhausted)
		}
		sieve.Family(idx, col.Add, done)
		if stop != nil && stop() {
			return nil, ErrStopped
		}
		if !col.Ready() {
			continue
		}
		if d := col.Factor(); d != nil {
			return d, nil
		}
		col.More()
	}
}
