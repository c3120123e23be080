package factor

import "math/bits"

// Micro-ECM: Lenstra's elliptic curve method on Montgomery curves
// B*y^2 = x^3 + A*x^2 + x in X:Z coordinates, with rational torsion Z/12
// (monty12Gen64), a Montgomery-ladder stage 1 up to B1 and a baby-step
// giant-step stage 2 up to B2, both bounds tiny and chosen by the size of
// n (ecmplan64.go). Curves run two at a time in lock step.

// ecmPoint64 is a point in X:Z coordinates, both in Montgomery form.
type ecmPoint64 struct{ x, z uint64 }

// ecmCurve64 is one curve modulo n.
type ecmCurve64 struct {
	m   *mont64
	a24 uint64 // (A+2)/4 in Montgomery form
}

// dbl returns 2P.
func (c *ecmCurve64) dbl(p ecmPoint64) ecmPoint64 {
	m := c.m
	s := m.add(p.x, p.z)
	d := m.sub(p.x, p.z)
	ss := m.mul(s, s)
	dd := m.mul(d, d)
	t := m.sub(ss, dd) // 4XZ
	return ecmPoint64{m.mul(ss, dd), m.mul(t, m.add(dd, m.mul(c.a24, t)))}
}

// add returns P+Q given diff = P-Q.
func (c *ecmCurve64) add(p, q, diff ecmPoint64) ecmPoint64 {
	m := c.m
	u := m.mul(m.sub(p.x, p.z), m.add(q.x, q.z))
	v := m.mul(m.add(p.x, p.z), m.sub(q.x, q.z))
	s := m.add(u, v)
	d := m.sub(u, v)
	return ecmPoint64{m.mul(diff.z, m.mul(s, s)), m.mul(diff.x, m.mul(d, d))}
}

// cswap64 swaps P and Q when bit is 1, without branching on it: the bits of
// a scalar are unpredictable.
func cswap64(p, q ecmPoint64, bit uint64) (ecmPoint64, ecmPoint64) {
	mask := -bit
	p.x, q.x = cswapWord64(p.x, q.x, mask)
	p.z, q.z = cswapWord64(p.z, q.z, mask)
	return p, q
}

// cswapWord64 returns (b, a) when mask is all ones and (a, b) when it is
// zero, without a branch.
func cswapWord64(a, b, mask uint64) (uint64, uint64) {
	t := (a ^ b) & mask
	return a ^ t, b ^ t
}

// ladder returns kP and (k+1)P for k >= 1.
func (c *ecmCurve64) ladder(p ecmPoint64, k uint64) (ecmPoint64, ecmPoint64) {
	r0, r1 := p, c.dbl(p)
	for i := bits.Len64(k) - 2; i >= 0; i-- {
		bit := k >> uint(i) & 1
		r0, r1 = cswap64(r0, r1, bit)
		r0, r1 = c.dbl(r0), c.add(r1, r0, p)
		r0, r1 = cswap64(r0, r1, bit)
	}
	return r0, r1
}

