package actors_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// localFirst gives each chunk to the least-loaded worker of the
// coordinator's own process, and to a cluster member's only when every
// local worker is busy: a round trip over the network costs more than a
// short wait.
type localFirst struct{}

func (localFirst) Pick(_ core.Chunk, workers []core.Worker) int {
	best := -1
	for i, w := range workers {
		local := w.Member == ""
		switch {
		case best < 0:
			best = i
		case local != (workers[best].Member == ""):
			if local {
				best = i
			}
		case w.Load < workers[best].Load:
			best = i
		}
	}
	return best
}

func init() {
	core.RegisterRouter("local-first", func(uint64) core.Router { return localFirst{} })
}

// A router of your own is registered by name, then named in the Config
// (or with the command line's --router).
func Example_router() {
	cfg := actors.DefaultConfig()
	cfg.Router = "local-first"
	in := strings.NewReader("30 31 32 33")
	if _, err := actors.Run(context.Background(), cfg, in, os.Stdout, os.Stderr); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 30: 2 3 5
	// 31: 31
	// 32: 2 2 2 2 2
	// 33: 3 11
}
