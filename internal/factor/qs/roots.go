package qs

import (
	"math/big"
	"math/bits"
)

// startFamily sets up the family's first polynomial, B = sum of the B
// terms, its roots and its buckets.
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
	s.fillBuckets()
	return s.fam
}

// initRoots computes, for every base prime not in A, the offsets of the
// roots of Q mod p, (+-t - B)/A + M, and the Gray-code steps 2*B_l/A. It
// works from A's primes modulo p alone: B_l = (A/q_l)*g_l, and A/q_l is
// the product of A's other primes.
func (s *Sieve) initRoots() {
	p := s.plan
	np := len(p.primes)
	f := s.fam
	var qm, pre, suf [maxAPrimes + 1]uint64
	for j := 2; j < np; j++ {
		if s.inA[j] {
			s.root1[j], s.root2[j] = noRoot, noRoot
			for l := range f.terms {
				s.deltas[l*np+j] = 0
			}
			continue
		}
		q := uint64(p.primes[j])
		r := barrett{q, p.lims[j]}
		k := len(f.qs)
		pre[0], suf[k] = 1, 1
		for l, a := range f.qs {
			qm[l] = r.reduce(a)
			pre[l+1] = r.mul(pre[l], qm[l])
		}
		for l := k - 1; l >= 0; l-- {
			suf[l] = r.mul(suf[l+1], qm[l])
		}
		ainv := invMod(pre[k], q)
		var bm uint64 // B, the sum of the terms, mod q
		for l, g := range f.gs {
			bl := r.mul(r.reduce(g), r.mul(pre[l], suf[l+1]))
			bm, bl = addMod(bm, bl, q), addMod(bl, bl, q)
			s.deltas[l*np+j] = uint32(r.mul(bl, ainv))
		}
		t, off := uint64(p.sqrts[j]), uint64(s.offset[j])
		s.root1[j] = uint32(addMod(r.mul(ainv, addMod(t, q-bm, q)), off, q))
		s.root2[j] = uint32(addMod(r.mul(ainv, addMod(q-t, q-bm, q)), off, q))
	}
}

// addMod returns a+b mod q for a, b <= q.
func addMod(a, b, q uint64) uint64 {
	a += b
	for a >= q {
		a -= q
	}
	return a
}

// nextPolynomial moves from polynomial g-1 to g of the family: Gray code g
// flips the sign of one B term, v, which moves B by 2*B_v and every root
// by the matching delta. The primes sieved through buckets drop their
// new hits into them on the way.
func (s *Sieve) nextPolynomial(g int) {
	p := s.plan
	np := len(p.primes)
	v := bits.TrailingZeros(uint(g))
	var two big.Int
	two.Lsh(s.fam.terms[v], 1)
	// When B_v turns negative B falls by 2B_v and the roots rise by delta;
	// otherwise B rises and the roots fall by delta.
	rise := (g^g>>1)>>v&1 != 0
	if rise {
		s.b.Sub(&s.b, &two)
	} else {
		s.b.Add(&s.b, &two)
	}
	d := s.deltas[v*np : (v+1)*np]
	moveRoots(s.root1[:p.firstLarge], s.root2[:p.firstLarge], p.primes[:p.firstLarge], d[:p.firstLarge], rise)
	for _, j := range s.fam.idx {
		s.root1[j], s.root2[j] = noRoot, noRoot
	}
	s.clearBuckets()
	s.moveLarge(d, rise)
}

// step returns the roots a and b of the prime q moved by delta: up when
// rise, else down, modulo q.
func step(a, b, q, delta uint32, rise bool) (uint32, uint32) {
	var by int32
	if rise {
		by = int32(delta) - int32(q)
	} else {
		by = -int32(delta)
	}
	x, y := int32(a)+by, int32(b)+by
	x += int32(q) & (x >> 31)
	y += int32(q) & (y >> 31)
	return uint32(x), uint32(y)
}

// moveLarge moves the roots of the primes from firstLarge on, which exceed
// the interval and so hit it at most once a root, and drops their hits
// into the buckets: each as tag | its offset in its block into its block's
// bucket, or, past the interval, into the spare bucket that never fills,
// without a branch on which. The bucket counts are kept in a local copy,
// which the compiler need not reload after each store into the buckets.
func (s *Sieve) moveLarge(deltas []uint32, rise bool) {
	p := s.plan
	size := uint32(2 * p.halfWidth)
	np := len(p.primes)
	primes, r1, r2, deltas := p.primes[:np], s.root1[:np], s.root2[:np], deltas[:np]
	buckets, bcap, spare := s.buckets, uint32(s.bucketCap), s.spare
	fill := s.fill
	for j := p.firstLarge; j < np; j++ {
		a, b := step(r1[j], r2[j], primes[j], deltas[j], rise)
		r1[j], r2[j] = a, b
		tag := uint32(j) << 15
		ka := min(a>>15, spare) & (maxBlocks - 1)
		buckets[ka*bcap+fill[ka]] = tag | a&(blockSize-1)
		fill[ka] += below(a, size)
		kb := min(b>>15, spare) & (maxBlocks - 1)
		buckets[kb*bcap+fill[kb]] = tag | b&(blockSize-1)
		fill[kb] += below(b, size)
	}
	s.fill = fill
}

// below returns 1 when c < size, else 0.
func below(c, size uint32) uint32 {
	if c < size {
		return 1
	}
	return 0
}

// fillBuckets drops the hits of the large primes for the family's first
// polynomial into the buckets.
func (s *Sieve) fillBuckets() {
	p := s.plan
	size := uint32(2 * p.halfWidth)
	s.clearBuckets()
	for j := p.firstLarge; j < len(p.primes); j++ {
		tag := uint32(j) << 15
		for _, c := range []uint32{s.root1[j], s.root2[j]} {
			k := min(c>>15, s.spare) & (maxBlocks - 1)
			s.buckets[k*uint32(s.bucketCap)+s.fill[k]] = tag | c&(blockSize-1)
			s.fill[k] += below(c, size)
		}
	}
}

func (s *Sieve) clearBuckets() { s.fill = [maxBlocks]uint32{} }

// bucket returns the hits of the large primes in block k, each as the
// prime's index << 15 | the cell's offset in the block.
func (s *Sieve) bucket(k uint32) []uint32 {
	start := k * uint32(s.bucketCap)
	return s.buckets[start : start+s.fill[k]]
}
