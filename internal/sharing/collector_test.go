package sharing

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/factor/factortest"
	"github.com/actorfactor/actorfactor/internal/factor/qs"
)

func TestACollectorWhoseWorkersFindNothingFactorsItsComposite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p, q := factortest.Prime(rng, 66), factortest.Prime(rng, 66)
	c := NewCollector(new(big.Int).Mul(p, q), factor.Effort{}, nil)
	require.Nil(t, c.Start(), "a 132-bit semiprime needs the sieve")
	assert.Equal(t, Gathering, c.Phase())
	for range maxBarren - 1 {
		require.Nil(t, c.Add(nil, nil))
	}
	split := c.Add(nil, nil)
	require.NotNil(t, split, "the workers' families have run out")
	assert.ElementsMatch(t, []*big.Int{p, q}, split.Primes)
	assert.Empty(t, split.Composites)
}

func TestACollectorSplitsWithAFactorAWorkerFound(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	p, q, r := factortest.Prime(rng, 66), factortest.Prime(rng, 66), factortest.Prime(rng, 140)
	c := NewCollector(new(big.Int).Mul(new(big.Int).Mul(p, q), r), factor.Effort{ShareFrom: 129}, nil)
	require.Nil(t, c.Start())
	split := c.Add(nil, r)
	require.NotNil(t, split)
	assert.Equal(t, []*big.Int{r}, split.Primes)
	assert.Equal(t, []*big.Int{new(big.Int).Mul(p, q)}, split.Composites, "a part that needs the sieve is shared again")
}

func TestACollectorGathersRelationsUntilItsMatrixSplitsTheComposite(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p, q := factortest.Prime(rng, 50), factortest.Prime(rng, 50)
	n := new(big.Int).Mul(p, q)
	c := NewCollector(n, factor.Effort{}, nil)
	require.Nil(t, c.Start())
	sieve := newTestSieve(t, n)
	for seed := uint64(0); c.Phase() != Matrix; seed++ {
		require.Less(t, seed, uint64(10000), "the sieve never gave enough relations")
		require.Nil(t, c.Add(sieve(seed), nil))
	}
	split := c.Solve()
	for split == nil {
		assert.Equal(t, NearlyDone, c.Phase())
		for c.Phase() != Matrix {
			require.Nil(t, c.Add(sieve(uint64(rng.Uint32())), nil))
		}
		split = c.Solve()
	}
	assert.ElementsMatch(t, []*big.Int{p, q}, split.Primes)
}

// newTestSieve returns a function that sieves one polynomial family of
// n's plan, drawn from a seed, as a worker does.
func newTestSieve(t *testing.T, n *big.Int) func(seed uint64) []qs.Relation {
	t.Helper()
	plan, d, err := qs.NewPlan(n)
	require.NoError(t, err)
	require.Nil(t, d)
	sieve := plan.NewSieve()
	return func(seed uint64) []qs.Relation {
		var found []qs.Relation
		if idx, ok := plan.NewFamilies(seed).Next(); ok {
			sieve.Family(idx, func(r qs.Relation) { found = append(found, r) }, func() bool { return false })
		}
		return found
	}
}
