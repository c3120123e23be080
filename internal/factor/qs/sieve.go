package qs

import (
	"math/big"
	"math/bits"
	"slices"
	"sync"
)

// Relation records that X^2 = A*Q(x) (mod n) where A*Q(x) is the product of
// the primes of Columns (column 0 is the sign -1) and of Large.
type Relation struct {
	X       *big.Int // A*x + B
	Columns []uint32 // factor-base indices of the prime factors, repeated by multiplicity
	// Large is 1 for a full relation, else the large prime, or with the
	// double large prime variation the product of two.
	Large uint64
	// Split holds the two primes of a Large that is their product, when
	// known (a Sieve had to split it), so that the Collector need not
	// split it again; zero otherwise.
	Split [2]uint64
}

// Sieve turns families of polynomials into relations. It owns its buffers:
// use one Sieve per goroutine.
type Sieve struct {
	plan   *Plan
	buf    *blockBuffers
	cells  []byte   // the interval's cells, from buf
	root1  []uint32 // per base prime, the sieve offsets x+M of the roots of Q mod p
	root2  []uint32
	deltas []uint32 // deltas[l*len(primes)+j] = 2*B_l/A mod primes[j]
	offset []uint32 // M mod p
	next1  []uint32 // the sieve's next cell per root, relative to its block
	next2  []uint32
	// buckets holds the hits of the primes above the interval, block
	// after block: those of block k are the first fill[k] of the bucketCap
	// entries from k*bucketCap (see bucket).
	buckets   []uint32
	bucketCap int
	fill      [maxBlocks]uint32
	spare     uint32 // the bucket after the last block's, for hits past the interval

	cols  []uint32              // scratch for a relation's columns
	found [maxCandidates]uint16 // scratch for a block's candidates
	hits  []uint32              // scratch for a candidate's sieved primes up to the interval

	// Per polynomial: Q(x) = (A x + 2B) x + C.
	fam             *family
	inA             []bool
	b, c            big.Int
	wa, wb, wb2, wc wide
}

// noRoot marks a base prime that divides A: it is not sieved.
const noRoot = ^uint32(0)

// NewSieve returns a sieve for the plan.
func (p *Plan) NewSieve() *Sieve {
	np := len(p.primes)
	blocks := (2*p.halfWidth + blockSize - 1) / blockSize
	// A prime above the interval hits it at most once a root.
	bucketCap := 2 * (np - p.firstLarge)
	s := &Sieve{
		plan:      p,
		buf:       blockPool.Get().(*blockBuffers),
		buckets:   make([]uint32, (blocks+1)*bucketCap),
		bucketCap: bucketCap,
		spare:     uint32(blocks),
		next1:     make([]uint32, np),
		next2:     make([]uint32, np),
		root1:     make([]uint32, np),
		root2:     make([]uint32, np),
		deltas:    make([]uint32, p.aPrimes*np),
		offset:    make([]uint32, np),
		inA:       make([]bool, np),
		hits:      make([]uint32, np),
	}
	for j := 2; j < np; j++ {
		s.offset[j] = uint32(p.halfWidth % int(p.primes[j]))
	}
	if s.buf.init != p.sieveInit {
		s.buf.blank[0] = p.sieveInit
		for k := 1; k < len(s.buf.blank); k *= 2 {
			copy(s.buf.blank[k:], s.buf.blank[:k])
		}
		s.buf.init = p.sieveInit
	}
	if cap(s.buf.cells) < blocks*blockSize {
		s.buf.cells = make([]byte, blocks*blockSize)
	}
	s.cells = s.buf.cells[:blocks*blockSize]
	return s
}

// blockBuffers are a sieve's buffers: cells holds the interval, a whole
// number of blocks; blank is a block at the start value init (0: not yet
// filled).
type blockBuffers struct {
	cells []byte
	blank [blockSize]byte
	init  uint8
}

// blockPool keeps the buffers of the sieves Factor is done with for the
// next: a process that factors many numbers in turn then neither zeroes
// nor faults in 96 KiB for each.
var blockPool = sync.Pool{New: func() any { return new(blockBuffers) }}

// release hands the sieve's buffers back to blockPool; the sieve is
// unusable after.
func (s *Sieve) release() {
	blockPool.Put(s.buf)
	s.buf = nil
}

// Plan returns the plan the sieve was made for.
func (s *Sieve) Plan() *Plan { return s.plan }

// Family sieves the 2^(s-1) polynomials of the family whose A is the
// product of the base primes at idx, and passes each relation to emit. It
// stops early when stop, polled between polynomials, returns true.
func (s *Sieve) Family(idx []int, emit func(Relation), stop func() bool) {
	s.startFamily(idx)
	polys := 1 << (len(idx) - 1)
	for g := 0; g < polys; g++ {
		if g > 0 {
			if stop != nil && stop() {
				return
			}
			s.nextPolynomial(g)
		}
		s.setCoefficients()
		s.sieve(emit)
	}
}

