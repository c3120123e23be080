package workload

// HardShare is the share of Skewed's numbers that are 64-bit semiprimes:
// one in HardShare.
const HardShare = 100

// Skewed returns count numbers of very uneven cost: mostly easy numbers
// drawn uniformly from [2, 2^32), and about one in HardShare a product of
// two 32-bit primes that costs a thousand times more. It punishes chunkings
// and routers that cannot balance uneven chunks.
func Skewed(count int) []uint64 {
	r := newRand(skewedStream)
	return fill(count, func() uint64 {
		if r.IntN(HardShare) == 0 {
			return semiprime(r)
		}
		return 2 + r.Uint64N(1<<32-2)
	})
}
