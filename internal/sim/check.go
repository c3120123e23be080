package sim

import (
	"errors"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// check checks the invariants at the end of a run.
func (sim *Sim) check() {
	r := &sim.result
	if !r.Finished {
		sim.violate("the run did not end within %v of virtual time and %d steps", maxVirtual, maxSteps)
		return
	}
	if sim.written != sim.emitted {
		sim.violate("the run ended with %d of %d blocks written", sim.written, sim.emitted)
	}
	for i := range sim.read {
		o := sim.outcome(i)
		value := sim.s.Values[i]
		switch {
		case o.answers != 1:
			sim.violate("token %d (%s) read and answered %d times", i, value, o.answers)
		case o.skipped:
			r.Skipped++
			sim.justified(i, value, o.reason)
		case sim.poison[value] || sim.stall[value]:
			sim.violate("token %d (%s) answered though it always fails", i, value)
		default:
			r.Answered++
		}
	}
	if len(sim.outcomes) > sim.read {
		sim.violate("%d tokens answered, %d read", len(sim.outcomes), sim.read)
	}
	interrupted := errors.Is(r.Err, core.ErrInterrupted)
	if sim.read < len(sim.s.Values) && !interrupted && r.Err == nil {
		sim.violate("the run ended without error after reading %d of %d tokens", sim.read, len(sim.s.Values))
	}
	signalled := sim.s.Faults.SignalAt > 0 && r.At >= sim.s.Faults.SignalAt
	if interrupted && !signalled || signalled && r.Err == nil {
		sim.violate("the run ended with %v, signalled at %v", r.Err, sim.s.Faults.SignalAt)
	}
	sim.checkValues()
	r.Busy = sim.busy()
}

// justified checks that token i was given up for a reason the schedule
// explains.
func (sim *Sim) justified(i int, value string, reason core.Reason) {
	f := sim.s.Faults
	ok := true
	switch reason.Why {
	case core.Crashed:
		ok = sim.poison[value] || f.CrashIn > 0
	case core.NotAnswered:
		ok = sim.stall[value] || f.Wedge > 0 || f.Lost > 0 || f.Late > 0 || len(sim.s.Members) > 0 || sim.s.Slow > 0
	case core.Failing:
		ok = sim.capped(value)
	case core.Interrupted:
		ok = f.SignalAt > 0
	case core.NoWorkers:
		ok = errors.Is(sim.result.Err, core.ErrNoWorkers) || f.SignalAt > 0
	case core.NotWritten:
		ok = f.WriteFailsAt >= 0
	case core.SieveCrashed:
		ok = sim.bigs[value]
	default:
		ok = false
	}
	if !ok {
		sim.violate("token %d (%s) given up: %v, which the schedule does not explain", i, value, reason)
	}
}

// capped reports whether a token of value was dispatched as often as a
// number may be: its value is given up.
func (sim *Sim) capped(value string) bool {
	for j, v := range sim.s.Values {
		if v == value && sim.sent[j] >= maxDispatches {
			return true
		}
	}
	return false
}

// checkValues checks that a value quarantined for crashing workers was
// never answered: poison is a value that never succeeds. Random crashes
// inside numbers may make a healthy value look like poison, so the check
// holds only without them.
func (sim *Sim) checkValues() {
	if sim.s.Faults.CrashIn > 0 {
		return
	}
	answered, crashed := map[string]bool{}, map[string]bool{}
	for i := range sim.read {
		o := sim.outcome(i)
		switch {
		case !o.skipped:
			answered[sim.s.Values[i]] = true
		case o.reason.Why == core.Crashed:
			crashed[sim.s.Values[i]] = true
		}
	}
	for v := range crashed {
		if answered[v] {
			sim.violate("value %s both answered and quarantined for crashing workers", v)
		}
	}
}

// interval is a span of virtual time.
type interval struct{ from, to time.Time }

// busy returns the share of their time the workers computed in the
// steady part of the run, or in all of it when it had none.
func (sim *Sim) busy() float64 {
	from, to := sim.engaged, sim.drained
	if !from.Before(to) {
		from, to = sim.start, sim.start.Add(sim.result.At)
	}
	if len(sim.workers) == 0 || !from.Before(to) {
		return 0
	}
	var busy time.Duration
	for _, w := range sim.work {
		if start, end := maxTime(w.from, from), minTime(w.to, to); start.Before(end) {
			busy += end.Sub(start)
		}
	}
	return float64(busy) / float64(time.Duration(len(sim.workers))*to.Sub(from))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
