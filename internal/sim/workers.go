package sim

import (
	"fmt"
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// worker is a simulated worker: it handles its mailbox in order, crashes,
// wedges and restarts as the schedule draws.
type worker struct {
	id          core.WorkerID
	member      *member // nil: the coordinator's process
	incarnation uint64
	mailbox     []delivery
	busy        bool
	// wedged: it never returns from what it does; stopped: it is gone;
	// stopping: it stops once it returns; restarting: it waits for its
	// restart, which sends it ready again.
	wedged, stopped, stopping, restarting bool
	// engaged is set once it started a chunk.
	engaged bool
	// failures are the times of its crashes; inARow counts those since
	// it last answered.
	failures []time.Time
	inARow   int
}

// delivery is a request in a worker's mailbox.
type delivery struct {
	d    core.DispatchID
	work core.Work
}

// future is the request future of one dispatch: it completes once.
type future struct{ done bool }

// reply is a simulated worker's reply to tokens [first, first+count) of
// the batch; the core keeps it as the answer's payload.
type reply struct{ first, count int }

// sieveReply is a simulated worker's reply to a sieve request.
type sieveReply struct{ factor bool }

// Spawn starts a worker in the coordinator's process.
func (sim *Sim) Spawn() core.WorkerID {
	sim.effect()
	sim.spawned++
	w := sim.newWorker(core.WorkerID(fmt.Sprintf("sim/worker-%d", sim.spawned)), nil)
	sim.local = append(sim.local, w)
	sim.ready(w, time.Microsecond)
	return w.id
}

func (sim *Sim) newWorker(id core.WorkerID, m *member) *worker {
	w := &worker{id: id, member: m, incarnation: 1}
	sim.workers[id] = w
	return w
}

// ready tells the core, after d and the way back from the worker's member,
// that w is ready in its incarnation.
func (sim *Sim) ready(w *worker, d time.Duration) {
	incarnation := w.incarnation
	sim.fromWorker(w, d, func() { sim.core.WorkerReady(sim.now, w.id, incarnation) })
}

// fromWorker has the core hear from w after d, plus half a round trip
// when w is on a member; nothing comes from a member lost, and what comes
// from a frozen one waits for it to thaw.
func (sim *Sim) fromWorker(w *worker, d time.Duration, input func()) {
	if w.member != nil {
		if w.member.lost {
			return
		}
		d += sim.s.RoundTrip / 2
		if thaw := w.member.thawsIn(sim); thaw > d {
			d = thaw
		}
	}
	sim.toCore(d, input)
}

// Send puts work in a worker's mailbox; its future times out after
// timeout unless the worker answers first.
func (sim *Sim) Send(id core.WorkerID, d core.DispatchID, work core.Work, timeout time.Duration) {
	sim.effect()
	sim.trace("send %d to %s: %s", d, id, describe(work))
	f := &future{}
	sim.futures[d] = f
	sim.after(timeout, func() {
		if !f.done {
			f.done = true
			sim.trace("timeout %d", d)
			sim.toCore(0, func() { sim.core.TimedOut(sim.now, d) })
		}
	})
	if c, ok := work.(*core.ChunkWork); ok {
		copied := *c // the core reuses it
		work = &copied
		for i := c.Lo; i < c.Hi; i++ {
			index := int(c.Block.First) + i
			if sim.sent[index]++; sim.sent[index] > maxDispatches {
				sim.violate("token %d dispatched %d times", index, sim.sent[index])
			}
		}
	}
	w := sim.workers[id]
	if w == nil || w.stopped {
		sim.undelivered(d, time.Millisecond)
		return
	}
	delay := time.Duration(0)
	if w.member != nil {
		delay = sim.s.RoundTrip / 2
	}
	sim.after(delay, func() {
		if w.stopped || (w.member != nil && w.member.lost) {
			return // lost with the member: the future times out
		}
		w.mailbox = append(w.mailbox, delivery{d, work})
		sim.kick(w)
	})
}

// maxDispatches bounds the dispatches of one number: the core gives a
// number up after 100 failed ones.
const maxDispatches = 100

// undelivered tells the core after delay that dispatch d reached no worker.
func (sim *Sim) undelivered(d core.DispatchID, delay time.Duration) {
	f := sim.futures[d]
	if f == nil || f.done {
		return
	}
	f.done = true
	sim.toCore(delay, func() { sim.core.Undelivered(sim.now, d) })
}

// kick starts w on the next request of its mailbox, if it can.
func (sim *Sim) kick(w *worker) {
	if w.busy || w.wedged || w.stopped || w.restarting || len(w.mailbox) == 0 {
		return
	}
	if w.member != nil && (w.member.lost || w.member.frozen) {
		return
	}
	job := w.mailbox[0]
	w.mailbox = w.mailbox[1:]
	w.busy = true
	took, answer, wedged := sim.perform(w, job)
	if !w.engaged {
		// Its first chunk teaches the core its round trip.
		w.engaged, sim.engaged = true, maxTime(sim.engaged, sim.now.Add(took+sim.s.RoundTrip))
	}
	sim.work = append(sim.work, interval{sim.now, sim.now.Add(took)})
	if wedged {
		w.wedged = true
		return
	}
	sim.after(took, func() { sim.done(w, job, answer) })
}

// answer is what a worker answers a request with.
type answer struct {
	chunk *core.Reply
	sieve *core.SieveReply
}

// perform draws how long w takes on a request and what it answers, or
// that it wedges.
func (sim *Sim) perform(w *worker, job delivery) (took time.Duration, a answer, wedged bool) {
	f := sim.s.Faults
	crash := func(on int, took time.Duration) (time.Duration, answer, bool) {
		return took, answer{chunk: &core.Reply{Crashed: true, CrashedOn: on, Incarnation: w.incarnation}}, false
	}
	if sim.rng.Float64() < f.Wedge {
		return 0, answer{}, true
	}
	switch work := job.work.(type) {
	case *core.CanaryWork:
		if sim.rng.Float64() < f.CrashBefore {
			return crash(0, 10*time.Microsecond)
		}
		n := 0
		if work.Text != nil {
			n = 1
		}
		return sim.s.Cost, answer{chunk: &core.Reply{Numbers: n, FirstAnswered: n == 1, Elapsed: sim.s.Cost}}, false
	case *core.SieveWork:
		if sim.rng.Float64() < f.CrashBefore {
			return 10 * time.Microsecond, answer{sieve: &core.SieveReply{Crashed: true, Incarnation: w.incarnation}}, false
		}
		found := work.ECM && sim.rng.IntN(3) == 0
		return work.Budget, answer{sieve: &core.SieveReply{Payload: &sieveReply{factor: found}}}, false
	case *core.ChunkWork:
		if sim.rng.Float64() < f.CrashBefore {
			return crash(0, 10*time.Microsecond)
		}
		crashAt := -1
		if sim.rng.Float64() < f.CrashIn {
			crashAt = sim.rng.IntN(work.Size())
		}
		r := &core.Reply{Payload: &reply{first: int(work.Block.First) + work.Lo, count: work.Size()}}
		for i := range work.Size() {
			value := sim.s.Values[int(work.Block.First)+work.Lo+i]
			cost := sim.s.Cost
			if sim.rng.Float64() < sim.s.Slow {
				cost *= 10
			}
			took += cost
			switch {
			case value == "x":
				r.Invalid++
				continue
			case sim.stall[value]:
				return 0, answer{}, true
			case sim.poison[value], i == crashAt:
				return crash(i+1, took)
			case sim.bigs[value] && work.ShareFrom > 0:
				r.Shared = append(r.Shared, core.SharedNumber{Offset: i, Composites: []*big.Int{big.NewInt(int64(len(value)))}})
			}
			r.Numbers++
		}
		first := sim.s.Values[int(work.Block.First)+work.Lo]
		r.FirstAnswered = first != "x" && (len(r.Shared) == 0 || r.Shared[0].Offset != 0)
		r.Elapsed = took
		return took, answer{chunk: r}, false
	}
	return 0, answer{}, true
}

// done delivers w's answer to a request, as the schedule's faults allow,
// and has w supervised when it crashed.
func (sim *Sim) done(w *worker, job delivery, a answer) {
	w.busy = false
	if w.member != nil && w.member.lost {
		return
	}
	if w.member != nil && w.member.frozen {
		// A frozen worker finishes only once it thaws.
		sim.after(w.member.thawsIn(sim), func() { w.busy = true; sim.done(w, job, a) })
		w.busy = true
		return
	}
	sim.deliver(w, job.d, a)
	if w.stopped {
		return
	}
	crashed := (a.chunk != nil && a.chunk.Crashed) || (a.sieve != nil && a.sieve.Crashed)
	switch {
	case w.stopping:
		sim.stop(w)
	case crashed:
		sim.supervise(w)
	default:
		w.inARow = 0
		if core.Pulls(sim.router) {
			sim.ready(w, 0)
		}
	}
	sim.kick(w)
}

// deliver hands an answer to the core: once through the request future,
// or lost, duplicated, or late after the future timed out.
func (sim *Sim) deliver(w *worker, d core.DispatchID, a answer) {
	f, faults := sim.futures[d], sim.s.Faults
	input := func() {
		sim.trace("answer %d from %s: %+v", d, w.id, a)
		if a.chunk != nil {
			sim.core.Answered(sim.now, d, *a.chunk)
		} else {
			sim.core.Sieved(sim.now, d, *a.sieve)
		}
	}
	switch r := sim.rng.Float64(); {
	case r < faults.Lost:
		return
	case r < faults.Lost+faults.Late:
		// The future timed out; the answer reaches the core after it
		// re-dispatched the work.
		sim.fromWorker(w, sim.s.Config.ChunkTimeout, input)
		return
	case r < faults.Lost+faults.Late+faults.Duplicated:
		sim.fromWorker(w, time.Millisecond, input)
	}
	sim.fromWorker(w, 0, func() {
		if !f.done {
			f.done = true
			input()
		}
	})
}

// supervise applies the schedule's strategy to w, which crashed.
func (sim *Sim) supervise(w *worker) {
	w.failures = append(w.failures, sim.now)
	recent := 0
	for _, t := range w.failures {
		if sim.now.Sub(t) <= restartWindow {
			recent++
		}
	}
	over := recent > sim.s.Config.MaxRestarts
	group := []*worker{w}
	if sim.s.Strategy == AllForOne {
		group = sim.siblings(w)
	}
	switch sim.s.Strategy {
	case OneForOne, AllForOne:
		for _, x := range group {
			if over {
				sim.stop(x)
			} else {
				sim.restart(x, 0)
			}
		}
	case Backoff:
		w.inARow++
		delay := backoffMin << min(w.inARow-1, 20)
		sim.restart(w, min(delay, backoffMax))
	case Restarting:
		sim.restart(w, 0)
	}
}

// siblings returns the workers supervised with w: those of its process.
func (sim *Sim) siblings(w *worker) []*worker {
	if w.member == nil {
		return sim.local
	}
	return w.member.workers
}

// restart restarts w after delay: its mailbox stays, and it says it is
// ready in its new incarnation. A busy sibling restarts once it returns.
func (sim *Sim) restart(w *worker, delay time.Duration) {
	if w.stopped || w.wedged {
		return
	}
	w.restarting = true
	w.incarnation++
	sim.after(delay, func() {
		w.restarting = false
		sim.ready(w, 0)
		sim.kick(w)
	})
}

// Stop stops a worker once it returns from what it does.
func (sim *Sim) Stop(id core.WorkerID) {
	sim.effect()
	if w := sim.workers[id]; w != nil {
		sim.stop(w)
	}
}

// stop stops w: what its mailbox holds reaches nobody, and its supervisor,
// the coordinator, hears it terminated.
func (sim *Sim) stop(w *worker) {
	switch {
	case w.stopped:
		return
	case w.busy || w.wedged:
		w.stopping = true
		return
	}
	w.stopped = true
	for _, job := range w.mailbox {
		sim.undelivered(job.d, time.Millisecond)
	}
	w.mailbox = nil
	sim.fromWorker(w, time.Microsecond, func() { sim.core.WorkerStopped(sim.now, w.id) })
}

// describe names work for a trace.
func describe(work core.Work) string {
	switch w := work.(type) {
	case *core.ChunkWork:
		return fmt.Sprintf("tokens [%d, %d) attempt %d", int(w.Block.First)+w.Lo, int(w.Block.First)+w.Hi, w.Attempt)
	case *core.CanaryWork:
		return "canary"
	case *core.SieveWork:
		return fmt.Sprintf("sieve job %d", w.Job)
	}
	return "?"
}
