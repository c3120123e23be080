package workload

import (
	"math/bits"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/factor"
)

func TestGeneratorsAreDeterministicAndSized(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			gen, err := ByName(name)
			require.NoError(t, err)
			for _, count := range []int{0, 1, 500} {
				first := gen(count)
				assert.Len(t, first, count)
				assert.Equal(t, first, gen(count), "same count, same batch")
				for _, n := range first {
					assert.GreaterOrEqual(t, n, uint64(2))
				}
			}
			assert.Equal(t, gen(10), gen(20)[:10], "a longer batch extends a shorter one")
		})
	}
}

func TestGeneratorsDiffer(t *testing.T) {
	var batches [][]uint64
	for _, name := range Names() {
		gen, err := ByName(name)
		require.NoError(t, err)
		batch := gen(50)
		for _, other := range batches {
			assert.NotEqual(t, other, batch, name)
		}
		batches = append(batches, batch)
	}
}

// assertSemiprime32 checks that n is the product of two 32-bit primes.
func assertSemiprime32(t *testing.T, n uint64) {
	t.Helper()
	factors := factor.AppendFactors(nil, n)
	require.Len(t, factors, 2, "%d", n)
	for _, p := range factors {
		assert.True(t, factor.IsPrime(p), "%d", p)
		assert.Equal(t, 32, bits.Len64(p), "%d of %d", p, n)
	}
}

func TestSemiprime64IsTwo32BitPrimes(t *testing.T) {
	for _, n := range Semiprime64(200) {
		assertSemiprime32(t, n)
	}
}

func TestSkewedIsMostlyEasy(t *testing.T) {
	const count = 20000
	hard := 0
	for _, n := range Skewed(count) {
		if n >= 1<<32 {
			hard++
			assertSemiprime32(t, n)
		}
	}
	assert.InDelta(t, count/HardShare, hard, count/HardShare/2)
}

func TestSeedIsOddFromSeedStart(t *testing.T) {
	batch := Seed(4)
	assert.Equal(t, []uint64{SeedStart, SeedStart + 2, SeedStart + 4, SeedStart + 6}, batch)
}

func TestByNameUnknown(t *testing.T) {
	_, err := ByName("nope")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnknown)
	assert.Contains(t, err.Error(), `"nope"`)
	assert.True(t, slices.Contains(Names(), "seed"))
}
