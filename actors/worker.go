package actors

import (
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/messages"
)

// WorkerConfig configures a worker.
type WorkerConfig struct {
	// Coordinator receives the worker's *messages.WorkRequest messages.
	Coordinator *actor.PID
	// Chaos injects faults; the zero value injects none.
	Chaos Chaos
	// RunEnded is closed when the run ends: a worker stalled by chaos
	// returns then.
	RunEnded <-chan struct{}
	// Pull makes the worker ask for work after every chunk too, not only
	// when it starts.
	Pull bool
}

// Worker factors the chunks it receives and replies to each with a
// *messages.FactorReply. It tells the coordinator when it is ready for work,
// and when it panics on a chunk it still answers it, with a crash reply,
// before its supervisor restarts it. It keeps no state that matters: a
// restarted worker is as good as the one it replaces.
type Worker struct {
	cfg WorkerConfig
	// incarnation counts the starts of this worker: 1, then one more at
	// every restart.
	incarnation uint64
	solver      chunk.Solver
	siever      chunk.Siever
	chaos       *chaosMonkey
}

var _ actor.Actor = (*Worker)(nil)

// NewWorker returns the producer of a worker; protoactor calls it again
// at every restart.
func NewWorker(cfg WorkerConfig) actor.Producer {
	var starts atomic.Uint64
	return func() actor.Actor {
		w := &Worker{cfg: cfg, incarnation: starts.Add(1)}
		if cfg.Chaos.Enabled() {
			w.chaos = newChaosMonkey(cfg.Chaos, cfg.RunEnded)
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
		if w.cfg.Pull {
			w.askForWork(ctx)
		}
	case *messages.SieveRequest:
		w.sieve(ctx, msg)
		if w.cfg.Pull {
			w.askForWork(ctx)
		}
	}
}

// sieve answers one sieve request; a panic is answered with a crash reply
// before it goes to the supervisor, as in factor.
func (w *Worker) sieve(ctx actor.Context, req *messages.SieveRequest) {
	defer func() {
		if r := recover(); r != nil {
			ctx.Respond(&messages.SieveReply{TaskId: req.TaskId, Worker: ctx.Self().Id, Crashed: true, Incarnation: w.incarnation})
			panic(r)
		}
	}()
	if w.chaos != nil {
		w.chaos.sieveStarts(req)
	}
	reply := w.siever.Sieve(req)
	reply.Worker = ctx.Self().Id
	ctx.Respond(reply)
}

// factor answers one chunk. protoactor drops the message an actor panicked
// on, and a remote worker's failure never reaches the coordinator, so the
// worker answers a chunk it panicked on itself, then panics again for its
// supervisor to decide on a restart.
func (w *Worker) factor(ctx actor.Context, req *messages.FactorRequest) {
	defer func() {
		if r := recover(); r != nil {
			crash := &messages.FactorReply{ChunkId: req.ChunkId, FirstIndex: req.FirstIndex, Worker: ctx.Self().Id,
				Crashed: true, Incarnation: w.incarnation}
			if i, ok := w.solver.Handling(); ok {
				crash.CrashedOn = uint32(i) + 1
			}
			ctx.Respond(crash)
			panic(r)
		}
	}()
	if w.chaos != nil {
		w.chaos.chunkStarts(req)
	}
	reply := w.solver.Solve(req)
	reply.Worker = ctx.Self().Id
	ctx.Respond(reply)
}

// askForWork tells the coordinator that the worker is ready for a chunk.
func (w *Worker) askForWork(ctx actor.Context) {
	ctx.Request(w.cfg.Coordinator, &messages.WorkRequest{Worker: ctx.Self().Id, Incarnation: w.incarnation})
}
