package factor

import (
	"math/big"
	"math/bits"
	"sync"
	"time"
)

// modArith is arithmetic modulo a fixed odd n on residues of type E, in
// whatever representation the implementation likes (Montgomery form for
// mont128, mont192 and wideMont, plain for bigModulus). The ECM engine
// below runs on any of them: two limbs for n < 2^128, three written out up
// to 2^192, fixed-size limb arrays up to 512 bits, math/big beyond.
type modArith[E any] interface {
	mul(a, b E) E
	add(a, b E) E
	sub(a, b E) E
	// small returns the residue of the small integer v.
	small(v uint64) E
	// inverse returns x^-1, or false when x shares a factor with n.
	inverse(x E) (E, bool)
	// properFactor returns gcd(x, n) and whether it is a proper factor of n.
	properFactor(x E) (*big.Int, bool)
}

// curvePoint is a point on a Montgomery curve in projective X:Z coordinates.
type curvePoint[E any] struct{ x, z E }

// ecm128Level is one step of an ECM effort schedule: curves to run with
// stage-1 bound b1 (stage 2 runs to 100*b1); curves = 0 repeats forever.
type ecm128Level struct {
	b1     uint64
	curves int
}

// ecmEffort raises B1 gradually so that small factors are found cheaply;
// its last level, meant for factors of 55-70 bits, repeats forever.
var ecmEffort = []ecm128Level{
	{150, 8}, {400, 16}, {1000, 24}, {2000, 32}, {5000, 48},
	{11000, 96}, {25000, 160}, {50000, 0},
}

// ecmPlans are the plans of the levels of ecmEffort, each built on first
// use.
var ecmPlans = func() []func() *ecm128Plan {
	plans := make([]func() *ecm128Plan, len(ecmEffort))
	for i, level := range ecmEffort {
		plans[i] = sync.OnceValue(func() *ecm128Plan { return newECM128Plan(level.b1) })
	}
	return plans
}()

// ecmFactor returns a proper factor of the odd composite n behind m, which must
// not be a perfect power, with Lenstra's elliptic curve method on Montgomery
// curves (Suyama's parametrization, Montgomery-curveLadder stage 1, baby-step
// giant-step stage 2). It returns only on success, which may take very long
// when n has no factor below 2^70; the curves are deterministic. Once
// deadline (not the zero time) has passed it panics with errGaveUp before
// its next curve.
func ecmFactor[E any, A modArith[E]](m A, deadline time.Time) *big.Int {
	d, _ := ecmUntil[E](m, time.Time{}, deadline)
	return d
}

// ecmUntil runs the curves of ecmEffort in order and returns the first
// proper factor found, or false when budget (not the zero time) has passed
// before a curve. Once deadline (not the zero time) has passed it panics
// with errGaveUp before its next curve.
func ecmUntil[E any, A modArith[E]](m A, budget, deadline time.Time) (*big.Int, bool) {
	sigma := uint64(6)
	for i, level := range ecmEffort {
		plan := ecmPlans[i]()
		for c := 0; level.curves == 0 || c < level.curves; c++ {
			now := time.Now()
			if !deadline.IsZero() && now.After(deadline) {
				panic(errGaveUp)
			}
			if !budget.IsZero() && now.After(budget) {
				return nil, false
			}
			sigma++
			if d, ok := runCurve[E](m, sigma, plan); ok {
				return d, true
			}
		}
	}
	return nil, false
}

// runCurve runs both stages on the curve for Suyama parameter sigma:
// u = sigma^2-5, v = 4*sigma, start (u^3 : v^3), (A+2)/4 = (v-u)^3(3u+v)/(16u^3v).
func runCurve[E any, A modArith[E]](m A, sigma uint64, plan *ecm128Plan) (*big.Int, bool) {
	s := m.small(sigma)
	u := m.sub(m.mul(s, s), m.small(5))
	v := m.mul(s, m.small(4))
	u3 := m.mul(m.mul(u, u), u)
	v3 := m.mul(m.mul(v, v), v)
	vmu := m.sub(v, u)
	num := m.mul(m.mul(m.mul(vmu, vmu), vmu), m.add(m.mul(u, m.small(3)), v))
	den := m.mul(m.mul(u3, v), m.small(16))
	inv, ok := m.inverse(den)
	if !ok {
		return m.properFactor(den)
	}
	a24 := m.mul(num, inv)
	p := curvePoint[E]{u3, v3}
	for _, k := range plan.stage1 {
		p = curveLadder(m, p, k, a24)
	}
	if d, ok := m.properFactor(p.z); ok {
		return d, true
	}
	return m.properFactor(curveStage2(m, p, a24, plan))
}

