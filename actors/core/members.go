package core

import "time"

// member is another member of the cluster, which lends the run workers.
// A member met anew under the same ID (see ConnectionBroken) is another
// record: what comes for the old one is ignored.
type member struct {
	id      MemberID
	address string
	// gone is set once the member died or left: its workers are out of
	// the run and not replaced.
	gone bool
	// leaving is set when the member said it leaves: its workers stop once
	// they answered what they hold, and are not replaced.
	leaving bool
	// listed is set while the cluster's latest topology lists it.
	listed bool
	// enlisting counts its requests for workers not yet answered;
	// resendAt, when not zero, is when another one goes (see
	// ConnectionBroken).
	enlisting int
	resendAt  time.Time
	// replaced counts the workers replaced on the member since one of its
	// workers last answered a chunk: past giveUpAfter, it is lost.
	replaced int
	// trip is the round trip to the member's workers.
	trip average
}

// resendAfter is how long after a broken connection another request for
// workers goes to a member met anew whose request may have gone down with
// it: long enough for the connections that protoactor closes one after the
// other to be done.
const resendAfter = 500 * time.Millisecond

// enlisting is a request for workers in flight.
type enlisting struct {
	member  *member
	workers int
	fresh   bool
}

// MemberJoined says that cluster member id, at address, may lend the run
// workers: they are asked for at once. A member met before is ignored.
func (c *Core) MemberJoined(now time.Time, id MemberID, address string) {
	c.now = now
	if c.finished || !c.cfg.Cluster || c.byMember[id] != nil {
		return
	}
	c.meet(id, address)
}

// meet takes member id in, as a record of its own, and asks it for workers.
func (c *Core) meet(id MemberID, address string) {
	m := &member{id: id, address: address, listed: true}
	c.members = append(c.members, m)
	c.byMember[id] = m
	observe(c, MemberJoined{Address: address})
	c.enlist(m, c.cfg.NodeWorkers, false)
}

// enlist asks m for workers.
func (c *Core) enlist(m *member, workers int, fresh bool) {
	c.nextEnlist++
	c.enlists[c.nextEnlist] = enlisting{member: m, workers: workers, fresh: fresh}
	m.enlisting++
	c.fx.Enlist(c.nextEnlist, m.id, workers)
}

// settleEnlist takes request id out of those in flight; false when it is
// not one of them (answered already, or sent for an old record).
func (c *Core) settleEnlist(now time.Time, id EnlistID) (enlisting, bool) {
	c.now = now
	e, ok := c.enlists[id]
	if ok {
		delete(c.enlists, id)
		e.member.enlisting--
	}
	return e, ok
}

// Enlisted takes in the workers a member lent, as asked with
// Effects.Enlist; each says it is ready through WorkerReady.
func (c *Core) Enlisted(now time.Time, id EnlistID, workers []WorkerID) {
	e, ok := c.settleEnlist(now, id)
	if !ok {
		return
	}
	m := e.member
	if c.finished || m.gone {
		return
	}
	if !e.fresh {
		c.stats.Workers += len(workers)
	}
	for _, w := range workers {
		c.addWorker(w, m, e.fresh)
	}
	c.handOut()
}

// EnlistFailed says that a request for workers was not answered in time
// (a closing connection may drop it): it is sent again while the member is
// listed and stays.
func (c *Core) EnlistFailed(now time.Time, id EnlistID) {
	e, ok := c.settleEnlist(now, id)
	if !ok {
		return
	}
	m := e.member
	if !c.finished && !m.gone && m.listed && !m.leaving {
		c.enlist(m, e.workers, e.fresh)
	}
}

// Topology says which members the cluster's latest topology lists.
func (c *Core) Topology(now time.Time, listed []MemberID) {
	c.now = now
	in := make(map[MemberID]bool, len(listed))
	for _, id := range listed {
		in[id] = true
	}
	for _, m := range c.members {
		m.listed = in[m.id]
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

// ConnectionBroken says that the connection to address broke, which is
// how a killed member is noticed first. It is a hint, not a verdict: a
// connection may break while its member lives on, and protoactor reports
// an address broken whenever any member that lived there leaves, closing
// the connection that a member restarted there uses. So the members at
// address are lost at once, what their workers held dispatched again;
// those the topology still lists, and that do not leave, are met anew (a
// dead one leaves the topology within seconds; a live one lends fresh
// workers over a fresh connection). A member met anew that waits for its
// first workers is spared, since each connection protoactor closes
// reports its address again; but its request may have gone down with the
// connection, so another goes once the closing is over.
func (c *Core) ConnectionBroken(now time.Time, address string) {
	c.now = now
	if c.finished {
		return
	}
	for _, m := range c.members {
		if m.address != address || m.gone {
			continue
		}
		if m.enlisting > 0 && len(c.workersOn(m)) == 0 {
			if m.resendAt.IsZero() {
				m.resendAt = now.Add(resendAfter)
				c.fx.Wake(resendAfter)
			}
			continue
		}
		c.memberLost(m)
		if m.listed && !m.leaving {
			c.meet(m.id, m.address)
		}
	}
	c.handOut()
}

// resendEnlists asks again for workers of the members met anew whose
// time has come, unless they have workers by then, or are gone, unlisted
// or leaving.
func (c *Core) resendEnlists() {
	for _, m := range c.members {
		if m.resendAt.IsZero() || c.now.Before(m.resendAt) {
			continue
		}
		m.resendAt = time.Time{}
		if !m.gone && m.listed && !m.leaving && len(c.workersOn(m)) == 0 {
			c.enlist(m, c.cfg.NodeWorkers, false)
		}
	}
}

// WorkerUnreachable says that the connection to worker id's member broke
// (protoactor reports a watched worker terminated then): a hint about its
// address (see ConnectionBroken), not a worker that stopped.
func (c *Core) WorkerUnreachable(now time.Time, id WorkerID) {
	if w := c.byID[id]; w != nil && w.member != nil {
		c.ConnectionBroken(now, w.member.address)
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
