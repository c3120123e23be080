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
	if r.At > 0 {
		workers := max(1, sim.spawned+len(sim.members))
		r.Busy = float64(r.busyTime) / float64(time.Duration(workers)*r.At)
	}
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