// setCoefficients sets the polynomial's coefficients, with C = (B^2 -
// kn)/A, as wides for the candidates' values.
func (s *Sieve) setCoefficients() {
	s.c.Mul(&s.b, &s.b)
	s.c.Sub(&s.c, s.plan.kn)
	s.c.Quo(&s.c, s.fam.a)
	s.wb = wideFrom(&s.b)
	s.wb2, s.wc = s.wb.add(s.wb), wideFrom(&s.c)
}

// blockSize is the sieve's block, the size of a level-1 data cache: the
// primes below it are sieved over one block before the next.
const blockSize = 1 << 15

// maxBlocks bounds the blocks of an interval, a power of two.
const maxBlocks = 16

// maxCandidates is how many candidates scan takes from a block at a time.
const maxCandidates = 256

// sieve sieves the polynomial a block at a time: it adds log p at every
// cell where p divides Q, for the sieved primes, and passes the relations
// of the block's candidates to emit while the block is in the cache.
func (s *Sieve) sieve(emit func(Relation)) {
	p := s.plan
	size := uint32(2 * p.halfWidth)
	np := len(p.primes)
	next1, next2 := s.next1[:p.firstSparse], s.next2[:p.firstSparse]
	copy(next1, s.root1)
	copy(next2, s.root2)
	primes, logs := p.primes[:np], p.logs[:np]
	for base := 0; base < len(s.cells); base += blockSize {
		copy(s.cells[base:], s.buf.blank[:])
	}
	// The primes from sparseFrom up hit a block a few times a root, at
	// places the processor cannot guess: they are sieved over the whole
	// interval at once, which halves the guesses missed at two blocks.
	q, l := p.firstSparse, p.firstLarge
	sieveSparse(s.cells[:size], s.root1[q:l], s.root2[q:l], primes[q:l], logs[q:l])
	for base := uint32(0); base < size; base += blockSize {
		blk := (*[blockSize]byte)(s.cells[base : base+blockSize])
		end := min(size-base, blockSize)
		for _, e := range s.bucket(base / blockSize) {
			blk[e&(blockSize-1)] += logs[e>>15]
		}
		sieveMedium(blk, next1, next2, primes[:p.firstSparse], logs[:p.firstSparse], p.firstSieved, end)
		s.scan(blk[:end], base, emit)
	}
}

// scan finds the candidate cells of a block, those at 128 or more, and
// checks each; base is the block's first cell.
func (s *Sieve) scan(cells []byte, base uint32, emit func(Relation)) {
	for i := 0; i < len(cells); {
		n, next := scanHigh(cells[i:], s.found[:])
		for _, k := range s.found[:n] {
			cell := i + int(k)
			if r, ok := s.relation(base+uint32(cell), cells[cell]); ok {
				emit(r)
			}
		}
		i += next
	}
}

// relation factors Q(x) at the cell, whose sieve value is sum, over the
// factor base and returns the relation when the cofactor is 1 or a prime
// up to the large-prime bound.
func (s *Sieve) relation(cell uint32, sum byte) (Relation, bool) {
	p := s.plan
	x := int64(cell) - int64(p.halfWidth)
	v := s.wa.mul(x).add(s.wb2).mul(x).add(s.wc)
	cols := s.cols[:0]
	if v.negative() {
		cols = append(cols, 0)
		v = v.neg()
	}
	q := trim(v[:])
	if len(q) == 1 && q[0] == 0 {
		return Relation{}, false
	}
	tz := trailingZeros(q)
	for range tz {
		cols = append(cols, 1)
	}
	q = shiftRight(q, tz)
	// The primes that are not sieved, none of them in A.
	for j := 2; j < p.firstSieved; j++ {
		pj := uint64(p.primes[j])
		hi, _ := bits.Mul64(p.recips[j]*uint64(cell), pj)
		if uint32(hi) == s.root1[j] || uint32(hi) == s.root2[j] {
			q, cols = s.divideOut(q, j, cols)
		}
	}
	if s.tooRough(q, sum) {
		return Relation{}, false
	}
	// A's primes divide A*Q(x) once, and Q(x) maybe.
	for _, j := range s.fam.idx {
		cols = append(cols, uint32(j))
		q, cols = s.divideOut(q, j, cols)
	}
	// The sieved primes up to the interval (below firstLarge) with a root
	// at the cell; those of A may come up by chance, and are divided out
	// already.
	first, last := p.firstSieved, p.firstLarge
	hits := s.hits[:rootHits(cell, p.primes[first:last], s.root1[first:last], s.root2[first:last], p.inv32s[first:last], p.lim32s[first:last], s.hits)]
	for _, h := range hits {
		if j := first + int(h); !s.inA[j] {
			q, cols = s.divideOut(q, j, cols)
		}
	}
	// The large primes that divide Q(x) are those with a hit at the cell.
	large := s.hits[:bucketHits(s.bucket(cell/blockSize), cell&(blockSize-1), s.hits)]
	for _, j := range large {
		q, cols = s.divideOut(q, int(j), cols)
	}
	s.cols = cols
	if len(q) > 1 {
		return Relation{}, false
	}
	split, ok := p.keeps(q[0])
	if !ok {
		return Relation{}, false
	}
	X := s.wa.mul(x).add(s.wb).big()
	return Relation{X: X, Columns: slices.Clone(cols), Large: q[0], Split: split}, true
}