// ladder64x2 returns k·Pa on curve a and k·Pb on curve b, for points with
// Z = 1 given by their x and k given by its bits below the top one. The
// two Montgomery ladders run interleaved in one loop body, with every
// multiplication inlined, so that their multiplications overlap.
func ladder64x2(m *mont64, kbits []uint8, a24a, a24b, xa, xb uint64) (ecmPoint64, ecmPoint64) {
	// (x0a:z0a) = k·Pa and (x1a:z1a) = (k+1)·Pa, starting from k = 1.
	x0a, z0a, x0b, z0b := xa, m.one, xb, m.one
	sa, da := m.add(xa, m.one), m.sub(xa, m.one)
	ssa, dda := m.mul(sa, sa), m.mul(da, da)
	ta := m.sub(ssa, dda)
	x1a, z1a := m.mul(ssa, dda), m.mul(ta, m.add(dda, m.mul(a24a, ta)))
	sb, db := m.add(xb, m.one), m.sub(xb, m.one)
	ssb, ddb := m.mul(sb, sb), m.mul(db, db)
	tb := m.sub(ssb, ddb)
	x1b, z1b := m.mul(ssb, ddb), m.mul(tb, m.add(ddb, m.mul(a24b, tb)))
	// Each step swaps so that the point to double is (x0:z0). Swapping back
	// would undo what the next step's swap may redo: instead each step swaps
	// when its bit differs from the last one, and the end undoes the last.
	prev := uint8(0)
	for _, bit := range kbits {
		mask := -uint64(bit ^ prev)
		prev = bit
		x0a, x1a = cswapWord64(x0a, x1a, mask)
		z0a, z1a = cswapWord64(z0a, z1a, mask)
		x0b, x1b = cswapWord64(x0b, x1b, mask)
		z0b, z1b = cswapWord64(z0b, z1b, mask)

		// Differential addition (x1:z1) += (x0:z0), difference x(P).
		ua := m.mul(m.sub(x1a, z1a), m.add(x0a, z0a))
		va := m.mul(m.add(x1a, z1a), m.sub(x0a, z0a))
		ub := m.mul(m.sub(x1b, z1b), m.add(x0b, z0b))
		vb := m.mul(m.add(x1b, z1b), m.sub(x0b, z0b))
		// Doubling (x0:z0).
		sa, da := m.add(x0a, z0a), m.sub(x0a, z0a)
		sb, db := m.add(x0b, z0b), m.sub(x0b, z0b)
		ssa, dda := m.mul(sa, sa), m.mul(da, da)
		ssb, ddb := m.mul(sb, sb), m.mul(db, db)
		ta, tb := m.sub(ssa, dda), m.sub(ssb, ddb)
		x0a, z0a = m.mul(ssa, dda), m.mul(ta, m.add(dda, m.mul(a24a, ta)))
		x0b, z0b = m.mul(ssb, ddb), m.mul(tb, m.add(ddb, m.mul(a24b, tb)))
		pa, qa := m.add(ua, va), m.sub(ua, va)
		pb, qb := m.add(ub, vb), m.sub(ub, vb)
		x1a, z1a = m.mul(pa, pa), m.mul(xa, m.mul(qa, qa))
		x1b, z1b = m.mul(pb, pb), m.mul(xb, m.mul(qb, qb))
	}
	mask := -uint64(prev)
	x0a, _ = cswapWord64(x0a, x1a, mask)
	z0a, _ = cswapWord64(z0a, z1a, mask)
	x0b, _ = cswapWord64(x0b, x1b, mask)
	z0b, _ = cswapWord64(z0b, z1b, mask)
	return ecmPoint64{x0a, z0a}, ecmPoint64{x0b, z0b}
}

// ecm64 returns a non-trivial factor of the odd composite n, which must not
// be a perfect square. It tries curve after curve until one succeeds: each
// curve's group order is an independent chance, and for a prime power
// p^k (p > B2) the gcd yields p, never n.
func ecm64(n uint64) uint64 {
	m := newMont64(n)
	plan := ecmPlanFor64(n)
	gen := newMonty12Gen64(&m)
	for {
		if d := ecmRun64(&m, plan, &gen); d != 1 && d != n {
			return d
		}
	}
}

// ecmRun64 runs both stages on the next two curves of gen in lock step:
// a single ladder waits on the latency of its multiplications, two
// independent ones overlap. It returns a divisor of n: a factor, 1 or n.
func ecmRun64(m *mont64, plan *ecmPlan64, gen *monty12Gen64) uint64 {
	n := m.n
	ca, pa, cb, pb, g := gen.nextPair(m)
	if g != 1 {
		return g
	}

	// Stage 1: multiply both points by every prime power up to B1. One gcd
	// tells whether either curve found a factor.
	ra, rb := ladder64x2(m, plan.stage1, ca.a24, cb.a24, pa.x, pb.x)
	if gcd64(m.mul(ra.z, rb.z), n) != 1 {
		return properOr64(gcd64(ra.z, n), gcd64(rb.z, n), n)
	}

	// Stage 2: x(kD·P) = x(j·P) mod a factor exactly when (kD ± j)·P = 0.
	// The babies j·P and giants kD·P of both curves are normalized to Z = 1
	// with one inversion, so each pair costs one multiplication.
	size := len(ecmBabies64) + plan.giants
	var pts [2 * (len(ecmBabies64) + ecmMaxGiants64)]ecmPoint64
	a, b := pts[:size], pts[size:2*size]
	stage2Points2(&ca, &cb, ra, rb, plan, a, b)
	if g := normalize64(m, a, b); g != 1 {
		return g
	}
	nb := len(ecmBabies64)
	// Two accumulators per curve: four independent chains of products.
	acca, accb, acca2, accb2 := m.one, m.one, m.one, m.one
	terms := plan.terms
	for len(terms) >= 2 {
		t, t2 := terms[0], terms[1]
		gi, gi2 := nb+int(t.giant), nb+int(t2.giant)
		acca = m.mul(acca, m.sub(a[gi].x, a[t.baby].x))
		accb = m.mul(accb, m.sub(b[gi].x, b[t.baby].x))
		acca2 = m.mul(acca2, m.sub(a[gi2].x, a[t2.baby].x))
		accb2 = m.mul(accb2, m.sub(b[gi2].x, b[t2.baby].x))
		terms = terms[2:]
	}
	for _, t := range terms {
		gi := nb + int(t.giant)
		acca = m.mul(acca, m.sub(a[gi].x, a[t.baby].x))
		accb = m.mul(accb, m.sub(b[gi].x, b[t.baby].x))
	}
	acca, accb = m.mul(acca, acca2), m.mul(accb, accb2)
	return properOr64(gcd64(acca, n), gcd64(accb, n), n)
}

