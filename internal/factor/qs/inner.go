package qs

import "encoding/binary"

// The sieve's innermost loops, as function values: the portable versions
// here, replaced at start-up by assembly versions on amd64 (see
// inner_amd64.go), with AVX2 on CPUs that have it. Both give the same
// results.
var (
	// sieveMedium sieves the block with the primes from index first on,
	// whose next cells are in next1 and next2, up to end, and leaves in
	// next1 and next2 the cells after the block.
	sieveMedium = sieveMediumGeneric
	// sieveSparse adds to the cells the logs of the primes from sparseFrom
	// up, none of which divides k, at every hit of their roots (a root of
	// noRoot, for a prime of A, hits none).
	sieveSparse = sieveSparseGeneric
	// moveRoots moves each root r of the prime q to r+delta mod q when
	// rise, else to r-delta mod q. Entries 0 and 1 (the sign and 2) are
	// left alone.
	moveRoots = moveRootsGeneric
	// scanHigh writes to out the indices of the cells of at least 128,
	// ascending, and returns how many it wrote and the index it stopped
	// at: len(cells), or earlier when out had fewer than 64 entries free.
	// len(out) must be at least 64.
	scanHigh = scanHighGeneric
	// rootHits writes to out, ascending, every j for which primes[j]
	// divides c+primes[j]-roots1[j] or c+primes[j]-roots2[j], given
	// invs[j] = primes[j]^-1 mod 2^32 and lims[j] = (2^32-1)/primes[j], and
	// returns how many it wrote: the primes with a root at cell c. All
	// slices are as long as primes, but out, which is at least as long.
	rootHits = rootHitsGeneric
	// bucketHits writes to out, ascending and as far as out has room, the
	// prime index e>>15 of every bucket entry e whose offset e&(blockSize-1)
	// is off, and returns how many it wrote.
	bucketHits = bucketHitsGeneric
)

func scanHighGeneric(cells []byte, out []uint16) (count, next int) {
	const high = 0x8080808080808080
	i := 0
	for ; i+8 <= len(cells) && count <= len(out)-64; i += 8 {
		if binary.LittleEndian.Uint64(cells[i:])&high == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if cells[k] >= 128 {
				out[count] = uint16(k)
				count++
			}
		}
	}
	for ; i < len(cells) && count < len(out); i++ {
		if cells[i] >= 128 {
			out[count] = uint16(i)
			count++
		}
	}
	return count, i
}

func rootHitsGeneric(c uint32, primes, roots1, roots2, invs, lims, out []uint32) int {
	roots1, roots2 = roots1[:len(primes)], roots2[:len(primes)]
	invs, lims = invs[:len(primes)], lims[:len(primes)]
	n := 0
	for j, p := range primes {
		t := c + p
		if (t-roots1[j])*invs[j] <= lims[j] || (t-roots2[j])*invs[j] <= lims[j] {
			out[n] = uint32(j)
			n++
		}
	}
	return n
}

func bucketHitsGeneric(entries []uint32, off uint32, out []uint32) int {
	n := 0
	for _, e := range entries {
		if e&(blockSize-1) == off && n < len(out) {
			out[n] = e >> 15
			n++
		}
	}
	return n
}

func sieveMediumGeneric(blk *[blockSize]byte, next1, next2, primes []uint32, logs []uint8, first int, end uint32) {
	next2, primes, logs = next2[:len(next1)], primes[:len(next1)], logs[:len(next1)]
	for j := first; j < len(next1); j++ {
		n1, n2 := next1[j], next2[j]
		if n1 == noRoot {
			continue
		}
		q, lg := primes[j], logs[j]
		if n1 == n2 { // a prime dividing k: one root
			for ; n1 < end; n1 += q {
				blk[n1&(blockSize-1)] += lg
			}
			next1[j], next2[j] = n1-blockSize, n1-blockSize
			continue
		}
		n1, n2 = sieveTwo(blk, min(n1, n2), max(n1, n2), q, end, lg)
		next1[j], next2[j] = n1-blockSize, n2-blockSize
	}
}

// sieveTwo adds lg at lo, hi, lo+q, hi+q, ... below end, for lo <= hi <
// lo+q, and returns the first cells past end.
func sieveTwo(blk *[blockSize]byte, lo, hi, q, end uint32, lg byte) (uint32, uint32) {
	for q2 := 2 * q; hi+q < end; lo, hi = lo+q2, hi+q2 {
		blk[lo&(blockSize-1)] += lg
		blk[hi&(blockSize-1)] += lg
		blk[(lo+q)&(blockSize-1)] += lg
		blk[(hi+q)&(blockSize-1)] += lg
	}
	for ; hi < end; lo, hi = lo+q, hi+q {
		blk[lo&(blockSize-1)] += lg
		blk[hi&(blockSize-1)] += lg
	}
	if lo < end {
		blk[lo&(blockSize-1)] += lg
		lo += q
	}
	return lo, hi
}

// sparseFrom is the smallest prime sieved over the whole interval at once
// (measured: 2048 beat 512, 1024, 4096, 8192 and 32768 at 160-200 bits).
const sparseFrom = blockSize / 16

func sieveSparseGeneric(cells []byte, roots1, roots2, primes []uint32, logs []uint8) {
	roots2, logs = roots2[:len(roots1)], logs[:len(roots1)]
	primes = primes[:len(roots1)]
	for j, q := range primes {
		lg := logs[j]
		for c := roots1[j]; int(c) < len(cells); c += q {
			cells[c] += lg
		}
		for c := roots2[j]; int(c) < len(cells); c += q {
			cells[c] += lg
		}
	}
}

func moveRootsGeneric(r1, r2, primes, deltas []uint32, rise bool) {
	r2, primes, deltas = r2[:len(r1)], primes[:len(r1)], deltas[:len(r1)]
	for j := 2; j < len(r1); j++ {
		a, b := step(r1[j], r2[j], primes[j], deltas[j], rise)
		r1[j], r2[j] = a, b
	}
}
