package factor

import "sync/atomic"

// SmallLimit bounds the numbers the factor table covers, and those that
// NoteSmall counts.
const SmallLimit = 1 << 24

// smallPrimes is how many odd primes the factor table names: 3 to 1613.
const smallPrimes = 254

// smallTable has one byte per odd number below SmallLimit, 2i+1 at byte i:
// 0 when the number is prime, else k (1 <= k <= smallPrimes) when its
// smallest prime factor is the k-th odd prime, or smallPrimes+1 when that
// factor is larger: 8 MiB.
type smallTable [SmallLimit / 2]uint8

// smallWorth is how many numbers below SmallLimit a batch factors before the
// factor table is built: the build (7 ms on one core) costs about as much as
// trial division of 100,000 numbers near SmallLimit.
const smallWorth = 1 << 17

var (
	// factorTable is the factor table once built, else nil.
	factorTable atomic.Pointer[smallTable]
	// smallSeen counts the numbers below SmallLimit reported by NoteSmall.
	smallSeen atomic.Int64
	// tableClaimed is set by the caller that builds the table.
	tableClaimed atomic.Bool
)

// NoteSmall tells the kernel that count more numbers below SmallLimit were
// factored. Once the process has factored enough of them, in one batch or
// over many (the count is the process's, never reset), the caller that
// crosses the mark builds a table of their smallest prime factors (8 MiB, 7 ms) that
// AppendFactors looks them up in instead of trial division; callers at the
// same time go on without it. Once the table is built, a call costs an
// atomic load.
func NoteSmall(count int) {
	if count == 0 || factorTable.Load() != nil {
		return
	}
	if smallSeen.Add(int64(count)) >= smallWorth && tableClaimed.CompareAndSwap(false, true) {
		factorTable.Store(sieveFactorTable())
	}
}

// sieveSegment is how many bytes of the table are sieved at a time:
// 32 KiB, which stays in the L1 cache.
const sieveSegment = 1 << 15

// sieveFactorTable returns the factor table, sieved a segment at a time.
func sieveFactorTable() *smallTable {
	t := new(smallTable)
	primes := oddPrimesBelow(1 << 12) // up to sqrt(SmallLimit)
	next := make([]uint64, len(primes))
	for k, p := range primes {
		next[k] = p * p >> 1 // the byte of p^2, the first multiple to strike
	}
	for lo := uint64(0); lo < SmallLimit/2; lo += sieveSegment {
		hi := lo + sieveSegment
		for k := len(primes) - 1; k >= 0; k-- { // the smallest factor strikes last
			p, j := primes[k], next[k]
			mark := uint8(min(k+1, smallPrimes+1))
			for ; j < hi; j += p {
				t[j] = mark
			}
			next[k] = j
		}
	}
	return t
}

// appendSmallOdd appends the prime factors of the odd n below SmallLimit,
// looking each cofactor's smallest prime factor up in t.
func appendSmallOdd(dst []uint64, n uint64, t *smallTable) []uint64 {
	for n > 1 {
		k := t[n>>1]
		if k == 0 {
			return append(dst, n)
		}
		if k > smallPrimes {
			break
		}
		dst = append(dst, trialPrimes64[k-1])
		n *= trialTable64[k-1].inv
	}
	if n == 1 {
		return dst
	}
	// Two primes above the last the table names (three would exceed
	// SmallLimit): the smaller by trial division below trialLimit64, or
	// both above it.
	for k := smallPrimes; trialPrimes64[k] < trialLimit64; k++ {
		if q := n * trialTable64[k].inv; q < trialTable64[k].lim1 {
			return append(dst, trialPrimes64[k], q)
		}
	}
	return appendLarge64(dst, n)
}