// properOr64 returns whichever of the divisors a and b of n is a proper
// factor, or else a.
func properOr64(a, b, n uint64) uint64 {
	if a == 1 || a == n {
		return b
	}
	return a
}

// monty12Gen64 makes Montgomery's curves with rational torsion Z/12, whose
// group orders are divisible by 12 and on average smoother than those of
// Suyama's curves. The k-th curve comes from x(k·P0) = X/Z for the point
// P0 = (-2, 4) of v^2 = u^3 - 12u (Montgomery; the formulas are those of
// cado-nfs's Monty12 parametrization): with a = (t^2-1)/(t^2+3) and
// t^2 = (u^2-12)/(4u), the curve has (A+2)/4 = -(a-1)^3 (3a+1) / (16 a^3)
// and the starting point x = (3a^2+1) / (4a). The generator walks k = 2,
// 3, ... by x-only differential additions of P0, without inversions.
type monty12Gen64 struct {
	xPrev, zPrev, x, z uint64 // x((k-1)·P0) and x(k·P0)
	twelve             uint64
}

func newMonty12Gen64(m *mont64) monty12Gen64 {
	two := m.add(m.one, m.one)
	four := m.add(two, two)
	twelve := m.add(m.add(four, four), four)
	return monty12Gen64{xPrev: m.sub(0, two), zPrev: m.one, x: four, z: m.one, twelve: twelve}
}

// step advances k: x((k+1)P0) = Z_{k-1} (12 Z_k - 2 X_k)^2 / X_{k-1} (X_k + 2 Z_k)^2.
func (g *monty12Gen64) step(m *mont64) {
	s := m.sub(m.mul(g.twelve, g.z), m.add(g.x, g.x))
	d := m.add(g.x, m.add(g.z, g.z))
	g.xPrev, g.zPrev, g.x, g.z = g.x, g.z, m.mul(g.zPrev, m.mul(s, s)), m.mul(g.xPrev, m.mul(d, d))
}

// nextPair returns the next two curves and their starting points with
// Z = 1, or g != 1 when the setup's one inversion met a divisor g of n.
func (g *monty12Gen64) nextPair(m *mont64) (ca ecmCurve64, pa ecmPoint64, cb ecmCurve64, pb ecmPoint64, d uint64) {
	sa := newMonty12(m, g.x, g.z, g.twelve)
	g.step(m)
	sb := newMonty12(m, g.x, g.z, g.twelve)
	g.step(m)
	inv, d := m.inv(m.from(m.mul(sa.den, sb.den)))
	if d != 1 {
		return ca, pa, cb, pb, d
	}
	inv = m.to(inv)
	ca, pa = sa.finish(m, m.mul(inv, sb.den))
	cb, pb = sb.finish(m, m.mul(inv, sa.den))
	return ca, pa, cb, pb, 1
}

// monty12 is one curve of monty12Gen64 up to its one division: with
// u = X/Z, a = N/D for N = X^2 - 4XZ - 12Z^2 and D = X^2 + 12XZ - 12Z^2, so
// (A+2)/4 = a24num/den and x = xnum/den for den = 16 N^3 D.
type monty12 struct{ a24num, xnum, den uint64 }

func newMonty12(m *mont64, x, z, twelve uint64) monty12 {
	xx, xz, zz := m.mul(x, x), m.mul(x, z), m.mul(z, z)
	xz4 := m.add(xz, xz)
	xz4 = m.add(xz4, xz4)
	zz12 := m.mul(twelve, zz)
	nn := m.sub(m.sub(xx, xz4), zz12)
	dd := m.sub(m.add(xx, m.add(m.add(xz4, xz4), xz4)), zz12)
	nd := m.sub(nn, dd)
	n3 := m.add(m.add(nn, nn), nn)
	num := m.mul(m.mul(m.mul(nd, nd), nd), m.add(n3, dd))
	n2 := m.mul(nn, nn)
	n2x4 := m.add(n2, n2)
	n2x4 = m.add(n2x4, n2x4)
	den := m.mul(m.mul(n2x4, nn), dd)
	den = m.add(den, den)
	den = m.add(den, den)
	xnum := m.mul(n2x4, m.add(m.add(m.add(n2, n2), n2), m.mul(dd, dd)))
	return monty12{a24num: m.sub(0, num), xnum: xnum, den: den}
}

