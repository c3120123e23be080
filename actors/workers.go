package actors

import (
	"fmt"
	"hash/fnv"

	"github.com/asynkron/protoactor-go/actor"
)

// memberState says whether a worker may be given chunks.
type memberState int

const (
	// waiting: spawned or restarting; no chunk until it asks for work.
	waiting memberState = iota
	// onProbation: a replacement answering its canary chunk.
	onProbation
	// ready: takes chunks.
	ready
)

// member is the coordinator's record of one worker.
type member struct {
	pid   *actor.PID
	state memberState
	// hash identifies the worker to the consistent-hash dispatcher.
	hash uint64
	// outstanding counts the chunks sent to this worker and not answered.
	outstanding int
	// idle is set when the worker has asked for work and not got any.
	idle bool
	// fresh marks a replacement that has not passed its canary yet;
	// canaryFailures counts its canaries that crashed.
	fresh          bool
	canaryFailures int
	// crashedIncarnation is the latest of the worker's incarnations that
	// crashed: its WorkRequests up to that one are stale.
	crashedIncarnation uint64
	// gone is set once the worker is no longer part of the set.
	gone bool
	// node is the cluster member the worker lives on; nil: this process.
	node *node
}

// workerSet owns the worker actors: it spawns them under names never used
// before in the run, and replaces the ones that die or wedge.
type workerSet struct {
	spawnActor func(name string) *actor.PID
	// observer, if set, is told of every worker added.
	observer Observer
	// members lists the live workers in spawn order.
	members []*member
	spawned int
}

// spawn starts one more worker in this process; a fresh one must answer a
// canary before it gets real chunks.
func (s *workerSet) spawn(fresh bool) *member {
	s.spawned++
	return s.add(s.spawnActor(fmt.Sprintf("worker-%d", s.spawned)), nil, fresh)
}

// add takes in a worker spawned on node n (nil: this process).
func (s *workerSet) add(pid *actor.PID, n *node, fresh bool) *member {
	h := fnv.New64a()
	h.Write([]byte(pid.String()))
	m := &member{pid: pid, hash: h.Sum64(), fresh: fresh, node: n}
	s.members = append(s.members, m)
	if s.observer != nil {
		address := ""
		if n != nil {
			address = n.address
		}
		s.observer.WorkerAdded(workerKey(pid), address)
	}
	return m
}

// on returns the live members on node n.
func (s *workerSet) on(n *node) []*member {
	var on []*member
	for _, m := range s.members {
		if m.node == n {
			on = append(on, m)
		}
	}
	return on
}

// find returns the live member with the given pid, or nil.
func (s *workerSet) find(pid *actor.PID) *member {
	for _, m := range s.members {
		if m.pid.Equal(pid) {
			return m
		}
	}
	return nil
}

// remove takes m out of the set.
func (s *workerSet) remove(m *member) {
	m.gone = true
	for i, x := range s.members {
		if x == m {
			s.members = append(s.members[:i], s.members[i+1:]...)
			return
		}
	}
}
