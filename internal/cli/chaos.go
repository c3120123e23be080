package cli

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/actorfactor/actorfactor/actors"
)

// chaosFlags are the fault-injection flags, shared by every command that
// runs workers.
type chaosFlags struct {
	panicRate float64
	seed      uint64
	delay     time.Duration
	poison    []string
}

func (c *chaosFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&c.panicRate, "chaos-panic-rate", 0, "fraction of chunks on which a worker panics")
	fs.Uint64Var(&c.seed, "chaos-seed", 1, "seed of the chaos decisions (same seed, same faults)")
	fs.DurationVar(&c.delay, "chaos-delay", 0, "longest random pause of a worker before each number")
	fs.StringSliceVar(&c.poison, "chaos-poison", nil, "comma-separated numbers whose handling always panics")
}

// chaos returns the configured faults.
func (c *chaosFlags) chaos() (actors.Chaos, error) {
	out := actors.Chaos{PanicRate: c.panicRate, Seed: c.seed, Delay: c.delay}
	var bad []string
	for _, s := range c.poison {
		n, ok := new(big.Int).SetString(strings.TrimPrefix(strings.TrimSpace(s), "+"), 10)
		if !ok || n.Sign() < 0 {
			bad = append(bad, fmt.Sprintf("'%s'", s))
			continue
		}
		out.Poison = append(out.Poison, n)
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("--chaos-poison: %s not a valid positive integer", strings.Join(bad, ", "))
	}
	return out, nil
}
