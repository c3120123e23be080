package core

import (
	"math/rand/v2"
)

// The built-in routers, by name.
const (
	// RoundRobin gives the chunks to the workers in turn.
	RoundRobin = "round-robin"
	// Random gives each chunk to a worker chosen at random.
	Random = "random"
	// ConsistentHash gives each chunk to the worker its first number
	// hashes to (rendezvous hashing: a replaced worker moves only its
	// keys). A chunk whose worker is full waits for it.
	ConsistentHash = "consistent-hash"
	// LeastLoaded gives each chunk to the worker holding the fewest
	// (Akka's SmallestMailbox idea).
	LeastLoaded = "least-loaded"
	// WorkPulling gives a chunk only to a worker that asked for one, so
	// that a slow worker never holds a queue.
	WorkPulling = "work-pulling"
)

func init() {
	RegisterRouter(RoundRobin, func(uint64) Router { return &roundRobin{} })
	RegisterRouter(Random, func(seed uint64) Router { return random{rand.New(rand.NewPCG(seed, 0x5eed))} })
	RegisterRouter(ConsistentHash, func(uint64) Router { return consistentHash{} })
	RegisterRouter(LeastLoaded, func(uint64) Router { return leastLoaded{} })
	RegisterRouter(WorkPulling, func(uint64) Router { return workPulling{} })
}

// roundRobin takes turns in the order the workers joined: after the
// worker it picked last, the next one that has room, wrapping around.
type roundRobin struct{ last uint64 }

func (r *roundRobin) Pick(_ Chunk, workers []Worker) int {
	next := 0
	for i, w := range workers {
		if w.Seq > r.last {
			next = i
			break
		}
	}
	r.last = workers[next].Seq
	return next
}

type random struct{ rng *rand.Rand }

func (r random) Pick(_ Chunk, workers []Worker) int { return r.rng.IntN(len(workers)) }

type consistentHash struct{}

func (consistentHash) Pick(c Chunk, workers []Worker) int {
	// The chunk's worker may be full or not ready: it is not among
	// workers then, and the chunk waits. Only its absence is known here,
	// so the choice is made over the ready workers: a worker that is
	// merely busy keeps its keys when it frees up.
	best, bestScore := -1, uint64(0)
	k := hash(c.Key)
	for i, w := range workers {
		if score := mix(k ^ hash(w.ID)); best < 0 || score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

type leastLoaded struct{}

func (leastLoaded) Pick(_ Chunk, workers []Worker) int {
	best := 0
	for i, w := range workers {
		if w.Load < workers[best].Load {
			best = i
		}
	}
	return best
}

type workPulling struct{}

func (workPulling) Pick(_ Chunk, workers []Worker) int {
	for i, w := range workers {
		if w.Asked {
			return i
		}
	}
	return -1
}

func (workPulling) Pulls() bool { return true }

// hash is FNV-1a of b, of a string as of bytes: consistent hashing takes
// it of every ready worker's ID for each chunk, with no conversion.
func hash[T ~string | ~[]byte](b T) uint64 {
	h := uint64(14695981039346656037)
	for i := range len(b) {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	return h
}

// mix is the SplitMix64 finalizer: a cheap, well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
