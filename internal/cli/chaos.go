package cli

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/input"
)

// chaosFlags are the fault-injection flags, shared by every command that
// runs workers.
type chaosFlags struct {
	panicRate float64
	seed      uint64
	delay     time.Duration
	poison    []string
	stall     []string
}

func (c *chaosFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&c.panicRate, "chaos-panic-rate", 0, "fraction of chunks on which a worker panics")
	fs.Uint64Var(&c.seed, "chaos-seed", 1, "seed of the chaos decisions (same seed, same faults)")
	fs.DurationVar(&c.delay, "chaos-delay", 0, "longest random pause of a worker before each number")
	fs.StringSliceVar(&c.poison, "chaos-poison", nil, "comma-separated numbers whose handling always panics (also as a composite whose sieve is shared)")
	fs.StringSliceVar(&c.stall, "chaos-stall", nil, "comma-separated numbers whose handling hangs until the run ends (a wedged worker: see --chunk-timeout)")
}

// chaos returns the configured faults.
func (c *chaosFlags) chaos() (actors.Chaos, error) {
	poison, errPoison := parseNumbers("--chaos-poison", c.poison)
	stall, errStall := parseNumbers("--chaos-stall", c.stall)
	out := actors.Chaos{PanicRate: c.panicRate, Seed: c.seed, Delay: c.delay, Poison: poison, Stall: stall}
	return out, errors.Join(errPoison, errStall)
}

// parseNumbers parses the values of a list flag as non-negative integers.
func parseNumbers(flag string, values []string) ([]*big.Int, error) {
	var nums []*big.Int
	var bad []string
	for _, s := range values {
		n, ok := new(big.Int).SetString(strings.TrimPrefix(strings.TrimSpace(s), "+"), 10)
		if !ok || n.Sign() < 0 {
			bad = append(bad, fmt.Sprintf("'%s'", input.Shorten(s)))
			continue
		}
		nums = append(nums, n)
	}
	if len(bad) > 0 {
		return nums, fmt.Errorf("%s: %s not a valid positive integer", flag, strings.Join(bad, ", "))
	}
	return nums, nil
}
