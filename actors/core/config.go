package core

import (
	"fmt"
	"time"
)

// ChunkMode says how the batch is cut into chunks.
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

// MaxWorkers is the most workers a run, or a node's agent, spawns at once:
// each is an actor with a mailbox of its own.
const MaxWorkers = 4096

// Config configures a Core.
type Config struct {
	// Workers is how many workers to spawn in the coordinator's process.
	Workers int
	// Window is the most blocks read but not yet written at any time; 0:
	// what the workers hold (two chunks each, plus their round trip in
	// chunks) and six blocks more per worker.
	Window int
	// Chunk says how blocks are cut into chunks.
	Chunk Chunking
	// Unordered emits blocks as they complete instead of in input order.
	Unordered bool
	// Router picks the worker of each chunk.
	Router Router
	// Retries is how many workers a number may crash, each while handling
	// it, before its value is quarantined.
	Retries int
	// MaxRestarts is how many restarts the workers' strategy allows: a
	// replacement that fails its canary more often is replaced.
	MaxRestarts int
	// ChunkTimeout is how long a dispatch may take: a worker that does not
	// answer in time is wedged and replaced.
	ChunkTimeout time.Duration
	// NumberTimeout, when not 0, bounds the effort on each number above 64
	// bits; it ends the shared sieves of a number that takes longer.
	NumberTimeout time.Duration
	// Cluster makes the run use the workers of the cluster members it is
	// told of; NodeWorkers is how many it asks each for (0: the member's
	// own number).
	Cluster     bool
	NodeWorkers int
	// Observer, if not nil, is told of the run's events.
	Observer Observer
	// Address is the coordinator's own, which its workers' counts name in
	// Summary.Members.
	Address string
	// ShareSieveBits, when not 0, is the size from which a composite that
	// needs the quadratic sieve is sieved by the idle workers together.
	ShareSieveBits int
}
