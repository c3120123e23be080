package core

import "time"

// member is another member of the cluster, which lends the run workers.
type member struct {
	id      MemberID
	address string
	// gone is set once the member died or left: its workers are out of
	// the run and not replaced.
	gone bool
	// leaving is set when the member said it leaves: its workers stop once
	// they answered what they hold, and are not replaced.
	leaving bool
	// replaced counts the workers replaced on the member since one of its
	// workers last answered a chunk: past giveUpAfter, it is lost.
	replaced int
	// trip is the round trip to the member's workers.
	trip average
}

// MemberJoined says that cluster member id, at address, may lend the run
// workers: they are asked for at once. A member met before is ignored.
func (c *Core) MemberJoined(now time.Time, id MemberID, address string) {
	c.now = now
	if c.finished || !c.cfg.Cluster || c.byMember[id] != nil {
		return
	}
	m := &member{id: id, address: address}
	c.members = append(c.members, m)
	c.byMember[id] = m
	observe(c, MemberJoined{Address: address})
	c.fx.Enlist(id, c.cfg.NodeWorkers, false)
}

// Enlisted takes in the workers member id lent, as asked with
// Effects.Enlist; each says it is ready through WorkerReady.
func (c *Core) Enlisted(now time.Time, id MemberID, workers []WorkerID, fresh bool) {
	c.now = now
	m := c.byMember[id]
	if c.finished || m == nil || m.gone {
		return
	}
	if !fresh {
		c.stats.Workers += len(workers)
	}
	for _, w := range workers {
		c.addWorker(w, m, fresh)
	}
	c.handOut()
}

// EnlistFailed says that member id did not answer a request for workers
// in time: it is asked again, until it answers or is lost.
func (c *Core) EnlistFailed(now time.Time, id MemberID, workers int, fresh bool) {
	c.now = now
	if m := c.byMember[id]; !c.finished && m != nil && !m.gone {
		c.fx.Enlist(id, workers, fresh)
	}
}

// MemberLost says that member id died or left the cluster: its workers
// are out of the run, and what they held is dispatched again at once.
func (c *Core) MemberLost(now time.Time, id MemberID) {
	c.now = now
	if m := c.byMember[id]; !c.finished && m != nil && !m.gone {
		c.memberLost(m)
		c.handOut()
	}
}

// MemberLeaving says that member id leaves: its workers answer what they
// hold and stop, and are not replaced.
func (c *Core) MemberLeaving(now time.Time, id MemberID) {
	c.now = now
	if m := c.byMember[id]; m != nil {
		m.leaving = true
	}
}

// memberLost takes the workers of m out of the run and dispatches what
// they held again.
func (c *Core) memberLost(m *member) {
	m.gone = true
	observe(c, MemberLost{Address: m.address})
	for _, w := range c.workersOn(m) {
		c.removeWorker(w)
		c.lose(w)
	}
}

// workersOn returns the live workers on member m.
func (c *Core) workersOn(m *member) []*worker {
	var on []*worker
	for _, w := range c.workers {
		if w.member == m {
			on = append(on, w)
		}
	}
	return on
}
