package qs

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// aChooser draws families: sets of factor-base indices whose primes
// multiply to about the ideal A, never the same set twice.
type aChooser struct {
	plan *Plan
	rng  *rand.Rand
	used map[string]bool
	pool [2]int // A's primes but the last come from these indices
}

func newAChooser(p *Plan, seed uint64) *aChooser {
	return &aChooser{plan: p, rng: rand.New(rand.NewPCG(seed, uint64(p.n.Bits()[0]))), used: map[string]bool{}, pool: p.aPool}
}

// next returns the indices, ascending, of a new family's primes, or false
// when it cannot find one: the factor base is too small for another A.
func (c *aChooser) next() ([]int, bool) {
	p := c.plan
	s := p.aPrimes
	for tries := 1; tries <= maxChooserTries; tries++ {
		if tries%100 == 0 || c.pool[1]-c.pool[0] < s-1 {
			c.widen()
		}
		if c.pool[1]-c.pool[0] < s-1 {
			return nil, false
		}
		idx := make([]int, 0, s)
		logA := 0.0
		for len(idx) < s-1 {
			j := c.pool[0] + c.rng.IntN(c.pool[1]-c.pool[0])
			if slices.Contains(idx, j) {
				continue
			}
			idx = append(idx, j)
			logA += math.Log2(float64(p.primes[j]))
		}
		want := uint32(math.Min(math.Exp2(p.logTargetA-logA), math.MaxUint32))
		j := sort.Search(len(p.primes), func(i int) bool { return p.primes[i] >= want })
		j = c.nearestFree(idx, min(max(j, p.aMin), p.aMax-1), want)
		if j < 0 {
			continue
		}
		// A off its ideal size by more than the tolerance, which grows
		// as draws fail, makes every polynomial value larger.
		if off := math.Abs(logA + math.Log2(float64(p.primes[j])) - p.logTargetA); off > 0.25+float64(tries)/20 {
			continue
		}
		idx = append(idx, j)
		slices.Sort(idx)
		key := string(fmtIndices(idx))
		if c.used[key] {
			continue
		}
		c.used[key] = true
		return idx, true
	}
	return nil, false
}

// Families draws families for a sieve whose relations go to a Collector,
// in the same goroutine or elsewhere, such as a worker sieving for another
// actor. Families drawn with different seeds almost never repeat each
// other, and a relation found twice is kept once.
type Families struct{ chooser *aChooser }

// NewFamilies returns the families drawn with the seed.
func (p *Plan) NewFamilies(seed uint64) *Families { return &Families{newAChooser(p, seed)} }

// Next returns the factor-base indices of a family not drawn before, or
// false when the factor base has no more.
func (f *Families) Next() ([]int, bool) { return f.chooser.next() }

// maxChooserTries is how many draws the chooser makes, widening its pool
// every hundred, before it gives up on finding a new family.
const maxChooserTries = 2000

// widen grows the pool of A's first primes by a quarter on each side, up to
// the indices in [aMin, aMax).
func (c *aChooser) widen() {
	grow := max(1, (c.pool[1]-c.pool[0])/4)
	c.pool[0] = max(c.plan.aMin, c.pool[0]-grow)
	c.pool[1] = min(c.plan.aMax, c.pool[1]+grow)
}

// nearestFree returns the index in [aMin, aMax), not in taken and not for
// a prime dividing k, whose prime is nearest to want, starting at j; -1 if
// there is none.
func (c *aChooser) nearestFree(taken []int, j int, want uint32) int {
	p := c.plan
	ok := func(i int) bool {
		return i >= p.aMin && i < p.aMax && !slices.Contains(taken, i) && p.k%uint64(p.primes[i]) != 0
	}
	best := -1
	for d := 0; d < len(p.primes); d++ {
		for _, i := range []int{j - d, j + d} {
			if !ok(i) {
				continue
			}
			if best < 0 || absDiff(p.primes[i], want) < absDiff(p.primes[best], want) {
				best = i
			}
		}
		if best >= 0 {
			return best
		}
	}
	return best
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func fmtIndices(idx []int) []byte {
	b := make([]byte, 0, 4*len(idx))
	for _, j := range idx {
		b = append(b, byte(j>>24), byte(j>>16), byte(j>>8), byte(j))
	}
	return b
}

// family is one A = prod primes[idx[l]] with its B terms: B_l is the
// multiple of A/q_l that is congruent to a square root of kn mod q_l and to
// 0 mod A's other primes, so that B = sum of +-B_l satisfies B^2 = kn mod A
// for every choice of signs.
type family struct {
	idx   []int
	a     *big.Int
	terms []*big.Int
	// qs and gs are A's primes and the multipliers of the B terms:
	// terms[l] = (A/qs[l]) * gs[l].
	qs, gs []uint64
}

func (p *Plan) newFamily(idx []int) *family {
	f := &family{idx: idx, a: big.NewInt(1)}
	for _, j := range idx {
		f.a.Mul(f.a, big.NewInt(int64(p.primes[j])))
	}
	for _, j := range idx {
		q := uint64(p.primes[j])
		aq := new(big.Int).Quo(f.a, big.NewInt(int64(q)))
		g := mulMod(uint64(p.sqrts[j]), invMod(modular.Rem(aq.Bits(), q), q), q)
		if g > q/2 {
			g = q - g
		}
		f.terms = append(f.terms, aq.Mul(aq, new(big.Int).SetUint64(g)))
		f.qs, f.gs = append(f.qs, q), append(f.gs, g)
	}
	return f
}
