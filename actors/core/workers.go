package core

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"
)

// workerState says whether a worker may be given work.
type workerState int

const (
	// waiting: spawned or restarting; no work until it says it is ready.
	waiting workerState = iota
	// onProbation: a replacement answering its canary.
	onProbation
	// ready: takes work.
	ready
)

// worker is the Core's record of one worker.
type worker struct {
	id     WorkerID
	seq    uint64
	member *member // nil: the coordinator's process
	state  workerState
	// held lists what the worker holds, oldest first.
	held []*dispatch
	// asked is set when the worker asked for work and got none since.
	asked bool
	// fresh marks a replacement that has not passed its canary yet;
	// canaryFailures counts its canaries that crashed.
	fresh          bool
	canaryFailures int
	// crashedIncarnation is the latest of the worker's incarnations that
	// crashed: its readiness up to that one is stale.
	crashedIncarnation uint64
	// gone is set once the worker is out of the run.
	gone bool
	// cost is the time the worker takes on a chunk.
	cost average
}

// view returns w as a router sees it.
func (w *worker) view() Worker {
	v := Worker{ID: w.id, Seq: w.seq, Load: len(w.held), Asked: w.asked}
	if w.member != nil {
		v.Member = w.member.address
	}
	return v
}

// spawn starts one more worker in the coordinator's process; a fresh one
// must answer a canary before it gets real chunks.
func (c *Core) spawn(fresh bool) {
	c.addWorker(c.fx.Spawn(), nil, fresh)
}

// addWorker takes in worker id, on member m (nil: this process).
func (c *Core) addWorker(id WorkerID, m *member, fresh bool) *worker {
	if _, taken := c.byID[id]; taken {
		panic(fmt.Sprintf("core: worker %s added twice", id))
	}
	c.joined++
	w := &worker{id: id, seq: c.joined, member: m, fresh: fresh}
	c.workers = append(c.workers, w)
	c.byID[id] = w
	address := ""
	if m != nil {
		address = m.address
	}
	observe(c, WorkerAdded{Worker: id, Member: address})
	return w
}

// removeWorker takes w out of the run.
func (c *Core) removeWorker(w *worker) {
	w.gone = true
	delete(c.byID, w.id)
	c.workers = slices.DeleteFunc(c.workers, func(x *worker) bool { return x == w })
}

// WorkerReady says that worker id is ready for work, in its incarnation
// (its starts, counted from 1). Readiness from before the worker's last
// crash is stale: the worker is still restarting. A replacement first
// waits for work to answer its canary on.
func (c *Core) WorkerReady(now time.Time, id WorkerID, incarnation uint64) {
	c.now = now
	w := c.byID[id]
	if c.finished || w == nil || incarnation <= w.crashedIncarnation {
		return
	}
	w.asked = true
	if w.state == waiting {
		if w.fresh {
			w.state = onProbation
			c.probation = append(c.probation, w)
		} else {
			w.state = ready
		}
	}
	c.handOut()
}

// WorkerStopped says that worker id stopped for good: its supervisor gave
// up on it, or its member let it go. It is replaced, unless its member
// leaves.
func (c *Core) WorkerStopped(now time.Time, id WorkerID) {
	c.now = now
	w := c.byID[id]
	if c.finished || w == nil {
		return
	}
	if w.member == nil || !w.member.leaving {
		c.stats.Replaced++
		observe(c, WorkerReplaced{Worker: w.id, Why: Stopped})
	}
	c.removeWorker(w)
	c.lose(w)
	c.handOut()
}

// crashed handles work whose worker panicked on it: the worker gets no
// more until it has restarted and says it is ready, and the triage rules
// on the numbers. A replacement that fails its canary more often than its
// strategy allows restarts is stopped and replaced, whatever the
// strategy: a canary is a number that others answered.
func (c *Core) crashed(d *dispatch, r Reply) {
	w := d.holder
	c.workerCrashed(w, r.Incarnation)
	if t, ok := d.chunkOf(); ok {
		retry, skipped, attributed := c.triage.crashed(t, r.CrashedOn)
		if !attributed {
			c.fruitless++
		}
		c.rule(retry, skipped, w)
		if c.fruitless >= fruitlessLimit && c.halted == nil {
			c.fail(fmt.Errorf("%w: %d dispatches in a row crashed between numbers", ErrNoWorkers, c.fruitless))
			c.halt(Reason{Why: NoWorkers})
		}
		return
	}
	if w.canaryFailures++; c.failedCanary(w) && !w.gone {
		c.stats.Replaced++
		observe(c, WorkerReplaced{Worker: w.id, Why: FailedCanary})
		c.retire(w)
	}
}

// workerCrashed notes that w, in its incarnation (0: not known),
// panicked: it gets no more work until it has restarted and says so.
func (c *Core) workerCrashed(w *worker, incarnation uint64) {
	observe(c, WorkerCrashed{Worker: w.id})
	if !w.gone {
		w.state, w.asked = waiting, false
	}
	w.crashedIncarnation = max(w.crashedIncarnation, incarnation)
}

