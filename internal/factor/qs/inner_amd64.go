package qs

import "golang.org/x/sys/cpu"

func init() {
	sieveMedium, sieveSparse = sieveMediumAsm, sieveSparseAsm
	if cpu.X86.HasAVX2 {
		scanHigh, rootHits, bucketHits = scanHighWide, rootHitsWide, bucketHitsWide
		moveRoots = moveRootsWide
	}
}

// scanHighWide is scanHigh with AVX2, 64 cells a turn.
func scanHighWide(cells []byte, out []uint16) (count, next int) {
	count, next = scanHighAVX2(cells[:len(cells)&^63], out)
	if next < len(cells)&^63 {
		return count, next
	}
	c, n := scanHighGeneric(cells[next:], out[count:])
	for i := range out[count : count+c] {
		out[count+i] += uint16(next)
	}
	return count + c, next + n
}

// rootHitsWide is rootHits with AVX2, eight primes a turn.
func rootHitsWide(c uint32, primes, roots1, roots2, invs, lims, out []uint32) int {
	k := len(primes) &^ 7
	n := rootHitsAVX2(c, primes[:k], roots1, roots2, invs, lims, out)
	m := rootHitsGeneric(c, primes[k:], roots1[k:], roots2[k:], invs[k:], lims[k:], out[n:])
	for i := range out[n : n+m] {
		out[n+i] += uint32(k)
	}
	return n + m
}

// scanHighAVX2 is scanHighGeneric for len(cells) a multiple of 64.
//
//go:noescape
func scanHighAVX2(cells []byte, out []uint16) (count, next int)

// rootHitsAVX2 is rootHitsGeneric for len(primes) a multiple of 8.
//
//go:noescape
func rootHitsAVX2(c uint32, primes, roots1, roots2, invs, lims, out []uint32) int

// bucketHitsWide is bucketHits with AVX2, eight entries a turn.
func bucketHitsWide(entries []uint32, off uint32, out []uint32) int {
	k := len(entries) &^ 7
	n := bucketHitsAVX2(entries[:k], off, out)
	return n + bucketHitsGeneric(entries[k:], off, out[n:])
}

// bucketHitsAVX2 is bucketHitsGeneric for len(entries) a multiple of 8.
//
//go:noescape
func bucketHitsAVX2(entries []uint32, off uint32, out []uint32) int

// sieveMediumAsm is sieveMediumGeneric with the additions to the block
// done by single read-modify-write instructions.
//
//go:noescape
func sieveMediumAsm(blk *[blockSize]byte, next1, next2, primes []uint32, logs []uint8, first int, end uint32)

// sieveSparseAsm is sieveSparseGeneric with single read-modify-write
// additions.
//
//go:noescape
func sieveSparseAsm(cells []byte, roots1, roots2, primes []uint32, logs []uint8)

// moveRootsWide is moveRoots with AVX2, eight primes a turn.
func moveRootsWide(r1, r2, primes, deltas []uint32, rise bool) {
	if len(r1) <= 2 {
		return
	}
	k := 2 + (len(r1)-2)&^7
	moveRootsAVX2(r1[2:k], r2[2:k], primes[2:k], deltas[2:k], rise)
	moveRootsGeneric(r1[k-2:], r2[k-2:], primes[k-2:], deltas[k-2:], rise)
}

// moveRootsAVX2 is moveRootsGeneric from entry 0 on, for a length that is
// a multiple of 8.
//
//go:noescape
func moveRootsAVX2(r1, r2, primes, deltas []uint32, rise bool)
