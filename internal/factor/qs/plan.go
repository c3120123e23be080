package qs

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"sort"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// Plan is everything the sieve derives from n alone. Every actor that
// sieves for n builds the same Plan from n, so only n travels.
type Plan struct {
	n, kn *big.Int
	k     uint64
	params

	// Column j of the matrix stands for primes[j]: column 0 is the sign,
	// primes[0] = 0; column 1 is 2; the rest are odd primes p for which kn
	// is a square mod p, with sqrts[j]^2 = kn (mod p). A prime dividing k
	// has the single root 0.
	primes []uint32
	sqrts  []uint32
	logs   []uint8
	// recips[j] = floor((2^64-1)/p)+1: x mod p for x < 2^32 is the high
	// word of (recips[j]*x mod 2^64) * p (Lemire's fastmod).
	recips []uint64
	// invs[j] is primes[j]^-1 mod 2^64 and lims[j] = floor((2^64-1)/p): a
	// 64-bit q is divisible by p exactly when q*invs[j] <= lims[j], and
	// the product is then q/p.
	invs, lims []uint64
	// inv32s and lim32s are the same modulo 2^32, for rootHits.
	inv32s, lim32s []uint32

	firstSieved int // primes below this index are not sieved
	firstLarge  int // primes from this index on exceed the interval and are sieved through buckets
	// firstSparse is the first sieved prime of sparseFrom or more: those
	// up to firstLarge are sieved over the whole interval at once.
	firstSparse int
	sieveInit   uint8  // the sieve's start value: a cell that reaches 128 is a candidate
	lpBound     uint64 // the largest large prime kept
	// dlpBound is the largest cofactor kept as the product of two large
	// primes; 0 when relations keep one large prime at most.
	dlpBound uint64
	// cofactorBits is the size in bits of the largest cofactor kept.
	cofactorBits int
	logTargetA   float64 // log2 of the ideal A, sqrt(2kn)/M
	aPool        [2]int  // A's primes but the last come from these indices
	aMin, aMax   int     // A's last prime comes from indices in [aMin, aMax)
}

// BaseSize returns the number of primes in the factor base.
func (p *Plan) BaseSize() int { return len(p.primes) - 1 }

// ErrUnsuitable is returned by NewPlan for an n the sieve cannot take: even,
// too small, or too large.
var ErrUnsuitable = errors.New("not an odd number of 40 to 400 bits")

// maxBits is the largest n the sieve takes: its polynomial values must fit
// a wide.
const maxBits = 400

// NewPlan builds the plan for the odd composite n, which must not be a
// perfect power. When a factor-base prime divides n it returns that prime
// as a factor instead of a plan.
func NewPlan(n *big.Int) (plan *Plan, factor *big.Int, err error) {
	if n.Bit(0) == 0 || n.BitLen() < 40 || n.BitLen() > maxBits {
		return nil, nil, fmt.Errorf("qs: %v: %w", n, ErrUnsuitable)
	}
	pr := paramsFor(n.BitLen())
	k, d := multiplier(n)
	if d != 0 {
		return nil, new(big.Int).SetUint64(d), nil
	}
	p := &Plan{n: n, kn: new(big.Int).Mul(n, new(big.Int).SetUint64(k)), k: k, params: pr}
	if d := p.buildBase(); d != 0 {
		return nil, new(big.Int).SetUint64(d), nil
	}
	p.setThresholds()
	p.setAPool()
	return p, nil, nil
}

// buildBase fills the factor base. It returns a base prime that divides n,
// or 0.
func (p *Plan) buildBase() uint64 {
	for _, s := range []*[]uint32{&p.primes, &p.sqrts, &p.inv32s, &p.lim32s} {
		*s = make([]uint32, 0, p.fbSize)
	}
	p.logs = make([]uint8, 0, p.fbSize)
	for _, s := range []*[]uint64{&p.recips, &p.invs, &p.lims} {
		*s = make([]uint64, 0, p.fbSize)
	}
	p.primes = append(p.primes, 0, 2)
	p.sqrts = append(p.sqrts, 0, 1)
	p.logs = append(p.logs, 0, 1)
	p.recips = append(p.recips, 0, 0)
	p.invs = append(p.invs, 0, 0)
	p.lims = append(p.lims, 0, 0)
	p.inv32s = append(p.inv32s, 0, 0)
	p.lim32s = append(p.lim32s, 0, 0)
	words := p.kn.Bits()
	limit := uint32(4 * p.fbSize * (bits.Len(uint(p.fbSize)) + 2))
	last := uint32(2)
	for len(p.primes) < p.fbSize {
		table := primesUpTo(limit)
		start := sort.Search(len(table), func(i int) bool { return table[i] > last })
		for _, q := range table[start:] {
			if len(p.primes) == p.fbSize {
				break
			}
			last = q
			r := modular.Rem(words, uint64(q))
			switch {
			case r == 0 && p.k%uint64(q) != 0:
				return uint64(q)
			case r != 0 && modular.Jacobi(r, uint64(q)) != 1:
				continue
			}
			p.primes = append(p.primes, q)
			p.sqrts = append(p.sqrts, uint32(sqrtMod(r, uint64(q))))
			p.logs = append(p.logs, roundLog2(q))
			p.recips = append(p.recips, math.MaxUint64/uint64(q)+1)
			inv := uint64(q)
			for range 5 {
				inv *= 2 - uint64(q)*inv
			}
			p.invs = append(p.invs, inv)
			p.lims = append(p.lims, math.MaxUint64/uint64(q))
			p.inv32s = append(p.inv32s, uint32(inv))
			p.lim32s = append(p.lim32s, math.MaxUint32/q)
		}
		limit *= 2
	}
	return 0
}

