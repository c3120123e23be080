// Package actors is actorfactor's actor system: a coordinator that reads the
// batch, cuts it into chunks and gathers the results with request futures,
// and the workers that parse, factor and format the chunks.
//
//	feeder ──block──▶ coordinator ──FactorRequest──▶ dispatcher ──▶ workers
//	(cuts input)        │    ▲                                       │
//	                    │    └────────────FactorReply (future)◀──────┘
//	emitter ◀──block────┘
//	(copies output)
//
// The feeder and the emitter are plain goroutines at the edges, so that no
// actor ever blocks on I/O.
package actors

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/input"
)

// System is a protoactor actor system that hosts runs one after another.
// Creating one costs a few milliseconds (protoactor's process registry), so
// callers that run many batches, such as bench, keep one.
type System struct {
	actors *actor.ActorSystem
}

// NewSystem starts an actor system that logs to logger (nil: nowhere).
func NewSystem(logger *slog.Logger) *System {
	return SystemOf(NewActorSystem(logger))
}

// NewActorSystem returns a protoactor actor system that logs to logger
// (nil: nowhere), for a System or a node.
func NewActorSystem(logger *slog.Logger) *actor.ActorSystem {
	return actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(logger))))
}

// SystemOf returns a System that hosts runs on an actor system made
// elsewhere, such as a cluster member's.
func SystemOf(system *actor.ActorSystem) *System {
	return &System{actors: system}
}

// Close shuts the actor system down.
func (s *System) Close() { s.actors.Shutdown() }

// Run factors every token of src on a fresh actor system and passes the
// results to sink; see System.Run.
func Run(ctx context.Context, cfg Config, src input.Cutter, sink Sink) (Summary, error) {
	s := NewSystem(cfg.Logger)
	defer s.Close()
	return s.Run(ctx, cfg, src, sink)
}

// Run factors every token of src with a coordinator and cfg.Workers workers
// and passes the results to sink. It returns when every token has been
// answered and written, or when ctx is cancelled and the chunks in flight
// are written (then with ErrInterrupted). cfg.Logger is not used: the
// system's logger is. Runs on one System must not overlap.
func (s *System) Run(ctx context.Context, cfg Config, src input.Cutter, sink Sink) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	directives := directiveCounter{observer: cfg.Observer}
	defer s.actors.EventStream.Unsubscribe(directives.subscribe(s.actors.EventStream))
	summary, err := s.launch(cfg, src, sink).wait(ctx)
	summary.Supervision = directives.counts()
	return summary, err
}

// pipelineRun is a run under way: its coordinator and the goroutines at its edges.
type pipelineRun struct {
	system      *actor.ActorSystem
	coordinator *actor.PID
	start       time.Time
	finished    chan outcome
	runEnded    chan struct{}
	asks        chan int
	blocks      chan *block
	emitterDone sync.WaitGroup
}

// outcome is how a run ended.
type outcome struct {
	summary Summary
	err     error
}

// launch starts the coordinator, the feeder and the emitter.
func (s *System) launch(cfg Config, src input.Cutter, sink Sink) *pipelineRun {
	r := &pipelineRun{
		system:   s.actors,
		start:    time.Now(),
		finished: make(chan outcome, 1),
		runEnded: make(chan struct{}),
		asks:     make(chan int, readAhead),
		blocks:   make(chan *block, cfg.Window+1),
	}
	e := edges{
		asks:     r.asks,
		blocks:   r.blocks,
		finish:   func(s Summary, err error) { r.finished <- outcome{s, err} },
		runEnded: r.runEnded,
	}
	// The coordinator reports its own panic through finish; its guardian
	// then stops it rather than restart it with stale state.
	// Its name is unique among processes too: a node's agent tells the
	// coordinators at one address apart by it.
	r.coordinator = r.system.Root.SpawnPrefix(actor.PropsFromProducer(func() actor.Actor { return newCoordinator(cfg, e) },
		actor.WithGuardian(stopOnPanic)), "coordinator-"+r.system.ID+"-")

	// The feeder ends when asks is closed, or with the process when it is
	// blocked reading a source that never ends (Run does not wait for it).
	send := func(msg any) { r.system.Root.Send(r.coordinator, msg) }
	go (&feeder{src: src, asks: r.asks, deliver: func(b *block) { send(b) }}).run()
	r.emitterDone.Go((&emitter{sink: sink, blocks: r.blocks, written: func(err error) { send(&blockWritten{err: err}) }}).run)
	return r
}

// wait waits for the run to finish, asking it to drain when ctx is done.
func (r *pipelineRun) wait(ctx context.Context) (Summary, error) {
	var out outcome
	select {
	case out = <-r.finished:
	case <-ctx.Done():
		r.system.Root.Send(r.coordinator, &drain{})
		out = <-r.finished
	}
	// The coordinator touches no edge once it has finished. Stopping it is
	// not waited for: a wedged worker may never return.
	r.system.Root.Stop(r.coordinator)
	close(r.runEnded)
	close(r.asks)
	close(r.blocks)
	r.emitterDone.Wait()
	out.summary.Elapsed = time.Since(r.start)
	return out.summary, out.err
}

// loggerFactory gives the actor system the configured logger, or one that
// discards everything.
func loggerFactory(logger *slog.Logger) func(*actor.ActorSystem) *slog.Logger {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return func(*actor.ActorSystem) *slog.Logger { return logger }
}
