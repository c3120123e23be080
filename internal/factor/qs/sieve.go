package qs

import (
	"encoding/binary"
	"math/big"
	"math/bits"
	"slices"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// Relation records that X^2 = A*Q(x) (mod n) where A*Q(x) is the product of
// the primes of Columns (column 0 is the sign -1) and of Large.
type Relation struct {
	X       *big.Int // A*x + B
	Columns []uint32 // factor-base indices of the prime factors, repeated by multiplicity
	Large   uint64   // the large prime; 1 for a full relation
}

// Sieve turns families of polynomials into relations. It owns its buffers:
// use one Sieve per goroutine.
type Sieve struct {
	plan *Plan
	// block is the block being sieved; blank is a block at the sieve's
	// start value.
	block, blank *[blockSize]byte
	root1        []uint32 // per base prime, the sieve offsets x+M of the roots of Q mod p
	root2        []uint32
	deltas       []uint32 // deltas[l*len(primes)+j] = 2*B_l/A mod primes[j]
	offset       []uint32 // M mod p
	next1        []uint32 // the sieve's next cell per root, relative to its block
	next2        []uint32
	// buckets[b] lists the hits of the large primes in block b, each as
	// the prime's index << 15 | the cell's offset in the block.
	buckets [][]uint32

	cols []uint32 // scratch for a relation's columns

	// Per polynomial: Q(x) = (A x + 2B) x + C.
	fam         *family
	inA         []bool
	b, c        big.Int
	wa, wb2, wc wide
}

// noRoot marks a base prime that divides A: it is not sieved.
const noRoot = ^uint32(0)

// NewSieve returns a sieve for the plan.
func (p *Plan) NewSieve() *Sieve {
	np := len(p.primes)
	blocks := (2*p.halfWidth + blockSize - 1) / blockSize
	s := &Sieve{
		plan:    p,
		block:   new([blockSize]byte),
		blank:   new([blockSize]byte),
		buckets: make([][]uint32, blocks),
		next1:   make([]uint32, np),
		next2:   make([]uint32, np),
		root1:   make([]uint32, np),
		root2:   make([]uint32, np),
		deltas:  make([]uint32, p.aPrimes*np),
		offset:  make([]uint32, np),
		inA:     make([]bool, np),
	}
	for j := 2; j < np; j++ {
		s.offset[j] = uint32(p.halfWidth % int(p.primes[j]))
	}
	for i := range s.blank {
		s.blank[i] = p.sieveInit
	}
	return s
}

// Plan returns the plan the sieve was made for.
func (s *Sieve) Plan() *Plan { return s.plan }

// Family sieves the 2^(s-1) polynomials of the family whose A is the
// product of the base primes at idx, and passes each relation to emit. It
// stops early when stop, polled between polynomials, returns true.
func (s *Sieve) Family(idx []int, emit func(Relation), stop func() bool) {
	p := s.plan
	f := s.startFamily(idx)
	polys := 1 << (len(idx) - 1)
	for g := 0; g < polys; g++ {
		if g > 0 {
			if stop != nil && stop() {
				return
			}
			s.nextPolynomial(g)
		}
		s.c.Mul(&s.b, &s.b)
		s.c.Sub(&s.c, p.kn)
		s.c.Quo(&s.c, f.a)
		s.wb2, s.wc = wideFrom(&s.b).add(wideFrom(&s.b)), wideFrom(&s.c)
		s.sieve(emit)
	}
}

// startFamily sets up the family's first polynomial, B = sum of the B
// terms, and its roots.
func (s *Sieve) startFamily(idx []int) *family {
	s.fam = s.plan.newFamily(idx)
	clear(s.inA)
	for _, j := range idx {
		s.inA[j] = true
	}
	s.b.SetInt64(0)
	for _, t := range s.fam.terms {
		s.b.Add(&s.b, t)
	}
	s.wa = wideFrom(s.fam.a)
	s.initRoots()
	return s.fam
}

// initRoots computes, for every base prime not in A, the offsets of the
// roots of Q mod p, (+-t - B)/A + M, and the Gray-code steps 2*B_l/A.
func (s *Sieve) initRoots() {
	p := s.plan
	np := len(p.primes)
	aw, bw := s.fam.a.Bits(), s.b.Bits()
	for j := 2; j < np; j++ {
		if s.inA[j] {
			s.root1[j], s.root2[j] = noRoot, noRoot
			for l := range s.fam.terms {
				s.deltas[l*np+j] = 0
			}
			continue
		}
		q := uint64(p.primes[j])
		ainv := invMod(modular.Rem(aw, q), q)
		bm := modular.Rem(bw, q) // B, a sum of positive terms, is positive
		t := uint64(p.sqrts[j])
		off := uint64(s.offset[j])
		s.root1[j] = uint32((mulMod(ainv, (t+q-bm)%q, q) + off) % q)
		s.root2[j] = uint32((mulMod(ainv, (2*q-t-bm)%q, q) + off) % q)
		for l, term := range s.fam.terms {
			s.deltas[l*np+j] = uint32(mulMod(2*modular.Rem(term.Bits(), q)%q, ainv, q))
		}
	}
}

// nextPolynomial moves from polynomial g-1 to g of the family: Gray code g
// flips the sign of one B term, v, which moves B by 2*B_v and every root
// by the matching delta.
func (s *Sieve) nextPolynomial(g int) {
	p := s.plan
	np := len(p.primes)
	v := bits.TrailingZeros(uint(g))
	var two big.Int
	two.Lsh(s.fam.terms[v], 1)
	d := s.deltas[v*np : (v+1)*np]
	r1, r2 := s.root1[:np], s.root2[:np]
	primes := p.primes[:np]
	// When B_v turns negative B falls by 2B_v and the roots rise by delta;
	// otherwise B rises and the roots fall, by q - delta mod q.
	rise := (g^g>>1)>>v&1 != 0
	if rise {
		s.b.Sub(&s.b, &two)
	} else {
		s.b.Add(&s.b, &two)
	}
	for j := 2; j < np; j++ {
		q, step := primes[j], d[j]
		if !rise {
			step = q - step
		}
		a := r1[j] + step
		if a >= q {
			a -= q
		}
		b := r2[j] + step
		if b >= q {
			b -= q
		}
		r1[j], r2[j] = a, b
	}
	for _, j := range s.fam.idx {
		r1[j], r2[j] = noRoot, noRoot
	}
}

// blockSize is the sieve's block, the size of a level-1 data cache: every
// prime is sieved over one block before the next.
const blockSize = 1 << 15

// sieve sieves the polynomial a block at a time: it adds log p at every
// cell where p divides Q, for the sieved primes, and passes the relations
// of the block's candidates to emit while the block is in the cache.
func (s *Sieve) sieve(emit func(Relation)) {
	p := s.plan
	size := uint32(2 * p.halfWidth)
	blk := s.block
	np := len(p.primes)
	next1, next2 := s.next1[:np], s.next2[:np]
	copy(next1, s.root1)
	copy(next2, s.root2)
	primes, logs := p.primes[:np], p.logs[:np]
	s.fillBuckets(size)
	for base := uint32(0); base < size; base += blockSize {
		*blk = *s.blank
		end := min(size-base, blockSize)
		for _, e := range s.buckets[base/blockSize] {
			blk[e&(blockSize-1)] += logs[e>>15]
		}
		for j := p.firstSieved; j < p.firstLarge; j++ {
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
		s.scan(blk[:end], base, emit)
	}
}

// fillBuckets sorts the hits of the large primes, which hit a block at
// most once per root, into the buckets of their blocks.
func (s *Sieve) fillBuckets(size uint32) {
	p := s.plan
	buckets := s.buckets
	for b := range buckets {
		buckets[b] = buckets[b][:0]
	}
	primes := p.primes[:len(p.primes)]
	r1, r2 := s.root1[:len(primes)], s.root2[:len(primes)]
	for j := p.firstLarge; j < len(primes); j++ {
		if r1[j] == noRoot {
			continue
		}
		q, tag := primes[j], uint32(j)<<15
		for c := r1[j]; c < size; c += q {
			buckets[c/blockSize] = append(buckets[c/blockSize], tag|c&(blockSize-1))
		}
		for c := r2[j]; c < size; c += q {
			buckets[c/blockSize] = append(buckets[c/blockSize], tag|c&(blockSize-1))
		}
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

// scan finds the candidate cells of a block, those at 128 or more, eight
// at a time, and checks each; base is the block's first cell.
func (s *Sieve) scan(cells []byte, base uint32, emit func(Relation)) {
	const high = 0x8080808080808080
	for i := 0; i+8 <= len(cells); i += 8 {
		if binary.LittleEndian.Uint64(cells[i:])&high == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if cells[k] >= 128 {
				if r, ok := s.relation(base+uint32(k), cells[k]); ok {
					emit(r)
				}
			}
		}
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
	for _, j := range s.fam.idx {
		cols = append(cols, uint32(j))
	}
	for j := 2; j < p.firstLarge; j++ {
		if j == p.firstSieved && s.tooRough(q, sum) {
			return Relation{}, false
		}
		pj := uint64(p.primes[j])
		if len(q) == 1 && q[0] < pj {
			break // no base prime from here on divides q
		}
		if !s.inA[j] {
			hi, _ := bits.Mul64(p.recips[j]*uint64(cell), pj)
			if uint32(hi) != s.root1[j] && uint32(hi) != s.root2[j] {
				continue
			}
		}
		q, cols = s.divideOut(q, j, cols)
	}
	// The large primes that divide Q(x) are those with a hit at the cell;
	// those of A are all below a block.
	for _, e := range s.buckets[cell/blockSize] {
		if e&(blockSize-1) == cell&(blockSize-1) {
			q, cols = s.divideOut(q, int(e>>15), cols)
		}
	}
	s.cols = cols
	if len(q) > 1 || q[0] > p.lpBound {
		return Relation{}, false
	}
	X := new(big.Int).Mul(s.fam.a, big.NewInt(x))
	X.Add(X, &s.b)
	return Relation{X: X, Columns: slices.Clone(cols), Large: q[0]}, true
}

// roughSlack is how many bits above the large-prime bound a candidate's
// cofactor may seem to have before tooRough rejects it: the sieve's logs
// are rounded to whole bits.
const roughSlack = 3

// tooRough reports whether q, Q(x) with the unsieved primes divided out,
// is sure to leave a cofactor above the large-prime bound, judging by the
// logs the sieve added at its cell, which now account for the rest of its
// smooth part. It saves the walk over the factor base for the many
// candidates that only the sieve's slack let in.
func (s *Sieve) tooRough(q []uint64, sum byte) bool {
	p := s.plan
	size := 64*(len(q)-1) + bits.Len64(q[len(q)-1])
	return size-(int(sum)-int(p.sieveInit)) > p.lpBits+roughSlack
}

// divideOut divides q by the base prime at j as often as it goes, and
// appends j to cols each time.
func (s *Sieve) divideOut(q []uint64, j int, cols []uint32) ([]uint64, []uint32) {
	p := s.plan
	pj := uint64(p.primes[j])
	var quo [len(wide{})]uint64
	for len(q) > 1 {
		d, ok := divExact(quo[:len(q)], q, pj)
		if !ok {
			break
		}
		q = append(q[:0], d...)
		cols = append(cols, uint32(j))
	}
	if len(q) == 1 {
		for inv, lim := p.invs[j], p.lims[j]; q[0]*inv <= lim; {
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

// divExact sets quo to q/m and returns it, trimmed, when m divides q;
// otherwise it returns false.
func divExact(quo, q []uint64, m uint64) ([]uint64, bool) {
	var r uint64
	for i := len(q) - 1; i >= 0; i-- {
		quo[i], r = bits.Div64(r, q[i], m)
	}
	return trim(quo), r == 0
}
