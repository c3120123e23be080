package actors

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// ChunkMode says how the coordinator sizes chunks.
type ChunkMode int

// The chunk modes.
const (
	// ChunkAuto sizes chunks from the measured cost per number so that a
	// chunk takes about Chunking.Target to factor.
	ChunkAuto ChunkMode = iota
	// ChunkFixed cuts chunks of Chunking.Size numbers.
	ChunkFixed
	// ChunkStatic reads the whole batch first and cuts it into one chunk per
	// worker, ceil(total/workers) numbers each: the seed's manual split. It
	// is not streaming: memory grows with the batch.
	ChunkStatic
)

// Chunking configures how the batch is cut into chunks.
type Chunking struct {
	Mode ChunkMode
	// Size is the chunk size of ChunkFixed and the first chunk of ChunkAuto.
	Size int
	// Target is the compute time per chunk that ChunkAuto aims for.
	Target time.Duration
}

// String renders the chunking as the --chunk flag spells it.
func (c Chunking) String() string {
	switch c.Mode {
	case ChunkFixed:
		return fmt.Sprint(c.Size)
	case ChunkStatic:
		return "static"
	}
	return "auto"
}

// ParseChunking parses the --chunk flag: a positive size, "auto" or "static".
func ParseChunking(s string) (Chunking, error) {
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

// Config configures a pipeline run.
type Config struct {
	// Workers is the number of worker actors.
	Workers int
	// Chunk says how the batch is cut into chunks.
	Chunk Chunking
	// Window is the most chunks read but not yet written at any time: it
	// bounds memory whatever the input size.
	Window int
	// Unordered emits results as chunks complete instead of in input order.
	Unordered bool
	// Algorithm selects the workers' kernel.
	Algorithm messages.Algorithm
	// Output says how the workers format the lines they answer with.
	Output output.Options
	// NumberTimeout, when not 0, bounds the effort on each number above 64
	// bits: one not factored in that time is given up and named.
	NumberTimeout time.Duration
	// ChunkTimeout is how long a dispatched chunk may take: a worker that
	// does not answer in time is wedged and replaced, and a number that
	// alone takes longer is named as not answered.
	ChunkTimeout time.Duration
	// Router picks the worker for each chunk.
	Router Router
	// Supervision says how failed workers are handled.
	Supervision Supervision
	// Chaos injects faults into the workers.
	Chaos Chaos
	// Logger receives the actor system's logs; nil discards them.
	Logger *slog.Logger
	// Observer is told of the run's events; nil: nothing is.
	Observer Observer
	// Cluster makes the coordinator use the workers of every member of the
	// actor system's cluster too, as they join and leave; Workers may then
	// be 0. NodeWorkers is how many workers it asks each member for (0:
	// the member's own --workers).
	Cluster     bool
	NodeWorkers int
	// ShareSieveBits, when not 0, is the size in bits from which a
	// composite that needs the quadratic sieve is sieved by all the
	// workers together rather than by the one that met it. Sharing needs
	// more than one worker: with one, or below 129 bits, there is none.
	ShareSieveBits int
}

// DefaultConfig returns the configuration the CLI starts from: one worker
// per CPU, adaptive chunks and a window of eight chunks per worker.
func DefaultConfig() Config {
	workers := runtime.NumCPU()
	return Config{
		Workers:      workers,
		Chunk:        Chunking{Mode: ChunkAuto, Size: 64, Target: time.Millisecond},
		Window:       8 * workers,
		Router:       LeastLoaded,
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
// each chunk of the window holds its numbers in memory.
const (
	MaxWorkers = 4096
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
	if c.Window < 1 || c.Window > MaxWindow {
		errs = append(errs, fmt.Errorf("window must be within 1..%d, got %d", MaxWindow, c.Window))
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
	if _, err := ParseRouter(string(c.Router)); err != nil {
		errs = append(errs, err)
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
