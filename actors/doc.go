// Package actors factors batches of integers with protoactor actors: a
// coordinator reads the batch, cuts it into chunks and dispatches them to
// worker actors, which reply with their numbers' lines; the coordinator
// gathers the replies with request futures and writes the lines in input
// order, as GNU factor does.
//
//	feeder ──block──▶ coordinator ──FactorRequest──▶ worker-1 … worker-N
//	(reads input)        │    ▲                         │
//	                     │    └── FactorReply (future) ◀┘
//	emitter ◀──block─────┘
//	(writes output)
//
// # Running a batch
//
// [Run] factors the numbers of any io.Reader to any io.Writer with a
// [Config]; [DefaultConfig] is the command line's: a worker per CPU,
// chunks sized to about a millisecond of work, the least-loaded router and
// one-for-one supervision. A [System] hosts runs one after another, on an
// actor system of its own or on a cluster member's ([SystemOf]), whose
// members then lend the run their workers ([Config.Cluster]).
//
// # The model
//
// The coordinator is a thin actor around a deterministic core
// ([core.Core], package actors/core), which makes every decision: how
// much to read ahead ([Config.Window] bounds memory), how large a chunk
// is, which worker gets it, what becomes of a chunk that failed. The
// actor turns the core's decisions into sends, request futures, spawns
// and stops, and what comes back into the core's inputs; nothing inside
// an actor ever blocks, and the feeder and emitter are plain goroutines
// at the edges. Because the core is deterministic, it is tested with a
// simulator that replays any schedule of faults from its seed.
//
// Workers are the coordinator's children, supervised by the run's
// strategy. A worker that panics answers the chunk it panicked on with a
// crash reply naming the number it was on, then panics again for its
// supervisor: protoactor drops the message an actor panicked on, so the
// coordinator, not the mailbox, owns what is outstanding. A crash is a
// fact about a number: it travels alone, and a value that crashed
// [Supervision.Retries] workers, and was never answered, is skipped
// wherever it occurs and named. A crash between numbers (chaos's random
// panics) or a worker lost says nothing about the numbers: they are sent
// again. A timeout is not a crash: the worker is wedged and replaced, and
// a number that alone takes longer than [Config.ChunkTimeout] is named.
// A replacement answers a known-good canary before it gets real work,
// and a run whose replacements keep failing theirs gives up on workers
// ([ErrNoWorkers]). Dispatch is at-least-once and replies are taken once
// by dispatch id, so each number is written, or named, exactly once.
//
// # Experimenting
//
// Routers and supervision strategies are registered by name and chosen
// by name in the Config, as the command line's --router and --supervisor
// do: a router implements [core.Router] and is registered with
// [core.RegisterRouter]; a strategy is any protoactor
// actor.SupervisorStrategy, registered with [RegisterStrategy], which
// hears of every chunk its workers answer if it implements
// [SuccessObserver]. An observer ([Config.Observer]) is told of every
// event of a run as a typed [core.Event]: chunks sent and answered,
// crashes, directives, replacements, quarantines, members, load. [Chaos]
// injects faults: random panics, slow workers, numbers that always panic
// or hang.
//
// # Examples
//
// Each is checked by go test and shown with the API by go doc's web
// servers (pkgsite, godoc): ExampleRun runs a batch from a string to
// stdout; Example_router registers a router of its own ("local-first")
// and runs with it; Example_strategy registers a supervision strategy
// ("patient") that hears of every chunk its workers answer;
// ExampleObserverFunc counts a run's typed events. The module's examples/
// directory holds two whole programs an outside module could hold: a
// router that picks the less loaded of two random workers, and a strategy
// that stops a worker at its second crash.
package actors
