package core

import (
	"slices"
	"time"
)

// dispatch is one piece of work in flight: what it asks, the worker that
// holds it and when it was sent.
type dispatch struct {
	id     DispatchID
	asks   asked
	holder *worker
	sent   time.Time
	// alone says the holder held nothing else when it was sent: its
	// latency is its work and the round trip, with no wait in a queue.
	alone bool
}

// asked is what a dispatch asks of a worker: a *chunk of the batch, a
// slice of a *job's sieve, or a canary.
type asked interface{ isAsked() }

// canaryAsked asks a replacement worker to answer a number others
// answered.
type canaryAsked struct{}

func (*chunk) isAsked()      {}
func (*job) isAsked()        {}
func (canaryAsked) isAsked() {}

// chunkOf returns the chunk d asks for, if it asks for one.
func (d *dispatch) chunkOf() (*chunk, bool) {
	t, ok := d.asks.(*chunk)
	return t, ok
}

// ledger records every dispatch in flight by its id and by its holder. A
// re-dispatch gets a new id, so a reply to an id the ledger no longer has
// is stale and ignored.
type ledger struct {
	byID   map[DispatchID]*dispatch
	nextID DispatchID
	chunks int // chunks of the batch in flight
}

func newLedger() ledger { return ledger{byID: make(map[DispatchID]*dispatch)} }

// add records a dispatch to w of what it asks.
func (l *ledger) add(w *worker, asks asked, now time.Time) *dispatch {
	l.nextID++
	d := &dispatch{}
	if t, ok := asks.(*chunk); ok {
		d = &t.sent // its last dispatch is over
		l.chunks++
	}
	*d = dispatch{id: l.nextID, asks: asks, holder: w, sent: now, alone: len(w.held) == 0}
	l.byID[d.id] = d
	w.held = append(w.held, d)
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
	if _, ok := d.chunkOf(); ok {
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
