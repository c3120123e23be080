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
	// TellParent makes the worker tell its parent, with a local
	// chunkAnswered message, of every chunk it answered: a node's agent,
	// whose strategy supervises the worker but which sees no reply.
	TellParent bool
}

// chunkAnswered tells a worker's parent that the worker answered a chunk
// (not with a crash reply). It never crosses the wire.
type chunkAnswered struct {
	worker *actor.PID
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
		return
	case *messages.FactorRequest:
		w.factor(ctx, msg)
	case *messages.SieveRequest:
		w.sieve(ctx, msg)
	default:
		return
	}
	if w.cfg.Pull {
		w.askForWork(ctx)
	}
}

// answerCrash, deferred by a handler, answers the request it panicked on
// with the reply crash makes, then panics again for the supervisor to
// decide on a restart. protoactor drops the message an actor panicked on,
// and a remote worker's failure never reaches the coordinator, so the
// worker answers the request itself.
func answerCrash(ctx actor.Context, crash func() any) {
	if r := recover(); r != nil {
		ctx.Respond(crash())
		panic(r)
	}
}

// sieve answers one sieve request.
func (w *Worker) sieve(ctx actor.Context, req *messages.SieveRequest) {
	defer answerCrash(ctx, func() any {
		return &messages.SieveReply{TaskId: req.TaskId, Worker: ctx.Self().Id, Crashed: true, Incarnation: w.incarnation}
	})
	if w.chaos != nil {
		w.chaos.sieveStarts(req)
	}
	reply := w.siever.Sieve(req)
	reply.Worker = ctx.Self().Id
	ctx.Respond(reply)
}

// factor answers one chunk; a crash reply names the token it crashed on.
func (w *Worker) factor(ctx actor.Context, req *messages.FactorRequest) {
	defer answerCrash(ctx, func() any {
		crash := &messages.FactorReply{ChunkId: req.ChunkId, FirstIndex: req.FirstIndex, Worker: ctx.Self().Id,
			Crashed: true, Incarnation: w.incarnation}
		if i, ok := w.solver.Handling(); ok {
			crash.CrashedOn = uint32(i) + 1
		}
		return crash
	})
	if w.chaos != nil {
		w.chaos.chunkStarts(req)
	}
	reply := w.solver.Solve(req)
	reply.Worker = ctx.Self().Id
	ctx.Respond(reply)
	if w.cfg.TellParent {
		ctx.Send(ctx.Parent(), &chunkAnswered{worker: ctx.Self()})
	}
}

// askForWork tells the coordinator that the worker is ready for a chunk.
func (w *Worker) askForWork(ctx actor.Context) {
	ctx.Request(w.cfg.Coordinator, &messages.WorkRequest{Worker: ctx.Self().Id, Incarnation: w.incarnation})
}
