// Package factortest draws the numbers that tests of factoring need:
// random primes of a given size, from a seeded source.
package factortest

import (
	"math/big"
	"math/rand/v2"
)

// Prime returns a random prime of exactly bits bits (bits >= 2) drawn
// from rng.
func Prime(rng *rand.Rand, bits int) *big.Int {
	for {
		p := new(big.Int)
		for p.BitLen() < bits {
			p.Lsh(p, 64).Or(p, new(big.Int).SetUint64(rng.Uint64()))
		}
		p.Rsh(p, uint(p.BitLen()-bits)).SetBit(p, bits-1, 1)
		if p.ProbablyPrime(20) {
			return p
		}
	}
}