// keeps reports whether a relation with the cofactor r, free of base
// primes, is kept: r is 1, a prime up to the large-prime bound, or with
// the double large prime variation the product of two such primes, which
// it returns.
func (p *Plan) keeps(r uint64) (split [2]uint64, ok bool) {
	switch pmax := uint64(p.primes[len(p.primes)-1]); {
	case r <= p.lpBound:
		return split, true
	case r > p.dlpBound || r < pmax*pmax || probablePrime(r):
		// r is too large, or a prime above the bound: its prime factors
		// all exceed pmax.
		return split, false
	}
	q1, q2, ok := p.largePrimes(r)
	return [2]uint64{q1, q2}, ok
}

// roughSlack is how many bits above the largest cofactor kept a
// candidate's cofactor may seem to have before tooRough rejects it: the
// sieve's logs are rounded to whole bits (measured: 1 bit beat 3 by 5% at
// 200 bits, 2% at 160-180, the same below; 0 the same as 1).
const roughSlack = 1

// tooRough reports whether q, Q(x) with the unsieved primes divided out,
// is sure to leave a cofactor above the large-prime bound, judging by the
// logs the sieve added at its cell, which now account for the rest of its
// smooth part. It saves the walk over the factor base for the many
// candidates that only the sieve's slack let in.
func (s *Sieve) tooRough(q []uint64, sum byte) bool {
	p := s.plan
	size := 64*(len(q)-1) + bits.Len64(q[len(q)-1])
	return size-(int(sum)-int(p.sieveInit)) > p.cofactorBits+roughSlack
}

// divideOut divides q by the base prime at j as often as it goes, and
// appends j to cols each time.
func (s *Sieve) divideOut(q []uint64, j int, cols []uint32) ([]uint64, []uint32) {
	p := s.plan
	pj, inv := uint64(p.primes[j]), p.invs[j]
	var quo [len(wide{})]uint64
	for len(q) > 1 {
		d, ok := divExact(quo[:len(q)], q, pj, inv)
		if !ok {
			break
		}
		q = append(q[:0], d...)
		cols = append(cols, uint32(j))
	}
	if len(q) == 1 {
		for lim := p.lims[j]; q[0]*inv <= lim; {
			q[0] *= inv
			cols = append(cols, uint32(j))
		}
	}
	return q, cols
}

func trailingZeros(q []uint64) int {
	tz := 0
	for _, w := range q {
		if w != 0 {
			return tz + bits.TrailingZeros64(w)
		}
		tz += 64
	}
	return tz
}

// shiftRight returns q >> k, trimmed of high zero limbs.
func shiftRight(q []uint64, k int) []uint64 {
	q = q[k/64:]
	if sh := uint(k % 64); sh > 0 {
		for i := range q {
			q[i] >>= sh
			if i+1 < len(q) {
				q[i] |= q[i+1] << (64 - sh)
			}
		}
	}
	return trim(q)
}

func trim(q []uint64) []uint64 {
	for len(q) > 1 && q[len(q)-1] == 0 {
		q = q[:len(q)-1]
	}
	return q
}

// divExact sets quo to q/m and returns it, trimmed, when the odd m, whose
// inverse mod 2^64 is inv, divides q; otherwise it returns false. It
// divides from the low limb up, each limb's quotient the limb times inv
// (Jebelean's exact division), and m divides q when nothing is left over
// at the top.
func divExact(quo, q []uint64, m, inv uint64) ([]uint64, bool) {
	quo = quo[:len(q)]
	var carry uint64
	for i, w := range q {
		d, borrow := bits.Sub64(w, carry, 0)
		d *= inv
		quo[i] = d
		hi, _ := bits.Mul64(d, m)
		carry = hi + borrow
	}
	return trim(quo), carry == 0
}
