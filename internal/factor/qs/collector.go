package qs

import (
	"math/big"
)

// Collector gathers the relations for one n, found by sieving the
// families of Plan.NewFamilies: it pairs partial relations that share
// their large prime, and finds the factor once it holds more relations
// than columns.
type Collector struct {
	plan     *Plan
	rows     [][]Relation // each a full relation or two partials with one large prime
	partials map[uint64]Relation
	seen     map[string]bool // X of every relation kept, to drop repeats
	used     []bool          // columns that some row touches
	columns  int             // how many are
	extra    int             // rows to gather beyond the columns
}

// extraRows returns how many rows beyond the columns they touch the
// collector gathers before it looks for dependencies: each dependency gives
// a factor with probability 1/2, and at least ten of them leave a chance
// below 1/1000 of finding none.
func extraRows(columns int) int { return min(40, 10+columns/32) }

// NewCollector returns an empty collector.
func (p *Plan) NewCollector() *Collector {
	return &Collector{
		plan:     p,
		partials: map[uint64]Relation{},
		seen:     map[string]bool{},
		used:     make([]bool, len(p.primes)),
		extra:    extraRows(len(p.primes)),
	}
}

// Add keeps the relation, unless it repeats one already kept.
func (c *Collector) Add(r Relation) {
	key := string(r.X.Bytes())
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	if r.Large == 1 {
		c.addRow([]Relation{r})
		return
	}
	if first, ok := c.partials[r.Large]; ok {
		c.addRow([]Relation{first, r})
		return
	}
	c.partials[r.Large] = r
}

func (c *Collector) addRow(row []Relation) {
	c.rows = append(c.rows, row)
	for _, r := range row {
		for _, j := range r.Columns {
			if !c.used[j] {
				c.used[j] = true
				c.columns++
			}
		}
	}
}

// Progress returns the rows held (full relations and pairs of partials),
// the rows Ready waits for, and the partials still unpaired.
func (c *Collector) Progress() (rows, needed, partials int) {
	return len(c.rows), c.columns + c.extra, len(c.partials)
}

// Ready reports whether the collector holds enough rows to look for
// dependencies.
func (c *Collector) Ready() bool { return len(c.rows) >= c.columns+c.extra }

// Factor looks for a proper factor of n among the dependencies of the rows
// held. When none gives one it returns nil; more relations will help.
func (c *Collector) Factor() *big.Int {
	odd := make([][]uint32, len(c.rows))
	parity := make([]bool, len(c.plan.primes))
	for i, row := range c.rows {
		odd[i] = oddColumns(row, parity)
	}
	for _, dep := range dependencies(odd, len(c.plan.primes)) {
		if d := c.squareRoot(dep); d != nil {
			return d
		}
	}
	return nil
}

// oddColumns returns the columns with an odd exponent in the row's
// product, using parity (all false, len columns) as scratch.
func oddColumns(row []Relation, parity []bool) []uint32 {
	var odd []uint32
	for _, r := range row {
		for _, j := range r.Columns {
			parity[j] = !parity[j]
		}
	}
	for _, r := range row {
		for _, j := range r.Columns {
			if parity[j] {
				odd = append(odd, j)
				parity[j] = false
			}
		}
	}
	return odd
}

// squareRoot turns a dependency, rows whose product is a square Y^2 and
// congruent to the square X^2 of the product of their X, into gcd(X-Y, n);
// nil when that is 1 or n.
func (c *Collector) squareRoot(dep []int) *big.Int {
	p := c.plan
	n := p.n
	exps := make([]int, len(p.primes))
	x := big.NewInt(1)
	y := big.NewInt(1)
	for _, i := range dep {
		for _, r := range c.rows[i] {
			x.Mul(x, r.X)
			x.Mod(x, n)
			for _, j := range r.Columns {
				exps[j]++
			}
		}
		if len(c.rows[i]) == 2 {
			y.Mul(y, new(big.Int).SetUint64(c.rows[i][0].Large))
			y.Mod(y, n)
		}
	}
	var pe big.Int
	for j := 1; j < len(exps); j++ {
		if exps[j] == 0 {
			continue
		}
		pe.Exp(big.NewInt(int64(p.primes[j])), big.NewInt(int64(exps[j]/2)), n)
		y.Mul(y, &pe)
		y.Mod(y, n)
	}
	d := new(big.Int).Sub(x, y)
	d.GCD(nil, nil, d.Abs(d), n)
	if d.Cmp(bigOne) == 0 || d.Cmp(n) == 0 {
		return nil
	}
	return d
}

var bigOne = big.NewInt(1)

// More raises the rows needed after dependencies gave no factor.
func (c *Collector) More() { c.extra += extraRows(len(c.plan.primes)) / 2 }
