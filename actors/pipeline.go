package actors

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
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

// Run factors every whitespace-separated number read from in on a fresh
// actor system and writes one line per number to out; see System.Run.
func Run(ctx context.Context, cfg Config, in io.Reader, out, errs io.Writer) (Summary, error) {
	s := NewSystem(cfg.Logger)
	defer s.Close()
	return s.Run(ctx, cfg, in, out, errs)
}

// Run factors every whitespace-separated number read from in and writes
// one line per number to out (nil: nowhere), as GNU factor does: "N: p1
// p2 ...", in input order unless cfg.Unordered. A token that is not a
// number, and a number given up, is named on errs (nil: nowhere) and
// counted in the Summary; the run goes on. It returns when every token is answered, or
// when ctx is done and the chunks in flight are written (then with
// ErrInterrupted). Runs on one System must not overlap.
func (s *System) Run(ctx context.Context, cfg Config, in io.Reader, out, errs io.Writer) (Summary, error) {
	sink := &writerSink{out: output.NewWriter(cmp.Or[io.Writer](out, io.Discard), outputOptions(cfg)), errs: cmp.Or[io.Writer](errs, io.Discard)}
	return s.Stream(ctx, cfg, input.NewReader(in), sink)
}

// Stream factors every token src cuts and passes the results to sink;
// it is Run for the command line's own sources and sinks.
func (s *System) Stream(ctx context.Context, cfg Config, src Source, sink Sink) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	strategy, _ := cfg.Supervision.NewStrategy()
	router, _ := core.NewRouter(cfg.Router, cfg.RouterSeed)
	directives := directiveCounter{observer: cfg.Observer}
	defer s.actors.EventStream.Unsubscribe(directives.subscribe(s.actors.EventStream))
	summary, err := s.launch(cfg, strategy, router, src, sink).wait(ctx)
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
	blocks      chan *core.Block
	emitter     *emitter
	emitterDone sync.WaitGroup
}

// outcome is how a run ended.
type outcome struct {
	summary Summary
	err     error
}

// launch starts the coordinator, the feeder and the emitter.
func (s *System) launch(cfg Config, strategy actor.SupervisorStrategy, router core.Router, src Source, sink Sink) *pipelineRun {
	r := &pipelineRun{
		system:   s.actors,
		start:    time.Now(),
		finished: make(chan outcome, 1),
		runEnded: make(chan struct{}),
		asks:     make(chan int, 2),
		blocks:   make(chan *core.Block, cmp.Or(cfg.Window, core.MaxAutoWindow)+1),
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
	r.coordinator = r.system.Root.SpawnPrefix(actor.PropsFromProducer(func() actor.Actor { return newCoordinator(cfg, e, strategy, router) },
		actor.WithGuardian(stopOnPanic)), "coordinator-"+r.system.ID+"-")

	// The feeder ends when asks is closed, or with the process when it is
	// blocked reading a source that never ends (Run does not wait for it).
	send := func(msg any) { r.system.Root.Send(r.coordinator, msg) }
	go (&feeder{src: src, asks: r.asks, deliver: func(b *core.Block) { send(b) }}).run()
	r.emitter = &emitter{sink: sink, opts: outputOptions(cfg), blocks: r.blocks,
		numberTimeout: core.Reason{Why: core.NotFactored, Timeout: cfg.NumberTimeout},
		written:       func(err error) { send(&blockWritten{err: err}) }}
	r.emitterDone.Go(r.emitter.run)
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
	out.summary.Numbers, out.summary.Invalid, out.summary.Skipped = r.emitter.numbers, r.emitter.invalid, r.emitter.skipped
	out.summary.Elapsed = time.Since(r.start)
	return out.summary, out.err
}

// outputOptions returns the options of the lines cfg asks for, as the
// workers write them (messages.Format numbers the formats as output does).
func outputOptions(cfg Config) output.Options {
	return output.Options{Format: output.Format(cfg.Format), Exponents: cfg.Exponents}
}

// writerSink is the sink of Run: lines to a writer, messages to another.
type writerSink struct {
	out  *output.Writer
	errs io.Writer
}

func (s *writerSink) Lines(lines []byte) error { return s.out.WriteLines(lines) }

func (s *writerSink) Invalid(message string) error {
	_, err := fmt.Fprintf(s.errs, "actorfactor: %s\n", message)
	return err
}

func (s *writerSink) Skipped(number string, reason core.Reason) error {
	_, err := fmt.Fprintf(s.errs, "actorfactor: %s skipped: %v\n", input.Shorten(number), reason)
	return err
}

func (s *writerSink) Written(input.Piece) error { return nil }

func (s *writerSink) Flush() error { return s.out.Flush() }

// loggerFactory gives the actor system the configured logger, or one that
// discards everything.
func loggerFactory(logger *slog.Logger) func(*actor.ActorSystem) *slog.Logger {
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return func(*actor.ActorSystem) *slog.Logger { return logger }
}
