package actors

import (
	"fmt"
	"math/rand/v2"
)

// Router names the way the coordinator picks the worker for each chunk.
type Router string

// The routers. Each is a dispatcher in the coordinator, so that every
// chunk has a known holder: a worker that dies, wedges or restarts is
// skipped, and what it held is dispatched again at once.
const (
	// RoundRobin gives the chunks to the ready workers in turn.
	RoundRobin Router = "round-robin"
	// Random gives each chunk to a ready worker chosen at random.
	Random Router = "random"
	// ConsistentHash gives each chunk to the worker that its first number
	// hashes to (rendezvous hashing: a replaced worker moves only its keys).
	ConsistentHash Router = "consistent-hash"
	// LeastLoaded sends each chunk to the worker with the fewest chunks
	// outstanding (Akka's SmallestMailbox idea).
	LeastLoaded Router = "least-loaded"
	// WorkPulling gives a chunk only to a worker that asked for one, so
	// that a slow worker never holds a queue.
	WorkPulling Router = "work-pulling"
)

// Routers lists every Router.
var Routers = []Router{RoundRobin, Random, ConsistentHash, LeastLoaded, WorkPulling}

// ParseRouter returns the Router with the given name.
func ParseRouter(name string) (Router, error) {
	for _, r := range Routers {
		if string(r) == name {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown router %q (want round-robin, random, consistent-hash, least-loaded or work-pulling)", name)
}

// dispatcher is a routing policy: it picks the worker that gets a chunk.
// Only ready workers may be picked; the coordinator keeps the chunk queued
// when pick returns nil, and calls again when a worker frees up or asks.
type dispatcher interface {
	pick(t *task, workers []*member) *member
}

func (r Router) dispatcher() dispatcher {
	switch r {
	case RoundRobin:
		return &roundRobin{}
	case Random:
		return random{}
	case ConsistentHash:
		return consistentHash{}
	case WorkPulling:
		return workPulling{}
	}
	return leastLoaded{}
}

type roundRobin struct{ next int }

func (d *roundRobin) pick(_ *task, workers []*member) *member {
	for range workers {
		m := workers[d.next%len(workers)]
		d.next++
		if m.state == ready {
			return m
		}
	}
	return nil
}

type random struct{}

func (random) pick(_ *task, workers []*member) *member {
	var chosen *member
	seen := 0
	for _, m := range workers {
		if m.state != ready {
			continue
		}
		// Reservoir sampling: each ready worker ends up chosen with
		// probability 1/seen.
		if seen++; rand.IntN(seen) == 0 {
			chosen = m
		}
	}
	return chosen
}

type consistentHash struct{}

func (consistentHash) pick(t *task, workers []*member) *member {
	var k uint64
	for _, c := range t.block.text(t.lo, t.lo+1) {
		k = mix(k ^ uint64(c))
	}
	var best *member
	var bestScore uint64
	for _, m := range workers {
		if score := mix(k ^ m.hash); m.state == ready && (best == nil || score > bestScore) {
			best, bestScore = m, score
		}
	}
	return best
}

// leastLoadedPrefetch is how many chunks least-loaded lets a worker hold:
// one in progress and one waiting, so that no worker idles between chunks,
// while the rest of the window waits in the coordinator for whichever
// worker frees up first (no worker is left with a long queue at the end).
const leastLoadedPrefetch = 2

type leastLoaded struct{}

func (leastLoaded) pick(_ *task, workers []*member) *member {
	var best *member
	for _, m := range workers {
		if m.state == ready && m.outstanding < leastLoadedPrefetch && (best == nil || m.outstanding < best.outstanding) {
			best = m
		}
	}
	return best
}

type workPulling struct{}

func (workPulling) pick(_ *task, workers []*member) *member {
	for _, m := range workers {
		if m.state == ready && m.idle {
			return m
		}
	}
	return nil
}
