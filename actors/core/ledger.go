package core

import (
	"slices"
	"time"
)

// dispatch is one piece of work in flight: a chunk, a canary or a sieve
// request, the worker that holds it and when it was sent.
type dispatch struct {
	id     DispatchID
	chunk  *chunk  // a chunk of the batch, or nil
	job    *job    // a sieve request, or nil
	holder *worker // never nil
	sent   time.Time
	// alone says the holder held nothing else when it was sent: its
	// latency is its work and the round trip, with no wait in a queue.
	alone bool
}

// isCanary reports whether d is a canary: neither a chunk nor a sieve request.
func (d *dispatch) isCanary() bool { return d.chunk == nil && d.job == nil }

// ledger records every dispatch in flight by its id and by its holder. A
// re-dispatch gets a new id, so a reply to an id the ledger no longer has
// is stale and ignored.
type ledger struct {
	byID   map[DispatchID]*dispatch
	nextID DispatchID
	chunks int // chunks of the batch in flight
}

func newLedger() ledger { return ledger{byID: make(map[DispatchID]*dispatch)} }

// add records a dispatch of chunk, job or a canary (both nil) to w.
func (l *ledger) add(w *worker, c *chunk, j *job, now time.Time) *dispatch {
	l.nextID++
	d := &dispatch{}
	if c != nil {
		d = &c.sent // its last dispatch is over
	}
	*d = dispatch{id: l.nextID, chunk: c, job: j, holder: w, sent: now, alone: len(w.held) == 0}
	l.byID[d.id] = d
	w.held = append(w.held, d)
	if c != nil {
		l.chunks++
	}
	return d
}

// take removes and returns dispatch id.
func (l *ledger) take(id DispatchID) (*dispatch, bool) {
	d, ok := l.byID[id]
	if ok {
		l.remove(d)
	}
	return d, ok
}

func (l *ledger) remove(d *dispatch) {
	delete(l.byID, d.id)
	d.holder.held = slices.DeleteFunc(d.holder.held, func(x *dispatch) bool { return x == d })
	if d.chunk != nil {
		l.chunks--
	}
}

// takeHeldBy removes and returns what w holds, oldest first.
func (l *ledger) takeHeldBy(w *worker) []*dispatch {
	held := slices.Clone(w.held)
	for _, d := range held {
		l.remove(d)
	}
	return held
}

// takeAll removes and returns every dispatch, in the order they were sent.
func (l *ledger) takeAll() []*dispatch {
	all := make([]*dispatch, 0, len(l.byID))
	for _, d := range l.byID {
		all = append(all, d)
	}
	slices.SortFunc(all, func(a, b *dispatch) int { return int(a.id) - int(b.id) })
	for _, d := range all {
		l.remove(d)
	}
	return all
}
