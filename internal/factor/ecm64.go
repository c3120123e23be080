package factor

import "math/bits"

// Micro-ECM: Lenstra's elliptic curve method on Montgomery curves
// B*y^2 = x^3 + A*x^2 + x in X:Z coordinates, with Suyama's parametrization
// (group order divisible by 6), a Montgomery-ladder stage 1 up to B1 and a
// baby-step giant-step stage 2 up to B2, both bounds tiny and chosen by the
// size of n.

// ecmD is the stage-2 giant step; the baby steps are the j < ecmD/2 coprime
// to ecmD.
const ecmD = 120

// ecmBabies lists the j in [1, ecmD/2) coprime to ecmD.
var ecmBabies = [...]uint64{1, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 49, 53, 59}

// ecmPlan holds the precomputed work for one pair of bounds.
type ecmPlan struct {
	stage1 []uint64 // products of prime powers up to B1, each below 2^64
	k0     uint64   // first giant step
	masks  []uint16 // per giant step k0+i: which babies pair with a prime
}

// ecmPlans are indexed by ecmPlanFor.
var ecmPlans = [...]ecmPlan{
	newECMPlan(70, 2500),
	newECMPlan(125, 4000),
	newECMPlan(165, 6000),
	newECMPlan(205, 8000),
}

// ecmPlanFor picks the bounds for n by its bit length.
func ecmPlanFor(n uint64) *ecmPlan {
	switch {
	case n < 1<<44:
		return &ecmPlans[0]
	case n < 1<<52:
		return &ecmPlans[1]
	case n < 1<<58:
		return &ecmPlans[2]
	default:
		return &ecmPlans[3]
	}
}

func newECMPlan(b1, b2 uint64) ecmPlan {
	composite := make([]bool, b2+ecmD)
	for p := uint64(2); p*p < uint64(len(composite)); p++ {
		for q := p * p; q < uint64(len(composite)); q += p {
			composite[q] = true
		}
	}
	var plan ecmPlan
	acc := uint64(1)
	for p := uint64(2); p <= b1; p++ {
		if composite[p] {
			continue
		}
		q := p
		for q*p <= b1 {
			q *= p
		}
		if acc > ^uint64(0)/q {
			plan.stage1 = append(plan.stage1, acc)
			acc = 1
		}
		acc *= q
	}
	plan.stage1 = append(plan.stage1, acc)
	// Prime q in (b1, b2] is q = k*ecmD ± j for one giant k and baby j.
	plan.k0 = (b1 + 1 + ecmD/2) / ecmD
	for k := plan.k0; k <= (b2+ecmD/2)/ecmD; k++ {
		var mask uint16
		for i, j := range ecmBabies {
			for _, q := range [2]uint64{k*ecmD - j, k*ecmD + j} {
				if q > b1 && q <= b2 && !composite[q] {
					mask |= 1 << i
				}
			}
		}
		plan.masks = append(plan.masks, mask)
	}
	return plan
}

// ecmPoint is a point in X:Z coordinates, both in Montgomery form.
type ecmPoint struct{ x, z uint64 }

// ecmCurve is one curve modulo n.
type ecmCurve struct {
	m   *mont64
	a24 uint64 // (A+2)/4 in Montgomery form
}

// dbl returns 2P.
func (c *ecmCurve) dbl(p ecmPoint) ecmPoint {
	m := c.m
	s := m.add(p.x, p.z)
	d := m.sub(p.x, p.z)
	ss := m.mul(s, s)
	dd := m.mul(d, d)
	t := m.sub(ss, dd) // 4XZ
	return ecmPoint{m.mul(ss, dd), m.mul(t, m.add(dd, m.mul(c.a24, t)))}
}

// add returns P+Q given diff = P-Q.
func (c *ecmCurve) add(p, q, diff ecmPoint) ecmPoint {
	m := c.m
	u := m.mul(m.sub(p.x, p.z), m.add(q.x, q.z))
	v := m.mul(m.add(p.x, p.z), m.sub(q.x, q.z))
	s := m.add(u, v)
	d := m.sub(u, v)
	return ecmPoint{m.mul(diff.z, m.mul(s, s)), m.mul(diff.x, m.mul(d, d))}
}

