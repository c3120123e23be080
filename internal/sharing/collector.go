package sharing

import (
	"log/slog"
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/factor/qs"
)

// Collector gathers the relations of one composite sieved by many workers.
// Once they make a factor, it factors both parts. It is used from one
// goroutine, its actor's.
type Collector struct {
	number *big.Int
	effort factor.Effort // for the parts
	col    *qs.Collector
	phase  Phase
	// barren counts the replies in a row that brought no relation.
	barren int
	// logger, if not nil, is told of the sieve's phases; logged is the
	// tenth of the rows needed last logged.
	logger *slog.Logger
	logged int
}

// maxBarren is how many replies in a row may bring no relation before the
// collector factors its composite itself: the workers' families have run
// out, which only a tiny factor base allows, and its own sieve hands over
// to ECM then.
const maxBarren = 100

// nearlyDoneShare is the share of the rows needed from which a collector
// is nearly done.
const nearlyDoneShare = 0.9

// Split is how a collector's composite split: the parts' prime factors,
// and their composites to share in turn. GaveUp says the effort's
// deadline passed while the parts were factored.
type Split struct {
	Primes, Composites []*big.Int
	GaveUp             bool
}

// NewCollector returns the collector of composite n; effort bounds the
// factoring of its parts. logger may be nil.
func NewCollector(n *big.Int, effort factor.Effort, logger *slog.Logger) *Collector {
	return &Collector{number: n, effort: effort, logger: logger}
}

// Start plans the sieve. It returns the split at once when the composite
// needs no shared sieve after all: a factor-base prime divides it, or it
// is too small for the sieve.
func (c *Collector) Start() *Split {
	plan, d, err := qs.NewPlan(c.number)
	switch {
	case d != nil:
		return c.split(d)
	case err != nil:
		return c.factorHere()
	}
	c.col, c.phase = plan.NewCollector(), Gathering
	c.log("shared sieve started", "factor_base", plan.BaseSize())
	return nil
}

// Phase returns where the collector stands.
func (c *Collector) Phase() Phase { return c.phase }

// Add keeps the relations of a reply, or splits the composite with d, a
// factor a worker's ECM found (nil when none). It returns the split once
// there is one.
func (c *Collector) Add(relations []qs.Relation, d *big.Int) *Split {
	if d != nil {
		return c.split(d)
	}
	if len(relations) > 0 {
		c.barren = 0
	} else if c.barren++; c.barren == maxBarren {
		return c.factorHere()
	}
	for _, r := range relations {
		c.col.Add(r)
	}
	rows, needed, partials := c.col.Progress()
	if tenth := 10 * rows / needed; tenth > c.logged {
		c.logged = tenth
		c.log("shared sieve relations", "rows", rows, "needed", needed, "partials", partials)
	}
	if c.phase == Gathering && float64(rows) >= nearlyDoneShare*float64(needed) {
		c.phase = NearlyDone
	}
	if c.col.Ready() {
		c.phase = Matrix
	}
	return nil
}

// Solve runs the matrix once the phase is Matrix. It returns the split, or
// nil when the matrix gave no factor: the collector is nearly done again
// and wants more relations.
func (c *Collector) Solve() *Split {
	start := time.Now()
	rows, needed, _ := c.col.Progress()
	d := c.col.Factor()
	c.log("shared sieve matrix", "rows", rows, "columns", needed, "elapsed", time.Since(start), "split", d != nil)
	if d != nil {
		return c.split(d)
	}
	c.col.More()
	c.phase = NearlyDone
	return nil
}

// factorHere factors the composite in the collector, without sharing it
// again.
func (c *Collector) factorHere() *Split {
	c.effort.ShareFrom = 0
	return c.split(c.number)
}

// split factors d and number/d, sharing their large composites again.
func (c *Collector) split(d *big.Int) *Split {
	c.col = nil
	s := &Split{}
	for _, part := range []*big.Int{d, new(big.Int).Quo(c.number, d)} {
		primes, composites, err := factor.AppendFactorsBigWith(nil, part, c.effort)
		if err != nil {
			return &Split{GaveUp: true}
		}
		s.Primes = append(s.Primes, primes...)
		s.Composites = append(s.Composites, composites...)
	}
	return s
}

// log tells the logger, if any, of a phase of the sieve.
func (c *Collector) log(msg string, args ...any) {
	if c.logger != nil {
		c.logger.Info(msg, append([]any{"bits", c.number.BitLen()}, args...)...)
	}
}
