// Package modular holds the modular-arithmetic helpers that the factoring
// kernel and its quadratic sieve share.
package modular

import (
	"math/big"
	"math/bits"
)

// Jacobi returns the Jacobi symbol (a/n) for odd n.
func Jacobi(a, n uint64) int {
	sign := 1
	a %= n
	for a != 0 {
		for a&1 == 0 {
			a >>= 1
			if r := n & 7; r == 3 || r == 5 {
				sign = -sign
			}
		}
		a, n = n, a
		if a&3 == 3 && n&3 == 3 {
			sign = -sign
		}
		a %= n
	}
	if n == 1 {
		return sign
	}
	return 0
}

// Rem returns the number whose little-endian words are words (a
// big.Int's Bits) mod m > 0, without allocating.
func Rem(words []big.Word, m uint64) uint64 {
	var r uint64
	for i := len(words) - 1; i >= 0; i-- {
		_, r = bits.Div64(r, uint64(words[i]), m)
	}
	return r
}