// ladder returns kP and (k+1)P for k >= 1.
func (c *ecmCurve) ladder(p ecmPoint, k uint64) (ecmPoint, ecmPoint) {
	r0, r1 := p, c.dbl(p)
	for i := bits.Len64(k) - 2; i >= 0; i-- {
		if k>>uint(i)&1 != 0 {
			r0, r1 = c.add(r1, r0, p), c.dbl(r1)
		} else {
			r0, r1 = c.dbl(r0), c.add(r1, r0, p)
		}
	}
	return r0, r1
}

// ecm64 returns a non-trivial factor of the odd composite n, which must not
// be a perfect square, or n itself if maxCurves curves all fail.
func ecm64(n uint64, maxCurves int) uint64 {
	m := newMont64(n)
	plan := ecmPlanFor(n)
	for sigma := uint64(6); sigma < 6+uint64(maxCurves); sigma++ {
		if d := ecmCurveRun(&m, plan, sigma); d != 1 && d != n {
			return d
		}
	}
	return n
}

// ecmCurveRun runs both stages on the Suyama curve for sigma and returns
// gcd(result, n): a factor, 1 or n.
func ecmCurveRun(m *mont64, plan *ecmPlan, sigma uint64) uint64 {
	n := m.n
	// u = sigma^2-5, v = 4 sigma, P = (u^3 : v^3),
	// a24 = (v-u)^3 (3u+v) / (16 u^3 v).
	s := m.to(sigma % n)
	u := m.sub(m.mul(s, s), m.to(5%n))
	v := m.add(m.add(s, s), m.add(s, s))
	u3 := m.mul(m.mul(u, u), u)
	v3 := m.mul(m.mul(v, v), v)
	vu := m.sub(v, u)
	num := m.mul(m.mul(m.mul(vu, vu), vu), m.add(m.add(m.add(u, u), u), v))
	den := m.mul(u3, v)
	for range 4 {
		den = m.add(den, den)
	}
	inv, g := invMod64(m.from(den), n)
	if g != 1 {
		return g
	}
	c := ecmCurve{m: m, a24: m.mul(num, m.to(inv))}
	p := ecmPoint{u3, v3}

	for _, k := range plan.stage1 {
		p, _ = c.ladder(p, k)
	}
	if g := gcd64(p.z, n); g != 1 {
		return g
	}

	// Stage 2: x(kD·P) = x(j·P) mod a factor exactly when (kD ± j)·P = 0.
	var babies [len(ecmBabies)]ecmPoint
	p2 := c.dbl(p)
	prev, cur := p, c.add(p2, p, p) // (j-2)P and jP for j = 3
	babies[0] = p
	bi := 1
	for j := uint64(5); j < ecmD/2; j += 2 {
		prev, cur = cur, c.add(cur, p2, prev)
		if ecmBabies[bi] == j {
			babies[bi] = cur
			bi++
		}
	}
	step, _ := c.ladder(p, ecmD)
	g0, g1 := c.ladder(step, plan.k0)
	acc := m.one
	for _, mask := range plan.masks {
		for i := range babies {
			if mask>>uint(i)&1 != 0 {
				b := &babies[i]
				acc = m.mul(acc, m.sub(m.mul(g0.x, b.z), m.mul(b.x, g0.z)))
			}
		}
		g0, g1 = g1, c.add(g1, step, g0)
	}
	return gcd64(acc, n)
}

// invMod64 returns a^-1 mod the odd n and g = gcd(a, n); the inverse is
// only meaningful when g == 1. It is the binary extended Euclid algorithm.
func invMod64(a, n uint64) (inv, g uint64) {
	half := func(x uint64) uint64 {
		if x&1 == 0 {
			return x >> 1
		}
		return x>>1 + n>>1 + 1 // (x+n)/2 without overflow, x and n odd
	}
	// Invariants: x1*a = u and x2*a = v (mod n); v stays odd.
	u, v := a, n
	x1, x2 := uint64(1), uint64(0)
	for u != 0 {
		for u&1 == 0 {
			u >>= 1
			x1 = half(x1)
		}
		if u < v {
			u, v, x1, x2 = v, u, x2, x1
		}
		u -= v
		if x1 < x2 {
			x1 += n
		}
		x1 -= x2
	}
	return x2, v
}