// finish returns the curve and its starting point given inv = 1/den.
func (c monty12) finish(m *mont64, inv uint64) (ecmCurve64, ecmPoint64) {
	return ecmCurve64{m: m, a24: m.mul(c.a24num, inv)}, ecmPoint64{m.mul(c.xnum, inv), m.one}
}

// stage2Points2 fills a and b with the babies j·P, then the giants k·D·P of
// plan, for the points pa and pb of the curves ca and cb. The two curves'
// chains of additions are independent: add2 interleaves them.
func stage2Points2(ca, cb *ecmCurve64, pa, pb ecmPoint64, plan *ecmPlan64, a, b []ecmPoint64) {
	m := ca.m
	pa2, pb2 := ca.dbl(pa), cb.dbl(pb)
	preva, cura, prevb, curb := pa, ca.add(pa2, pa, pa), pb, cb.add(pb2, pb, pb) // jP for j = 3
	a[0], b[0] = pa, pb
	bi := 1
	for j := uint64(5); j < ecmD64/2; j += 2 {
		na, nb := add2(m, cura, pa2, preva, curb, pb2, prevb)
		preva, cura, prevb, curb = cura, na, curb, nb
		if ecmBabies64[bi] == j {
			a[bi], b[bi] = cura, curb
			bi++
		}
	}
	stepa, _ := ca.ladder(pa, ecmD64)
	stepb, _ := cb.ladder(pb, ecmD64)
	ga0, ga1 := ca.ladder(stepa, plan.k0)
	gb0, gb1 := cb.ladder(stepb, plan.k0)
	nb := len(ecmBabies64)
	for i := range plan.giants {
		a[nb+i], b[nb+i] = ga0, gb0
		na, nb := add2(m, ga1, stepa, ga0, gb1, stepb, gb0)
		ga0, ga1, gb0, gb1 = ga1, na, gb1, nb
	}
}

// add2 returns P1+Q1 and P2+Q2 given their differences D1 and D2, the two
// differential additions written out side by side so that their
// multiplications overlap.
func add2(m *mont64, p1, q1, d1, p2, q2, d2 ecmPoint64) (ecmPoint64, ecmPoint64) {
	u1 := m.mul(m.sub(p1.x, p1.z), m.add(q1.x, q1.z))
	u2 := m.mul(m.sub(p2.x, p2.z), m.add(q2.x, q2.z))
	v1 := m.mul(m.add(p1.x, p1.z), m.sub(q1.x, q1.z))
	v2 := m.mul(m.add(p2.x, p2.z), m.sub(q2.x, q2.z))
	s1, s2 := m.add(u1, v1), m.add(u2, v2)
	e1, e2 := m.sub(u1, v1), m.sub(u2, v2)
	return ecmPoint64{m.mul(d1.z, m.mul(s1, s1)), m.mul(d1.x, m.mul(e1, e1))},
		ecmPoint64{m.mul(d2.z, m.mul(s2, s2)), m.mul(d2.x, m.mul(e2, e2))}
}

// normalize64 scales every point of a and b, of equal lengths, to Z = 1
// with one inversion (Montgomery's trick). The running products of a and b
// form two independent chains, which overlap. It returns the gcd of n and
// the product of the Zs; when that is not 1 the points are left
// unnormalized.
func normalize64(m *mont64, a, b []ecmPoint64) uint64 {
	var prefixA, prefixB [len(ecmBabies64) + ecmMaxGiants64]uint64
	b = b[:len(a)]
	acca, accb := m.one, m.one
	for i := range a {
		prefixA[i], prefixB[i] = acca, accb
		acca, accb = m.mul(acca, a[i].z), m.mul(accb, b[i].z)
	}
	inv, g := m.inv(m.from(m.mul(acca, accb)))
	if g != 1 {
		return g
	}
	inv = m.to(inv)
	inva, invb := m.mul(inv, accb), m.mul(inv, acca)
	for i := len(a) - 1; i >= 0; i-- {
		zinva, zinvb := m.mul(inva, prefixA[i]), m.mul(invb, prefixB[i])
		inva, invb = m.mul(inva, a[i].z), m.mul(invb, b[i].z)
		a[i] = ecmPoint64{m.mul(a[i].x, zinva), m.one}
		b[i] = ecmPoint64{m.mul(b[i].x, zinvb), m.one}
	}
	return 1
}