// timedOut handles work not answered in time: its worker is wedged on the
// oldest work it holds (a worker answers in order), so it is stopped
// (once it returns) and replaced; the triage rules on the numbers it is
// stuck on, and what else it held goes to the others.
func (c *Core) timedOut(d *dispatch) {
	w := d.holder
	held := append(c.ledger.takeHeldBy(w), d)
	stuck := slices.MinFunc(held, func(a, b *dispatch) int { return cmp.Compare(a.id, b.id) }) // sent first
	if _, canary := stuck.asks.(canaryAsked); canary {
		w.canaryFailures = c.cfg.MaxRestarts + 1 // a wedged canary fails it at once
	}
	c.stats.Wedged++
	observe(c, WorkerReplaced{Worker: w.id, Why: Wedged})
	for _, h := range held {
		switch t, ok := h.chunkOf(); {
		case !ok:
		case h == stuck:
			retry, skipped := c.triage.timedOut(t)
			c.rule(retry, skipped, w)
		default:
			c.retry(t, w)
		}
	}
	c.retire(w)
}

// retire takes w out of the run: it is stopped once it returns from what
// it is doing, and lost.
func (c *Core) retire(w *worker) {
	c.removeWorker(w)
	c.fx.Stop(w.id)
	c.lose(w)
}

// lose dispatches again what a worker that died or wedged held and
// replaces it, unless replacements keep failing their canary while work
// waits: then the run gives up on workers.
func (c *Core) lose(w *worker) {
	if c.halted != nil {
		return
	}
	for _, d := range c.ledger.takeHeldBy(w) {
		if t, ok := d.chunkOf(); ok {
			c.retry(t, w)
		}
	}
	if c.failedCanary(w) {
		c.freshDeaths++
	}
	if c.freshDeaths >= giveUpAfter && c.workLeft() {
		c.fail(fmt.Errorf("%w: %d replacement workers in a row failed on a known-good canary chunk", ErrNoWorkers, c.freshDeaths))
		c.halt(Reason{Why: NoWorkers})
		return
	}
	c.replace(w)
}

// replace starts a worker in place of w, where w lived: in the
// coordinator's process, or on its member if that is still there.
func (c *Core) replace(w *worker) {
	m := w.member
	switch {
	case m == nil:
		c.spawn(true)
	case m.gone, m.leaving:
	case m.replaced >= giveUpAfter:
		// Its workers die before they answer anything: lose the member,
		// and the run when no other member or worker is left.
		c.memberLost(m)
		if len(c.workers) == 0 && !slices.ContainsFunc(c.members, func(m *member) bool { return !m.gone }) && c.workLeft() {
			c.fail(fmt.Errorf("%w: the workers of every member died before they answered", ErrNoWorkers))
			c.halt(Reason{Why: NoWorkers})
		}
	default:
		m.replaced++
		c.enlist(m, 1, true)
	}
}

// failedCanary reports whether w is a replacement that failed its canary
// more often than its strategy allows restarts, or wedged on it. A
// replacement stopped for a sibling's failures (all-for-one) has not.
func (c *Core) failedCanary(w *worker) bool {
	return w.fresh && w.canaryFailures > c.cfg.MaxRestarts
}

// workLeft reports whether any number still waits for an answer.
func (c *Core) workLeft() bool {
	return len(c.queue) > 0 || c.ledger.chunks > 0 || len(c.jobs) > 0 || !c.eof
}

// halt gives up on workers: every number in flight, queued or still
// unread is named with reason, and nothing is dispatched, retried or
// replaced.
func (c *Core) halt(reason Reason) {
	c.halted = &reason
	c.giveUpAllShared(reason)
	for _, d := range c.ledger.takeAll() {
		if t, ok := d.chunkOf(); ok {
			c.abandon(t, reason)
		}
	}
	for _, t := range c.queue {
		c.abandon(t, reason)
	}
	c.queue = nil
	c.readMore()
	c.finishIfDone()
}

// canary is a number some worker has answered: a chunk that a healthy
// worker answers without fail.
type canary struct {
	index uint64
	// text is the number's value; nil until one is known.
	text []byte
	// sent counts the canaries dispatched.
	sent uint32
}

// learn remembers the first number of an answered chunk, if it is one
// that is not long.
func (k *canary) learn(t *chunk, r Reply) {
	if k.text == nil && !t.block.Heavy && r.FirstAnswered {
		k.index, k.text = t.block.First+uint64(t.lo), bytes.Clone(t.key(t.lo))
	}
}

// sendCanary dispatches the canary to replacement w.
func (c *Core) sendCanary(w *worker) {
	d := c.ledger.add(w, canaryAsked{}, c.now)
	w.asked = false
	c.canary.sent++
	c.fx.Send(w.id, d.id, &CanaryWork{Index: c.canary.index, Text: c.canary.text, Sent: c.canary.sent}, c.cfg.ChunkTimeout)
}
