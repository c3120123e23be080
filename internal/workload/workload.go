// Package workload generates the named batches that demo and bench run,
// deterministically: the same name and size always give the same numbers.
package workload

import "math/rand/v2"

// SeedStart is the first number of the seed's batch.
const SeedStart = 999999999999

// Seed returns the seed experiment's batch: count odd numbers upward from
// 999999999999.
func Seed(count int) []uint64 {
	nums := make([]uint64, count)
	for i := range nums {
		nums[i] = SeedStart + 2*uint64(i)
	}
	return nums
}

// Uniform64 returns count numbers drawn uniformly from [2, 2^64).
func Uniform64(count int) []uint64 {
	r := newRand(uniformStream)
	return fill(count, func() uint64 {
		for {
			if n := r.Uint64(); n >= 2 {
				return n
			}
		}
	})
}

// Random streams: each generator draws from its own fixed PCG stream.
const (
	uniformStream = iota + 1
	semiprimeStream
	skewedStream
)

// newRand returns the generator of a fixed stream.
func newRand(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(0x5eed, stream))
}

// fill returns count numbers drawn from next.
func fill(count int, next func() uint64) []uint64 {
	nums := make([]uint64, count)
	for i := range nums {
		nums[i] = next()
	}
	return nums
}
