package qs

import (
	"math/big"
	"math/bits"
	"slices"
)

// Collector gathers the relations for one n, found by sieving the
// families of Plan.NewFamilies: it keeps the full relations and the
// partial ones, counts the cycles among the partials' large primes, and
// finds the factor once the fulls and the cycles outnumber the columns.
type Collector struct {
	plan     *Plan
	fulls    []Relation
	partials []Relation // the graph's edges, in order
	graph    *largeGraph
	seen     map[uint64]struct{} // a hash of X of every relation kept, to drop repeats
	used     []bool              // columns that some relation touches
	columns  int                 // how many are
	extra    int                 // rows to gather beyond the columns
}

// extraRows returns how many rows beyond the columns they touch the
// collector gathers before it looks for dependencies: each dependency gives
// a factor with probability 1/2, so a few leave a small chance of finding
// none, which More then repairs with a few rows more; every row costs
// sieving, most at small n, where the columns are few (measured: 4 +
// columns/64 beat 10 + columns/32 by 3-4% at 64-100 bits, 1-2% at 100-116).
func extraRows(columns int) int { return min(40, 4+columns/64) }

// NewCollector returns an empty collector.
func (p *Plan) NewCollector() *Collector {
	// Sizes seen at 60-240 bits: several times as many partials as
	// columns.
	return &Collector{
		plan:     p,
		partials: make([]Relation, 0, 4*len(p.primes)),
		graph:    newLargeGraph(4 * len(p.primes)),
		seen:     make(map[uint64]struct{}, 8*len(p.primes)),
		used:     make([]bool, len(p.primes)),
		extra:    extraRows(len(p.primes)),
	}
}

// Add keeps the relation, unless it repeats one already kept (or, once in
// a blue moon, its X has the hash of another's: a relation lost does no
// harm), or its large primes are not what the plan allows.
func (c *Collector) Add(r Relation) {
	key := hashX(r.X)
	if _, ok := c.seen[key]; ok {
		return
	}
	if r.Large == 1 {
		c.fulls = append(c.fulls, r)
	} else {
		p, q, ok := r.Split[0], r.Split[1], r.Split[0] != 0
		if !ok {
			p, q, ok = c.plan.largePrimes(r.Large)
		}
		if !ok {
			return
		}
		c.graph.add(p, q)
		c.partials = append(c.partials, r)
	}
	c.seen[key] = struct{}{}
	for _, j := range r.Columns {
		if !c.used[j] {
			c.used[j] = true
			c.columns++
		}
	}
}

// hashX mixes the words of x's magnitude and its sign.
func hashX(x *big.Int) uint64 {
	h := uint64(x.Sign() + 1)
	for _, w := range x.Bits() {
		h = (h ^ uint64(w)) * 0x9e3779b97f4a7c15
		h ^= h >> 29
	}
	return h
}

// Progress returns the rows held (full relations and cycles of partial
// ones), the rows Ready waits for, and the partial relations held.
func (c *Collector) Progress() (rows, needed, partials int) {
	return c.rows(), c.columns + c.extra, len(c.partials)
}

func (c *Collector) rows() int { return len(c.fulls) + c.graph.cycles }

// Ready reports whether the collector holds enough rows to look for
// dependencies.
func (c *Collector) Ready() bool { return c.rows() >= c.columns+c.extra }

// Factor looks for a proper factor of n among the dependencies of the rows
// held. When none gives one it returns nil; more relations will help.
func (c *Collector) Factor() *big.Int {
	rows := make([][]Relation, 0, c.rows())
	for i := range c.fulls {
		rows = append(rows, c.fulls[i:i+1])
	}
	for _, cycle := range c.graph.cycleEdges() {
		row := make([]Relation, len(cycle))
		for k, e := range cycle {
			row[k] = c.partials[e]
		}
		rows = append(rows, row)
	}
	odd := make([][]uint32, len(rows))
	parity := make([]bool, len(c.plan.primes))
	size := 0
	for _, row := range rows {
		for _, r := range row {
			size += len(r.Columns)
		}
	}
	flat := make([]uint32, 0, size)
	for i, row := range rows {
		start := len(flat)
		flat = appendOddColumns(flat, row, parity)
		odd[i] = flat[start:len(flat):len(flat)]
	}
	for dep := range dependencies(odd, len(c.plan.primes)) {
		if d := c.squareRoot(rows, dep); d != nil {
			return d
		}
	}
	return nil
}

// appendOddColumns appends to dst the columns with an odd exponent in the
// row's product, using parity (all false, len columns) as scratch.
func appendOddColumns(dst []uint32, row []Relation, parity []bool) []uint32 {
	for _, r := range row {
		for _, j := range r.Columns {
			parity[j] = !parity[j]
		}
	}
	for _, r := range row {
		for _, j := range r.Columns {
			if parity[j] {
				dst = append(dst, j)
				parity[j] = false
			}
		}
	}
	return dst
}

// squareRoot turns a dependency, rows whose product is a square Y^2 and
// congruent to the square X^2 of the product of their X, into gcd(X-Y, n);
// nil when that is 1 or n. Each row's large primes pair up among its
// relations, and Y takes one of each pair.
func (c *Collector) squareRoot(rows [][]Relation, dep []int) *big.Int {
	p := c.plan
	n := p.n
	exps := make([]int, len(p.primes))
	x, y := newProduct(n), newProduct(n)
	var large []uint64
	for _, i := range dep {
		large = large[:0]
		for _, r := range rows[i] {
			x.mulBig(r.X)
			for _, j := range r.Columns {
				exps[j]++
			}
			switch {
			case r.Split[0] != 0:
				large = append(large, r.Split[:]...)
			case r.Large != 1:
				q1, q2, _ := p.largePrimes(r.Large)
				large = append(large, q1, q2)
			}
		}
		slices.Sort(large)
		for k := 0; k+1 < len(large); k++ {
			if large[k] == large[k+1] && large[k] != 1 {
				y.mulWord(large[k])
				k++
			}
		}
	}
	for j := 1; j < len(exps); j++ {
		for range exps[j] / 2 {
			y.mulWord(uint64(p.primes[j]))
		}
	}
	d := new(big.Int).Sub(x.value(), y.value())
	d.GCD(nil, nil, d.Abs(d), n)
	if d.Cmp(bigOne) == 0 || d.Cmp(n) == 0 {
		return nil
	}
	return d
}

// product multiplies factors modulo n: word-sized ones into a word while
// it holds them, the rest into a big.Int that is reduced only once it has
// grown to a few times n's size, which costs less than a reduction per
// factor.
type product struct {
	n    *big.Int
	acc  uint64
	v, w big.Int
}

func newProduct(n *big.Int) *product {
	p := &product{n: n, acc: 1}
	p.v.SetInt64(1)
	return p
}

func (p *product) mulWord(f uint64) {
	if hi, lo := bits.Mul64(p.acc, f); hi == 0 {
		p.acc = lo
		return
	}
	p.mulBig(p.w.SetUint64(p.acc))
	p.acc = f
}

func (p *product) mulBig(f *big.Int) {
	if p.v.Mul(&p.v, f); p.v.BitLen() > 8*p.n.BitLen() {
		p.v.Mod(&p.v, p.n)
	}
}

// value returns the product, reduced mod n.
func (p *product) value() *big.Int {
	p.mulBig(p.w.SetUint64(p.acc))
	p.acc = 1
	return p.v.Mod(&p.v, p.n)
}

var bigOne = big.NewInt(1)

// More raises the rows needed after dependencies gave no factor.
func (c *Collector) More() { c.extra += extraRows(len(c.plan.primes)) / 2 }
