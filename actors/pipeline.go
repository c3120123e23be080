// Package actors is actorfactor's actor system: a coordinator that reads the
// batch, cuts it into chunks and gathers the results with request futures,
// and the workers that factor the chunks.
//
//	feeder ──block──▶ coordinator ──FactorRequest──▶ router ──▶ workers
//	(input)             │    ▲                                   │
//	                    │    └──────────FactorReply (future)◀────┘
//	emitter ◀──block────┘
//	(output)
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
	cmap "github.com/orcaman/concurrent-map"

	"github.com/actorfactor/actorfactor/internal/input"
)

var registryShards sync.Once

// System is a protoactor actor system that hosts runs one after another.
// Creating one costs a few milliseconds (protoactor's process registry), so
// callers that run many batches, such as bench, keep one.
type System struct {
	actors *actor.ActorSystem
}

// NewSystem starts an actor system that logs to logger (nil: nowhere).
func NewSystem(logger *slog.Logger) *System {
	registryShards.Do(func() {
		// protoactor's process registry already spreads PIDs over 1024
		// concurrent maps; their default 32 shards each would make 32768
		// maps: 5 ms and 3 MB at every start for no gain in a process with
		// a few dozen actors.
		cmap.SHARD_COUNT = 1
	})
	return &System{actors: actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(logger))))}
}

// Close shuts the actor system down.
func (s *System) Close() { s.actors.Shutdown() }

// Run factors every token of src on a fresh actor system and passes the
// results to sink; see System.Run.
func Run(ctx context.Context, cfg Config, src input.Source, sink Sink) (Summary, error) {
	s := NewSystem(cfg.Logger)
	defer s.Close()
	return s.Run(ctx, cfg, src, sink)
}

// Run factors every token of src with a coordinator and cfg.Workers workers
// and passes the results to sink. It returns when every token has been
// answered and written, or when ctx is cancelled and the chunks in flight
// are written (then with ErrInterrupted). cfg.Logger is not used: the
// system's logger is. Runs on one System must not overlap.
func (s *System) Run(ctx context.Context, cfg Config, src input.Source, sink Sink) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	start := time.Now()
	system := s.actors
	var directives directiveCounter
	defer system.EventStream.Unsubscribe(directives.subscribe(system.EventStream))

	type outcome struct {
		summary Summary
		err     error
	}
	finished := make(chan outcome, 1)
	asks := make(chan int, 1)
	blocks := make(chan *block, cfg.Window+1)
	coordinator := newCoordinator(cfg, edges{
		asks:   asks,
		blocks: blocks,
		finish: func(s Summary, err error) { finished <- outcome{s, err} },
	})
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return coordinator }))

	// The feeder ends when asks is closed, or with the process when it is
	// blocked reading a source that never ends (Run does not wait for it).
	go (&feeder{src: src, asks: asks, deliver: func(b *block) { system.Root.Send(pid, b) }}).run()
	var emitterDone sync.WaitGroup
	emitterDone.Go((&emitter{sink: sink, blocks: blocks, written: func(err error) {
		system.Root.Send(pid, &blockWritten{err: err})
	}}).run)

	var out outcome
	select {
	case out = <-finished:
	case <-ctx.Done():
		system.Root.Send(pid, &drain{})
		out = <-finished
	}
	_ = system.Root.StopFuture(pid).Wait()
	close(asks)
	close(blocks)
	emitterDone.Wait()
	out.summary.Elapsed = time.Since(start)
	out.summary.Supervision = directives.counts()
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
