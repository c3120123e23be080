package factor

import "math"

// trialLimit64 bounds trial division: every prime below it is tried.
const trialLimit64 = 1 << 11

// trialPrime64 holds an odd prime p as its inverse mod 2^64 and one more than
// the largest quotient, floor((2^64-1)/p)+1: n is divisible by p exactly when
// n*inv < lim1, and then n*inv is the quotient. This replaces division by
// multiplication.
type trialPrime64 struct {
	inv, lim1 uint64
}

// trialBlock64 is how many primes are tested between checks of whether the
// next prime's square exceeds n; trialDivide64 writes the eight tests out.
const trialBlock64 = 8

var (
	// trialTable64 holds the odd primes below trialLimit64 in ascending order,
	// padded to whole blocks with entries that never divide.
	trialTable64 []trialPrime64
	// trialPrimes64 holds the same primes as trialTable64.
	trialPrimes64 []uint64
)

func init() {
	var composite [trialLimit64]bool
	for p := uint64(3); p < trialLimit64; p += 2 {
		if composite[p] {
			continue
		}
		for q := p * p; q < trialLimit64; q += 2 * p {
			composite[q] = true
		}
		inv := p
		for range 5 {
			inv *= 2 - p*inv
		}
		trialTable64 = append(trialTable64, trialPrime64{inv: inv, lim1: math.MaxUint64/p + 1})
		trialPrimes64 = append(trialPrimes64, p)
	}
	for len(trialTable64)%trialBlock64 != 0 {
		trialTable64 = append(trialTable64, trialPrime64{inv: 1, lim1: 0})
		trialPrimes64 = append(trialPrimes64, math.MaxUint32)
	}
}

// trialDivide64 appends the prime factors of the odd n below trialLimit64 and
// returns the extended slice with the cofactor, which is 1, a prime, or a
// composite whose prime factors are all at least trialLimit64.
// A cofactor below trialLimit64^2 is prime.
func trialDivide64(dst []uint64, n uint64) ([]uint64, uint64) {
	for i := 0; i < len(trialTable64); i += trialBlock64 {
		if p := trialPrimes64[i]; p*p > n {
			break
		}
		blk := (*[trialBlock64]trialPrime64)(trialTable64[i:])
		// Written out: Go does not unroll loops. Each test is a multiply and
		// a compare; the branches almost never go the other way.
		if n*blk[0].inv >= blk[0].lim1 && n*blk[1].inv >= blk[1].lim1 &&
			n*blk[2].inv >= blk[2].lim1 && n*blk[3].inv >= blk[3].lim1 &&
			n*blk[4].inv >= blk[4].lim1 && n*blk[5].inv >= blk[5].lim1 &&
			n*blk[6].inv >= blk[6].lim1 && n*blk[7].inv >= blk[7].lim1 {
			continue
		}
		for j := range blk {
			for n*blk[j].inv < blk[j].lim1 {
				dst = append(dst, trialPrimes64[i+j])
				n *= blk[j].inv
			}
		}
	}
	return dst, n
}
