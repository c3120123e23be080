package actors_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// patient restarts a failed worker every time, like protoactor's
// restarting strategy, and counts the failures and the chunks answered
// (a SuccessObserver hears of each).
type patient struct {
	failures, answered atomic.Int64
}

func (p *patient) HandleFailure(_ *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	_ *actor.RestartStatistics, _ any, _ any) {
	p.failures.Add(1)
	supervisor.RestartChildren(child)
}

func (p *patient) Succeeded(*actor.PID) { p.answered.Add(1) }

var strategy = &patient{}

func init() {
	actors.RegisterStrategy("patient", func(actors.Supervision) actor.SupervisorStrategy { return strategy })
}

// A supervision strategy of your own is registered by name, then named in
// the Config (or with the command line's --supervisor). Here every chunk
// of two numbers crashes its worker once (chaos), and the strategy
// restarts it: nothing is lost.
func Example_strategy() {
	cfg := actors.DefaultConfig()
	cfg.Workers = 2
	cfg.Supervision.Strategy = "patient"
	cfg.Chunk = core.Chunking{Mode: actors.ChunkFixed, Size: 2}
	cfg.Chaos = actors.Chaos{PanicRate: 0.5, Seed: 7}
	in := strings.NewReader("4 5 6 7 8 9")
	summary, err := actors.Run(context.Background(), cfg, in, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println("crashes restarted:", strategy.failures.Load() > 0, "numbers answered:", summary.Numbers-summary.Skipped)
	// Output:
	// 4: 2 2
	// 5: 5
	// 6: 2 3
	// 7: 7
	// 8: 2 2 2
	// 9: 3 3
	// crashes restarted: true numbers answered: 6
}