// curveDbl returns 2P.
func curveDbl[E any, A modArith[E]](m A, p curvePoint[E], a24 E) curvePoint[E] {
	s := m.add(p.x, p.z)
	d := m.sub(p.x, p.z)
	ss := m.mul(s, s)
	dd := m.mul(d, d)
	t := m.sub(ss, dd) // 4XZ
	return curvePoint[E]{m.mul(ss, dd), m.mul(t, m.add(dd, m.mul(a24, t)))}
}

// curveAdd returns P+Q given diff = P-Q.
func curveAdd[E any, A modArith[E]](m A, p, q, diff curvePoint[E]) curvePoint[E] {
	u := m.mul(m.sub(p.x, p.z), m.add(q.x, q.z))
	v := m.mul(m.add(p.x, p.z), m.sub(q.x, q.z))
	s := m.add(u, v)
	d := m.sub(u, v)
	return curvePoint[E]{m.mul(diff.z, m.mul(s, s)), m.mul(diff.x, m.mul(d, d))}
}

// curveLadder returns kP for k >= 1 with the Montgomery curveLadder.
func curveLadder[E any, A modArith[E]](m A, p curvePoint[E], k uint64, a24 E) curvePoint[E] {
	if k == 1 {
		return p
	}
	r0, r1 := p, curveDbl(m, p, a24)
	for i := bits.Len64(k) - 2; i >= 0; i-- {
		if k>>i&1 == 1 {
			r0, r1 = curveAdd(m, r1, r0, p), curveDbl(m, r1, a24)
		} else {
			r0, r1 = curveDbl(m, r0, a24), curveAdd(m, r1, r0, p)
		}
	}
	return r0
}

// curveStage2 returns the product of Xg*Zj - Xj*Zg over all pairs (g, j) for
// which g*D-j or g*D+j is a prime in (B1, B2]: a factor p of n divides it
// when the order of Q mod p is B1-smooth apart from one such prime. It uses
// Xg*Zj - Xj*Zg = (Xg-Xj)(Zg+Zj) - XgZg + XjZj: two products a pair.
func curveStage2[E any, A modArith[E]](m A, q curvePoint[E], a24 E, plan *ecm128Plan) E {
	baby := make([]curvePoint[E], len(plan.babyJ))
	babyXZ := make([]E, len(plan.babyJ))
	q2 := curveDbl(m, q, a24)
	prev, cur := q, curveAdd(m, q2, q, q) // 1Q and 3Q; then steps of 2Q
	next := 0
	if plan.babyJ[0] == 1 {
		baby[0], babyXZ[0] = q, m.mul(q.x, q.z)
		next = 1
	}
	for j := uint64(3); next < len(plan.babyJ); j += 2 {
		if j == plan.babyJ[next] {
			baby[next], babyXZ[next] = cur, m.mul(cur.x, cur.z)
			next++
		}
		prev, cur = cur, curveAdd(m, cur, q2, prev)
	}
	stepD := curveLadder(m, q, plan.d, a24)
	g := plan.firstGiant
	gPrev := curveLadder(m, q, (g-1)*plan.d, a24)
	gCur := curveLadder(m, q, g*plan.d, a24)
	acc := m.small(1)
	for ; g <= plan.lastGiant; g++ {
		gXZ := m.mul(gCur.x, gCur.z)
		for i, j := range plan.babyJ {
			if plan.pairHasPrime(g*plan.d, j) {
				t := m.mul(m.sub(gCur.x, baby[i].x), m.add(gCur.z, baby[i].z))
				acc = m.mul(acc, m.sub(m.add(t, babyXZ[i]), gXZ))
			}
		}
		gPrev, gCur = gCur, curveAdd(m, gCur, stepD, gPrev)
	}
	return acc
}
