package actors_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// patient restarts a failed worker every time, as protoactor's restarting
// strategy does. (A strategy that also implements actors.SuccessObserver
// hears of every chunk its workers answer.)
type patient struct{}

func (patient) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	_ *actor.RestartStatistics, reason any, _ any) {
	supervisor.RestartChildren(child)
	// Published as protoactor's own strategies do, so that the run counts it.
	system.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: actor.RestartDirective})
}

func init() {
	actors.RegisterStrategy("patient", func(actors.Supervision) actor.SupervisorStrategy { return patient{} })
}

// A supervision strategy of your own is registered by name, then named in
// the Config (or with the command line's --supervisor). Here half the
// chunks crash their worker (chaos), and the strategy restarts it:
// nothing is lost.
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
	fmt.Println("restarted:", summary.Supervision.Restarts > 0, "skipped:", summary.Skipped)
	// Output:
	// 4: 2 2
	// 5: 5
	// 6: 2 3
	// 7: 7
	// 8: 2 2 2
	// 9: 3 3
	// restarted: true skipped: 0
}
