package actors

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/messages"
)

// The chunk modes of Chunking.Mode.
const (
	ChunkAuto   = core.ChunkAuto
	ChunkFixed  = core.ChunkFixed
	ChunkStatic = core.ChunkStatic
)

// ParseChunking parses the --chunk flag: a positive size, "auto" or "static".
func ParseChunking(s string) (core.Chunking, error) {
	c := DefaultConfig().Chunk
	switch s {
	case "auto":
		return c, nil
	case "static":
		c.Mode = ChunkStatic
		return c, nil
	}
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || n < 1 || fmt.Sprint(n) != s {
		return c, fmt.Errorf("invalid chunk %q: want a positive size, auto or static", s)
	}
	c.Mode, c.Size = ChunkFixed, n
	return c, nil
}

// Config configures a run.
type Config struct {
	// Workers is the number of worker actors in this process.
	Workers int
	// Chunk says how the batch is cut into chunks.
	Chunk core.Chunking
	// Window is the most blocks of input read but not yet written at any
	// time: it bounds memory whatever the input size. 0 sizes it to what
	// the workers hold (two chunks each, plus their round trip in chunks)
	// and six blocks more per worker: eight per worker in this process.
	Window int
	// Unordered writes results as chunks complete instead of in input order.
	Unordered bool
	// Algorithm selects the workers' kernel.
	Algorithm messages.Algorithm
	// Format and Exponents say how the workers write the lines they
	// answer with: GNU factor's text (with p^e for repeated factors when
	// Exponents is set), JSON lines or CSV rows.
	Format    messages.Format
	Exponents bool
	// NumberTimeout, when not 0, bounds the effort on each number above 64
	// bits: one not factored in that time is given up and named.
	NumberTimeout time.Duration
	// ChunkTimeout is how long a dispatched chunk may take: a worker that
	// does not answer in time is wedged and replaced, and a number that
	// alone takes longer is named as not answered.
	ChunkTimeout time.Duration
	// Router names the router that picks the worker for each chunk: one
	// of core.RouterNames, the built-in ones or one registered with
	// core.RegisterRouter.
	Router string
	// RouterSeed seeds the router's random choices.
	RouterSeed uint64
	// Supervision says how failed workers are handled.
	Supervision Supervision
	// Chaos injects faults into the workers.
	Chaos Chaos
	// Logger receives the actor system's logs when Run makes the system,
	// and the shared sieves' progress; nil discards them.
	Logger *slog.Logger
	// Observer is told of the run's events; nil: nothing is.
	Observer core.Observer
	// Cluster makes the run use the workers of every member of the actor
	// system's cluster too, as they join and leave; Workers may then be 0.
	// NodeWorkers is how many workers it asks each member for (0: the
	// member's own --workers).
	Cluster     bool
	NodeWorkers int
	// ShareSieveBits, when not 0, is the size in bits from which a
	// composite that needs the quadratic sieve is sieved by the idle
	// workers together rather than by the one that met it, when nothing
	// else waits; from 240 bits it is always shared, by a single worker
	// too (see core.Config.ShareSieveBits).
	ShareSieveBits int
}

// DefaultConfig returns the configuration the command line starts from:
// one worker per CPU, adaptive chunks, a window sized to the workers and
// the least-loaded router.
func DefaultConfig() Config {
	workers := runtime.NumCPU()
	return Config{
		Workers:      workers,
		Chunk:        core.Chunking{Mode: ChunkAuto, Size: 64, Target: time.Millisecond},
		Router:       core.LeastLoaded,
		Supervision:  DefaultSupervision(),
		ChunkTimeout: 10 * time.Minute,

		ShareSieveBits: DefaultShareSieveBits,
	}
}

// DefaultShareSieveBits is the size from which the workers share a
// composite's quadratic sieve by default: one of 150 bits takes about
// 0.1 s on one core, where a few sieve requests of a few milliseconds each
// pay.
const DefaultShareSieveBits = 150

// Limits of a run's size: each worker is an actor with its own mailbox and
// each block of the window holds its numbers in memory.
const (
	MaxWorkers = core.MaxWorkers
	MaxWindow  = 1 << 16
)

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []error
	least := 1
	if c.Cluster {
		least = 0
	}
	if c.Workers < least || c.Workers > MaxWorkers {
		errs = append(errs, fmt.Errorf("workers must be within %d..%d, got %d", least, MaxWorkers, c.Workers))
	}
	if c.Window < 0 || c.Window > MaxWindow {
		errs = append(errs, fmt.Errorf("window must be within 1..%d, or 0 to size it to the workers, got %d", MaxWindow, c.Window))
	}
	if c.Chunk.Mode == ChunkFixed && c.Chunk.Size < 1 {
		errs = append(errs, fmt.Errorf("chunk size must be at least 1, got %d", c.Chunk.Size))
	}
	if c.Chunk.Mode == ChunkStatic && c.Cluster {
		errs = append(errs, errors.New("static chunks need a known number of workers: not in a cluster"))
	}
	if c.Chunk.Mode == ChunkAuto && c.Chunk.Target <= 0 {
		errs = append(errs, fmt.Errorf("chunk target must be positive, got %v", c.Chunk.Target))
	}
	if _, err := core.NewRouter(c.Router, 0); err != nil {
		errs = append(errs, err)
	}
	if _, ok := messages.Format_name[int32(c.Format)]; !ok {
		errs = append(errs, fmt.Errorf("unknown format %v", c.Format))
	}
	if c.Exponents && c.Format != messages.Format_FORMAT_TEXT {
		errs = append(errs, errors.New("exponents apply to the text format only"))
	}
	if err := c.Supervision.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Chaos.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.ShareSieveBits < 0 {
		errs = append(errs, fmt.Errorf("share sieve bits must not be negative, got %d", c.ShareSieveBits))
	}
	if c.NumberTimeout < 0 {
		errs = append(errs, fmt.Errorf("number timeout must not be negative, got %v", c.NumberTimeout))
	}
	if c.ChunkTimeout <= 0 {
		errs = append(errs, fmt.Errorf("chunk timeout must be positive, got %v", c.ChunkTimeout))
	}
	if c.Supervision.Strategy == ExponentialBackoff && c.Supervision.BackoffMax >= c.ChunkTimeout {
		// A chunk waiting in the mailbox of a worker that waits for its
		// restart would time out, and its numbers be named for nothing.
		errs = append(errs, fmt.Errorf("backoff max %v must be shorter than the chunk timeout %v", c.Supervision.BackoffMax, c.ChunkTimeout))
	}
	return errors.Join(errs...)
}

// coreConfig returns the configuration of the run's core, on the actor
// system at address.
func (c Config) coreConfig(router core.Router, address string) core.Config {
	return core.Config{
		Workers:        c.Workers,
		Window:         c.Window,
		Chunk:          c.Chunk,
		Unordered:      c.Unordered,
		Router:         router,
		Retries:        c.Supervision.Retries,
		MaxRestarts:    c.Supervision.MaxRestarts,
		ChunkTimeout:   c.ChunkTimeout,
		NumberTimeout:  c.NumberTimeout,
		Cluster:        c.Cluster,
		NodeWorkers:    c.NodeWorkers,
		Observer:       c.Observer,
		Address:        address,
		ShareSieveBits: c.ShareSieveBits,
	}
}
