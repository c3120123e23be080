package actors

// The coordinator's failure paths: crashes, timeouts, workers that die,
// and giving up on workers.

import (
	"fmt"
	"slices"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/messages"
)

// crashed handles a chunk whose worker panicked on it: the worker gets no
// more chunks until it has restarted and asks, and the triage rules on the
// numbers. A replacement that fails its canary more often than its
// strategy allows restarts is stopped and replaced, whatever the strategy:
// a canary is a chunk that others answered.
func (c *Coordinator) crashed(ctx actor.Context, t *task, reply *messages.FactorReply) {
	m := t.holder
	c.workerCrashed(m, reply.GetIncarnation())
	if t.block != nil {
		c.rule(c.triage.crashed(t, int(reply.GetCrashedOn())))
		return
	}
	if m.canaryFailures++; c.failedCanary(m) && !m.gone {
		c.stats.Replaced++
		c.observer.WorkerReplaced(workerKey(m.pid), "failed canary")
		c.retire(ctx, m)
	}
}

// workerCrashed notes that worker m, in its start incarnation (0: not
// known), panicked: it gets no more work until it has restarted and asks.
func (c *Coordinator) workerCrashed(m *member, incarnation uint64) {
	c.observer.WorkerCrashed(workerKey(m.pid))
	if !m.gone {
		m.state, m.idle = waiting, false
	}
	m.crashedIncarnation = max(m.crashedIncarnation, incarnation)
}

// timedOut handles a chunk not answered in time: its worker is wedged on
// the oldest chunk it holds (a worker answers in order), so it is stopped
// (once it returns) and replaced under a new name; the triage rules on the
// numbers it is stuck on, and what else it held goes to the others.
func (c *Coordinator) timedOut(ctx actor.Context, t *task) {
	m := t.holder
	held := append(c.ledger.takeHeldBy(m), t)
	stuck := slices.MinFunc(held, func(a, b *task) int { return a.sent.Compare(b.sent) })
	if stuck.isCanary() {
		m.canaryFailures = c.cfg.Supervision.MaxRestarts + 1 // a wedged canary fails it at once
	}
	c.stats.Wedged++
	c.observer.WorkerReplaced(workerKey(m.pid), "wedged")
	for _, h := range held {
		switch {
		case h.block == nil:
		case h == stuck:
			c.rule(c.triage.timedOut(h))
		default:
			c.retry(h)
		}
	}
	c.retire(ctx, m)
}

// retire takes m out of the run: it is stopped once it returns from what
// it is doing, and lost.
func (c *Coordinator) retire(ctx actor.Context, m *member) {
	c.workers.remove(m)
	ctx.Stop(m.pid)
	c.lose(m)
}

// workerStopped replaces a worker that its strategy stopped for good.
func (c *Coordinator) workerStopped(ctx actor.Context, who *actor.PID) {
	m := c.workers.find(who)
	if m == nil {
		return
	}
	if m.node == nil || !m.node.leaving {
		c.stats.Replaced++
		c.observer.WorkerReplaced(workerKey(m.pid), "stopped")
	}
	c.workers.remove(m)
	c.lose(m)
	c.handOut(ctx)
}

// lose re-dispatches what a worker that died or wedged held and spawns a
// replacement, unless replacements keep failing their canary while work
// waits: then the run gives up on workers.
func (c *Coordinator) lose(m *member) {
	if c.skipReason != "" {
		return
	}
	for _, t := range c.ledger.takeHeldBy(m) {
		if t.block != nil {
			c.retry(t)
		}
	}
	if c.failedCanary(m) {
		c.freshDeaths++
	}
	if c.freshDeaths >= giveUpAfter && c.workLeft() {
		c.fail(fmt.Errorf("%w: %d replacement workers in a row failed on a known-good canary chunk", ErrNoWorkers, c.freshDeaths))
		c.halt(ErrNoWorkers.Error())
		return
	}
	c.replace(m)
}

// replace spawns a worker in place of m, where m lived: in this process,
// or on its node if that is still there.
func (c *Coordinator) replace(m *member) {
	switch {
	case m.node == nil:
		c.workers.spawn(true)
	case m.node.gone, m.node.leaving:
	case m.node.replaced >= giveUpAfter:
		// Its workers die before they answer anything: lose the node.
		c.nodeLost(c.self, m.node)
	default:
		m.node.replaced++
		c.enlist(c.self, m.node, 1, true)
	}
}

// failedCanary reports whether m is a replacement that failed its canary
// more often than its strategy allows restarts, or wedged on it. A
// replacement stopped for a sibling's failures (all-for-one) has not.
func (c *Coordinator) failedCanary(m *member) bool {
	return m.fresh && m.canaryFailures > c.cfg.Supervision.MaxRestarts
}

// workLeft reports whether any number still waits for an answer.
func (c *Coordinator) workLeft() bool {
	return len(c.queue) > 0 || c.ledger.busy() || len(c.jobs) > 0 || !c.eof
}

// halt gives up on workers: every number in flight, queued or still unread
// is named with reason, and nothing is dispatched, retried or replaced.
func (c *Coordinator) halt(reason string) {
	c.skipReason = reason
	c.giveUpAllShared(reason)
	for _, t := range append(c.ledger.takeAll(), c.queue...) {
		if t.block != nil {
			c.abandon(t, reason)
		}
	}
	c.queue = nil
	c.readMore()
	c.finishIfDone()
}

// rule applies a triage ruling.
func (c *Coordinator) rule(retry []*task, skipped []skip) {
	for _, t := range retry {
		c.retry(t)
	}
	for _, s := range skipped {
		c.quarantine(s)
	}
}
