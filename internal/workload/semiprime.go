package workload

import (
	"math/rand/v2"

	"github.com/actorfactor/actorfactor/internal/factor"
)

// Semiprime64 returns count products of two random 32-bit primes: 63- or
// 64-bit numbers with no small factor, the kernel's hardest case.
func Semiprime64(count int) []uint64 {
	r := newRand(semiprimeStream)
	return fill(count, func() uint64 { return semiprime(r) })
}

// semiprime draws the product of two random 32-bit primes.
func semiprime(r *rand.Rand) uint64 {
	return prime32(r) * prime32(r)
}

// prime32 draws a random prime of exactly 32 bits.
func prime32(r *rand.Rand) uint64 {
	for {
		if p := uint64(r.Uint32()) | 1<<31 | 1; factor.IsPrime(p) {
			return p
		}
	}
}
