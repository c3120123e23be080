// Command supervision factors the numbers on stdin as GNU factor does,
// with a supervision strategy of its own and chaos that makes a tenth of
// the chunks crash their worker. The strategy restarts a worker that
// failed once, and stops one that failed twice in a row without answering
// a chunk in between: the coordinator then replaces it with a fresh worker
// that must answer a known-good canary first. Nothing is lost either way;
// stderr says what supervision did.
//
//	go run . < numbers.txt
package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// secondStrike restarts a failed worker, unless it failed the last time
// too: then it stops it.
type secondStrike struct {
	mu     sync.Mutex
	failed map[string]bool // by worker, since it last answered
}

// HandleFailure restarts or stops the child that failed.
func (s *secondStrike) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	_ *actor.RestartStatistics, reason any, _ any) {
	s.mu.Lock()
	again := s.failed[child.Id]
	s.failed[child.Id] = true
	s.mu.Unlock()
	directive := actor.RestartDirective
	if again {
		directive = actor.StopDirective
		supervisor.StopChildren(child)
	} else {
		supervisor.RestartChildren(child)
	}
	// Published as protoactor's own strategies do, so that the run counts it.
	system.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: directive})
}

// Succeeded forgets a worker's failure once it answers a chunk.
func (s *secondStrike) Succeeded(child *actor.PID) {
	s.mu.Lock()
	delete(s.failed, child.Id)
	s.mu.Unlock()
}

func init() {
	actors.RegisterStrategy("second-strike", func(actors.Supervision) actor.SupervisorStrategy {
		return &secondStrike{failed: make(map[string]bool)}
	})
}

func main() {
	cfg := actors.DefaultConfig()
	cfg.Supervision.Strategy = "second-strike"
	cfg.Chunk = core.Chunking{Mode: actors.ChunkFixed, Size: 16} // many chunks, many crashes
	cfg.Chaos = actors.Chaos{PanicRate: 0.1, Seed: 1}
	summary, err := actors.Run(context.Background(), cfg, os.Stdin, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "supervision:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "supervision: %d numbers, %d restarts, %d stops, %d workers replaced\n",
		summary.Numbers, summary.Supervision.Restarts, summary.Supervision.Stops, summary.Replaced)
}
