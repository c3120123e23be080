package actors

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/messages"
)

// WorkerConfig configures a worker.
type WorkerConfig struct {
	// Chaos injects faults; the zero value injects none.
	Chaos Chaos
	// Pull makes the worker ask its parent for work with a
	// *messages.WorkRequest when it starts and after every chunk.
	Pull bool
}

// Worker factors the chunks it receives and replies to each with a
// *messages.FactorReply. It keeps no state that matters: a restarted worker
// is as good as the one it replaces.
type Worker struct {
	cfg    WorkerConfig
	solver chunk.Solver
	chaos  *chaosMonkey
}

var _ actor.Actor = (*Worker)(nil)

// NewWorker returns the producer of a worker.
func NewWorker(cfg WorkerConfig) actor.Producer {
	return func() actor.Actor {
		w := &Worker{cfg: cfg}
		if cfg.Chaos.Enabled() {
			w.chaos = newChaosMonkey(cfg.Chaos)
			w.solver.Before = w.chaos.beforeNumber
		}
		return w
	}
}

// Receive handles one message.
func (w *Worker) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		w.askForWork(ctx)
	case *messages.FactorRequest:
		w.factor(ctx, msg)
		w.askForWork(ctx)
	}
}

// factor answers one chunk.
func (w *Worker) factor(ctx actor.Context, req *messages.FactorRequest) {
	if w.chaos != nil {
		w.chaos.chunkStarts(req)
	}
	reply := w.solver.Solve(req)
	reply.Worker = ctx.Self().Id
	ctx.Respond(reply)
}

// askForWork tells a pulling worker's parent that it is idle.
func (w *Worker) askForWork(ctx actor.Context) {
	if w.cfg.Pull {
		ctx.Request(ctx.Parent(), &messages.WorkRequest{Worker: ctx.Self().Id})
	}
}
