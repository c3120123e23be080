package factor

import (
	"math"
	"math/bits"
)

// trialLimit bounds trial division: every prime below it is tried.
const trialLimit = 1 << 11

// trialPrime holds an odd prime p as its inverse mod 2^64 and one more than
// the largest quotient, floor((2^64-1)/p)+1: n is divisible by p exactly when
// n*inv < lim1, and then n*inv is the quotient. This replaces division by
// multiplication.
type trialPrime struct {
	inv, lim1 uint64
}

// trialBlock is how many primes are tested together, without branches.
const trialBlock = 8

var (
	// trialTable holds the odd primes below trialLimit in ascending order,
	// padded to whole blocks with entries that never divide.
	trialTable []trialPrime
	// trialPrimes holds the same primes as trialTable.
	trialPrimes []uint64
)

func init() {
	var composite [trialLimit]bool
	for p := uint64(3); p < trialLimit; p += 2 {
		if composite[p] {
			continue
		}
		for q := p * p; q < trialLimit; q += 2 * p {
			composite[q] = true
		}
		inv := p
		for range 5 {
			inv *= 2 - p*inv
		}
		trialTable = append(trialTable, trialPrime{inv: inv, lim1: math.MaxUint64/p + 1})
		trialPrimes = append(trialPrimes, p)
	}
	for len(trialTable)%trialBlock != 0 {
		trialTable = append(trialTable, trialPrime{inv: 1, lim1: 0})
		trialPrimes = append(trialPrimes, math.MaxUint32)
	}
}

// trialDivide appends the prime factors of the odd n below trialLimit and
// returns the extended slice with the cofactor, which is 1, a prime, or a
// composite whose prime factors are all at least trialLimit.
// A cofactor below trialLimit^2 is prime.
func trialDivide(dst []uint64, n uint64) ([]uint64, uint64) {
	for i := 0; i < len(trialTable); i += trialBlock {
		if p := trialPrimes[i]; p*p > n {
			break
		}
		blk := (*[trialBlock]trialPrime)(trialTable[i:])
		// The borrow of n*inv - lim1 is 1 exactly when p divides n.
		var hits uint64
		for j := range blk {
			_, b := bits.Sub64(n*blk[j].inv, blk[j].lim1, 0)
			hits |= b
		}
		if hits == 0 {
			continue
		}
		for j := range blk {
			for n*blk[j].inv < blk[j].lim1 {
				dst = append(dst, trialPrimes[i+j])
				n *= blk[j].inv
			}
		}
	}
	return dst, n
}
