// Package workload generates the named batches that demo and bench run,
// deterministically: the same name and size always give the same numbers.
package workload

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