// roundLog2 returns log2(q) rounded to the nearest integer, for q > 0.
func roundLog2(q uint32) uint8 {
	k := bits.Len32(q) - 1
	if uint64(q)*uint64(q) >= 1<<(2*k+1) { // q >= 2^(k+1/2)
		k++
	}
	return uint8(k)
}

// setThresholds sets the unsieved primes, the sieve's start value and the
// large-prime bound. A polynomial value is at most about M*sqrt(kn/2); a
// cell is a candidate when the logs of its sieved primes add up to that
// size less the largest large prime and the expected share of the primes
// that are not sieved.
func (p *Plan) setThresholds() {
	p.firstSieved = 2
	for p.firstSieved < len(p.primes)-1 && p.primes[p.firstSieved] < uint32(p.sieveFrom) {
		p.firstSieved++
	}
	p.firstLarge = sort.Search(len(p.primes), func(i int) bool { return i >= p.firstSieved && p.primes[i] >= uint32(2*p.halfWidth) })
	p.firstSparse = sort.Search(len(p.primes), func(i int) bool { return i >= p.firstSieved && p.primes[i] >= sparseFrom })
	p.firstSparse = min(max(p.firstSparse, p.firstSieved), p.firstLarge)
	largest := uint64(p.primes[len(p.primes)-1])
	p.lpBound = largest * uint64(p.lpMult)
	p.cofactorBits = bits.Len64(p.lpBound)
	if p.dlpExp > 0 {
		p.dlpBound = uint64(math.Pow(float64(p.lpBound), p.dlpExp))
		p.cofactorBits = bits.Len64(p.dlpBound)
	}
	logQ := math.Log2(float64(p.halfWidth)) + float64(p.kn.BitLen()-1)/2
	unsieved := 1.0 // the expected power of 2
	for j := 2; j < p.firstSieved; j++ {
		q := float64(p.primes[j])
		roots := 2.0
		if p.k%uint64(p.primes[j]) == 0 {
			roots = 1
		}
		unsieved += roots * math.Log2(q) / (q - 1)
	}
	threshold := logQ - float64(p.cofactorBits) - unsieved - p.slack
	p.sieveInit = uint8(128 - max(0, min(127, math.Round(threshold))))
}

// maxAPrimes bounds the primes of A: even at maxBits they stay far below.
const maxAPrimes = 32

// setAPool chooses where A's primes come from: s-1 of them from indices
// around the s-th root of the ideal A, the last to bring the product close
// to it, all below the interval, since the primes sieved through buckets
// have roots for every polynomial. Fewer primes are used when the base is too
// small for s.
func (p *Plan) setAPool() {
	p.logTargetA = float64(p.kn.BitLen()+1)/2 - math.Log2(float64(p.halfWidth))
	p.aMin, p.aMax = p.firstSieved, p.firstLarge
	for p.aMin < len(p.primes) && p.k%uint64(p.primes[p.aMin]) == 0 {
		p.aMin++
	}
	top := float64(p.primes[p.aMax-1])
	for p.aPrimes > 2 && math.Exp2(p.logTargetA/float64(p.aPrimes)) < 2*float64(p.primes[p.aMin]) {
		p.aPrimes--
	}
	for math.Exp2(p.logTargetA/float64(p.aPrimes)) > top/2 && p.aPrimes < maxAPrimes {
		p.aPrimes++
	}
	ideal := uint32(math.Exp2(p.logTargetA / float64(p.aPrimes)))
	c := sort.Search(len(p.primes), func(i int) bool { return p.primes[i] >= ideal })
	width := max(2*p.aPrimes, (p.aMax-p.aMin)/40)
	hi := min(p.aMax, max(c-width/2, p.aMin)+width)
	lo := max(p.aMin, hi-width)
	p.aPool = [2]int{lo, hi}
}

// splitBudget bounds the steps of rho on a cofactor: enough for factors up
// to about 2^30, far above any large-prime bound.
const splitBudget = 1 << 16

// largePrimes returns the large primes p <= q of a partial relation's
// cofactor: 1 and the cofactor itself when it is at most the large-prime
// bound, else the two primes of which it is the product; false when it is
// neither.
func (p *Plan) largePrimes(cofactor uint64) (uint64, uint64, bool) {
	if cofactor <= p.lpBound {
		return 1, cofactor, cofactor > 1
	}
	if cofactor > p.dlpBound || cofactor&1 == 0 {
		return 0, 0, false
	}
	d := splitComposite(cofactor, splitBudget)
	if d == 0 {
		return 0, 0, false
	}
	q1, q2 := min(d, cofactor/d), max(d, cofactor/d)
	return q1, q2, q2 <= p.lpBound
}
