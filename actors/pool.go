package actors

import "github.com/asynkron/protoactor-go/actor"

// member is the coordinator's record of one worker.
type member struct {
	pid *actor.PID
	// outstanding counts the chunks sent to this worker and not answered.
	outstanding int
	// idle is set when a work-pulling worker has asked for a chunk.
	idle bool
}

// pool is the coordinator's record of its workers, in spawn order.
type pool struct {
	members []*member
}

func (p *pool) add(pid *actor.PID) {
	p.members = append(p.members, &member{pid: pid})
}

// find returns the member with the given pid, or nil.
func (p *pool) find(pid *actor.PID) *member {
	for _, m := range p.members {
		if m.pid.Equal(pid) {
			return m
		}
	}
	return nil
}

// replace puts a fresh member with pid in the place of old.
func (p *pool) replace(old *member, pid *actor.PID) {
	for i, m := range p.members {
		if m == old {
			p.members[i] = &member{pid: pid}
		}
	}
}

// leastLoaded returns the member with the fewest outstanding chunks, the
// first spawned among equals.
func (p *pool) leastLoaded() *member {
	best := p.members[0]
	for _, m := range p.members[1:] {
		if m.outstanding < best.outstanding {
			best = m
		}
	}
	return best
}

// idleMember returns a member waiting for work, or nil.
func (p *pool) idleMember() *member {
	for _, m := range p.members {
		if m.idle {
			return m
		}
	}
	return nil
}

func (p *pool) pids() []*actor.PID {
	pids := make([]*actor.PID, len(p.members))
	for i, m := range p.members {
		pids[i] = m.pid
	}
	return pids
}
