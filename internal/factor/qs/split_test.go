package qs

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProbablePrimeAgreesWithMathBig(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(9, 9))
	for range 20000 {
		n := rng.Uint64N(1<<62) | 1
		if n < 3 {
			continue
		}
		assert.Equal(t, new(big.Int).SetUint64(n).ProbablyPrime(10), probablePrime(n), "%d", n)
	}
}

func TestSplitCompositeFindsAFactor(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(10, 10))
	primes := primesUpTo(1 << 22)
	for range 500 {
		p := uint64(primes[1000+rng.IntN(len(primes)-1000)])
		q := uint64(primes[1000+rng.IntN(len(primes)-1000)])
		d := splitComposite(p*q, 1<<20)
		require.NotZero(t, d, "%d*%d", p, q)
		assert.True(t, d == p || d == q, "%d*%d: %d", p, q, d)
	}
}
