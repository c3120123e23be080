package core

import (
	"fmt"
	"time"
)

// Why says why numbers were given up.
type Why int

// The reasons a number is given up.
const (
	// Crashed: it crashed Count workers, each while it was handling it.
	Crashed Why = iota + 1
	// SieveCrashed: Count sieve requests in a row on its shared composite
	// crashed their workers.
	SieveCrashed
	// NotAnswered: it was not answered within Timeout, the chunk timeout.
	NotAnswered
	// NotFactored: it was not factored within Timeout, the number timeout.
	NotFactored
	// Failing: Count dispatches of it in a row failed, none on it.
	Failing
	// Interrupted: the run was interrupted before it was answered.
	Interrupted
	// NoWorkers: the run gave up on workers before it was answered.
	NoWorkers
	// NotWritten: the output failed before it could be written.
	NotWritten
)

// Reason is why numbers were given up.
type Reason struct {
	Why Why
	// Count and Timeout complete Why, as each reason says.
	Count   int
	Timeout time.Duration
}

// String describes the reason as a message names it: "crashed 3 workers".
func (r Reason) String() string {
	switch r.Why {
	case Crashed:
		return fmt.Sprintf("crashed %d workers", r.Count)
	case SieveCrashed:
		return fmt.Sprintf("crashed %d workers in the quadratic sieve", r.Count)
	case NotAnswered:
		return fmt.Sprintf("not answered within %v", r.Timeout)
	case NotFactored:
		return fmt.Sprintf("not factored within %v", r.Timeout)
	case Failing:
		return fmt.Sprintf("not answered: %d dispatches in a row failed", r.Count)
	case Interrupted:
		return "not answered: interrupted"
	case NoWorkers:
		return "not answered: no worker could be kept alive"
	case NotWritten:
		return "not written: output failed"
	}
	return "not answered"
}
