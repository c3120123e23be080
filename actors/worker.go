package actors

import (
	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/messages"
)

// Worker factors the chunks it receives and replies to each with a
// *messages.FactorReply. It keeps no state that matters: a restarted worker
// is as good as the one it replaces.
type Worker struct {
	solver chunk.Solver
	chaos  *chaosMonkey
}

var _ actor.Actor = (*Worker)(nil)

// NewWorker returns the producer of a worker that injects the given chaos
// (none when it is the zero value).
func NewWorker(chaos Chaos) actor.Producer {
	return func() actor.Actor {
		w := &Worker{}
		if chaos.Enabled() {
			w.chaos = newChaosMonkey(chaos)
			w.solver.Before = w.chaos.beforeNumber
		}
		return w
	}
}

// Receive handles one message.
func (w *Worker) Receive(ctx actor.Context) {
	if req, ok := ctx.Message().(*messages.FactorRequest); ok {
		w.factor(ctx, req)
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
