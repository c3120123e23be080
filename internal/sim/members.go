package sim

import (
	"fmt"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// member is a simulated cluster member.
type member struct {
	id      core.MemberID
	address string
	spec    Member
	workers []*worker
	spawned int
	// joined: the topology lists it; lost: it died; frozen: it is paused
	// until thaw.
	joined, lost, frozen bool
	thaw                 time.Time
}

// topology tells the core which members the topology lists.
func (sim *Sim) topology() {
	var listed []core.MemberID
	for _, m := range sim.members {
		if m.joined {
			listed = append(listed, m.id)
		}
	}
	sim.toCore(0, func() { sim.core.Topology(sim.now, listed) })
}

// addMember schedules the life of member i.
func (sim *Sim) addMember(i int, spec Member) {
	m := &member{id: core.MemberID(fmt.Sprintf("member-%d", i)), address: fmt.Sprintf("10.0.0.%d:7420", i+2), spec: spec}
	sim.members = append(sim.members, m)
	sim.after(spec.JoinAt+time.Microsecond, func() {
		m.joined = true
		sim.topology()
		sim.toCore(0, func() { sim.core.MemberJoined(sim.now, m.id, m.address) })
	})
	if spec.LostAt > 0 {
		sim.after(spec.LostAt, func() {
			m.lost = true
			// The broken connection is noticed first, then the topology.
			sim.toCore(time.Millisecond, func() { sim.core.ConnectionBroken(sim.now, m.address) })
			sim.after(detectLoss, func() {
				m.joined = false
				sim.topology()
				sim.toCore(0, func() { sim.core.MemberLost(sim.now, m.id) })
			})
		})
	}
	if spec.BrokenAt > 0 {
		// A connection that breaks while its member lives on.
		sim.toCore(spec.JoinAt+spec.BrokenAt, func() { sim.core.ConnectionBroken(sim.now, m.address) })
	}
	if spec.FrozenAt > 0 {
		sim.after(spec.FrozenAt, func() {
			m.frozen, m.thaw = true, sim.now.Add(spec.ThawAt-spec.FrozenAt)
			if spec.ThawAt-spec.FrozenAt > detectFreeze {
				// Evicted by the cluster for its silence; its late
				// answers reach the core all the same once it thaws.
				sim.after(detectFreeze, func() {
					m.joined = false
					sim.topology()
					sim.toCore(0, func() { sim.core.MemberLost(sim.now, m.id) })
				})
			}
		})
		sim.after(spec.ThawAt, func() {
			m.frozen = false
			for _, w := range m.workers {
				sim.kick(w)
			}
		})
	}
}

// thawsIn returns how long until m thaws; 0 when it is not frozen.
func (m *member) thawsIn(sim *Sim) time.Duration {
	if !m.frozen {
		return 0
	}
	return m.thaw.Sub(sim.now)
}

// enlistTimeout is how long the coordinator waits for a member's agent.
const enlistTimeout = 5 * time.Second

// Enlist has a member's agent spawn workers and name them, a round trip
// later; a member lost, or frozen for longer than enlistTimeout, does not
// answer in time.
func (sim *Sim) Enlist(req core.EnlistID, id core.MemberID, workers int) {
	sim.effect()
	m := sim.member(id)
	if workers == 0 {
		workers = m.spec.Workers
	}
	delay := sim.s.RoundTrip + time.Microsecond
	if thaw := m.thawsIn(sim); thaw > delay {
		delay = thaw
	}
	if m.lost || delay > enlistTimeout {
		sim.toCore(enlistTimeout, func() { sim.core.EnlistFailed(sim.now, req) })
		return
	}
	sim.after(delay, func() {
		if m.lost {
			sim.toCore(enlistTimeout-delay, func() { sim.core.EnlistFailed(sim.now, req) })
			return
		}
		ids := make([]core.WorkerID, workers)
		var spawned []*worker
		for i := range ids {
			m.spawned++
			w := sim.newWorker(core.WorkerID(fmt.Sprintf("%s/node-worker-%d", m.address, m.spawned)), m)
			m.workers = append(m.workers, w)
			spawned = append(spawned, w)
			ids[i] = w.id
		}
		sim.toCore(0, func() {
			sim.core.Enlisted(sim.now, req, ids)
			for _, w := range spawned {
				sim.core.WorkerReady(sim.now, w.id, w.incarnation)
			}
		})
	})
}

// member returns the member with id.
func (sim *Sim) member(id core.MemberID) *member {
	for _, m := range sim.members {
		if m.id == id {
			return m
		}
	}
	return nil
}
