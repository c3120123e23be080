package factor

import (
	"math/bits"
	"sync"
)

// ecm128Plan is what ECM precomputes for one stage-1 bound B1: the stage-1
// multipliers and the baby-step giant-step layout of stage 2.
type ecm128Plan struct {
	b1, b2     uint64
	stage1     []uint64 // products of the prime powers up to B1, each < 2^64
	d          uint64   // giant step
	babyJ      []uint64 // odd j < d/2 coprime to d, ascending
	firstGiant uint64   // giant steps g cover g*d-d/2 .. g*d+d/2
	lastGiant  uint64
	composites []uint64 // oddComposites up to B2: the smaller sieve when it covers B2
}

// ecm128Stage2Ratio is B2/B1.
const ecm128Stage2Ratio = 100

// newECM128Plan builds the plan for bound b1.
func newECM128Plan(b1 uint64) *ecm128Plan {
	p := &ecm128Plan{b1: b1, b2: min(b1*ecm128Stage2Ratio, sieveLimit-1), d: 210}
	if b1 >= 5000 {
		p.d = 2310
	}
	p.composites = oddComposites[0]()
	if p.b2 >= smallSieveLimit {
		p.composites = oddComposites[1]()
	}
	chunk := uint64(1)
	for q := uint64(2); q <= b1; q++ {
		if !p.isPrime(q) {
			continue
		}
		pk := q
		for pk <= b1/q {
			pk *= q
		}
		if hi, _ := bits.Mul64(chunk, pk); hi != 0 {
			p.stage1 = append(p.stage1, chunk)
			chunk = 1
		}
		chunk *= pk
	}
	p.stage1 = append(p.stage1, chunk)
	for j := uint64(1); j < p.d/2; j += 2 {
		if j%3 != 0 && j%5 != 0 && j%7 != 0 && (p.d < 2310 || j%11 != 0) {
			p.babyJ = append(p.babyJ, j)
		}
	}
	p.firstGiant = max(2, (b1+p.d/2)/p.d)
	p.lastGiant = (p.b2 + p.d/2) / p.d
	return p
}

// pairHasPrime reports whether center-j or center+j is a prime in (B1, B2].
func (p *ecm128Plan) pairHasPrime(center, j uint64) bool {
	lo, hi := center-j, center+j
	return lo > p.b1 && lo <= p.b2 && p.isPrime(lo) || hi > p.b1 && hi <= p.b2 && p.isPrime(hi)
}

// sieveLimit bounds the primes ECM enumerates (and so its B2).
const sieveLimit = 1 << 23

// smallSieveLimit bounds a first, smaller sieve, which serves the ECM
// levels a pretest reaches (B2 up to 200,000) without the 10 ms of the
// whole one.
const smallSieveLimit = 1 << 18

// oddComposites[0] marks the odd composites below smallSieveLimit,
// oddComposites[1] those below sieveLimit: bit i set means 2i+1 is
// composite. Each is sieved on first use.
var oddComposites = [2]func() []uint64{
	sync.OnceValue(func() []uint64 { return sieveOddComposites(smallSieveLimit) }),
	sync.OnceValue(func() []uint64 { return sieveOddComposites(sieveLimit) }),
}

// isPrime reports whether q <= p.b2 is prime. It is asked twice for each
// pair of stage 2, so the sieve is chosen once, with the plan.
func (p *ecm128Plan) isPrime(q uint64) bool {
	if q&1 == 0 {
		return q == 2
	}
	i := q >> 1
	return q > 1 && p.composites[i>>6]>>(i&63)&1 == 0
}

// sieveOddComposites marks the odd composites below limit.
func sieveOddComposites(limit uint64) []uint64 {
	b := make([]uint64, limit/128+1)
	for p := uint64(3); p*p < limit; p += 2 {
		if b[p>>7]>>(p>>1&63)&1 != 0 {
			continue
		}
		for q := p * p; q < limit; q += 2 * p {
			b[q>>7] |= 1 << (q >> 1 & 63)
		}
	}
	return b
}
