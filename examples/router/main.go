// Command router factors the numbers on stdin as GNU factor does, with a
// router of its own: the power of two choices. For each chunk it draws
// two workers at random and gives the chunk to the one holding fewer,
// which balances load nearly as well as asking every worker, at the cost
// of asking two (Mitzenmacher, 1996).
//
//	go run . < numbers.txt
package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// twoChoices is the power-of-two-choices router.
type twoChoices struct{ rng *rand.Rand }

// Pick draws two of the workers with room for the chunk and returns the
// one holding fewer chunks.
func (r twoChoices) Pick(_ core.Chunk, workers []core.Worker) int {
	a, b := r.rng.IntN(len(workers)), r.rng.IntN(len(workers))
	if workers[b].Load < workers[a].Load {
		return b
	}
	return a
}

func init() {
	core.RegisterRouter("two-choices", func(seed uint64) core.Router {
		return twoChoices{rand.New(rand.NewPCG(seed, 2))}
	})
}

func main() {
	cfg := actors.DefaultConfig()
	cfg.Router = "two-choices"
	if _, err := actors.Run(context.Background(), cfg, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "router:", err)
		os.Exit(1)
	}
}
