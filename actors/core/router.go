package core

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Router picks the worker that gets each chunk. The Core calls it from
// one goroutine, with the ready workers that have room for another chunk;
// when Pick declines, the chunk waits in the Core until a worker frees up
// or asks for work.
type Router interface {
	// Pick returns the index in workers of the worker that gets chunk, or
	// -1 to keep the chunk queued. workers are in the order they joined
	// the run; Pick must not keep the slice.
	Pick(chunk Chunk, workers []Worker) int
}

// Puller is a Router that routes on Worker.Asked: its workers ask for
// work after every chunk, not only when they start.
type Puller interface {
	Router
	Pulls() bool
}

// Chunk is a chunk as a Router sees it.
type Chunk struct {
	// Numbers is how many tokens it holds; Attempt how many dispatches of
	// them failed before.
	Numbers, Attempt int
	// Key is the value of its first token. Pick must not keep it.
	Key []byte
}

// Worker is a ready worker as a Router sees it.
type Worker struct {
	ID WorkerID
	// Seq numbers the workers in the order they joined the run, from 1.
	Seq uint64
	// Member is the address of the cluster member it lives on; "" in the
	// coordinator's process.
	Member string
	// Load is how many chunks it holds: sent and not yet answered.
	Load int
	// Asked says it asked for work and got none since.
	Asked bool
}

// NewRouterFunc makes the router of one run; seed seeds its random
// choices, so that a run replays.
type NewRouterFunc func(seed uint64) Router

var routers = struct {
	sync.Mutex
	names []string
	make  map[string]NewRouterFunc
}{make: make(map[string]NewRouterFunc)}

// RegisterRouter makes a router known by name, for Config and the
// command line's --router. It panics if the name is empty, has spaces or
// is taken: registration happens once, at start-up.
func RegisterRouter(name string, newRouter NewRouterFunc) {
	routers.Lock()
	defer routers.Unlock()
	if name == "" || strings.ContainsAny(name, " \t\n,") || newRouter == nil {
		panic(fmt.Sprintf("core: RegisterRouter(%q): want a name without spaces or commas, and a constructor", name))
	}
	if _, taken := routers.make[name]; taken {
		panic(fmt.Sprintf("core: RegisterRouter(%q): the name is taken", name))
	}
	routers.names = append(routers.names, name)
	routers.make[name] = newRouter
}

// NewRouter makes the router registered as name.
func NewRouter(name string, seed uint64) (Router, error) {
	routers.Lock()
	newRouter, ok := routers.make[name]
	routers.Unlock()
	if !ok {
		return nil, fmt.Errorf("unknown router %q (want one of %s)", name, strings.Join(RouterNames(), ", "))
	}
	return newRouter(seed), nil
}

// RouterNames lists the registered routers, the built-in ones first.
func RouterNames() []string {
	routers.Lock()
	defer routers.Unlock()
	return slices.Clone(routers.names)
}

// Pulls reports whether r routes on Worker.Asked, so that its workers
// must ask for work after every chunk.
func Pulls(r Router) bool {
	p, ok := r.(Puller)
	return ok && p.Pulls()
}
