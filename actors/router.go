package actors

import (
	"fmt"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/router"
)

// Router names the way the coordinator picks the worker for each chunk.
type Router string

// The routers.
const (
	// RoundRobin, Random and ConsistentHash are protoactor group routers
	// over the coordinator's workers (consistent-hash keys on the chunk's
	// first number).
	RoundRobin     Router = "round-robin"
	Random         Router = "random"
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

// group returns the props of the protoactor group router over workers, or
// nil when the coordinator routes by itself.
func (r Router) group(workers []*actor.PID) *actor.Props {
	switch r {
	case RoundRobin:
		return router.NewRoundRobinGroup(workers...)
	case Random:
		return router.NewRandomGroup(workers...)
	case ConsistentHash:
		return router.NewConsistentHashGroup(workers...)
	}
	return nil
}
