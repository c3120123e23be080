package actors

import (
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// Summary counts what a run did.
type Summary struct {
	// Summary counts what the coordinator decided: chunks dispatched and
	// retried, workers replaced, numbers quarantined, latencies, members.
	core.Summary
	// Numbers counts the valid numbers read; Invalid the other tokens;
	// Skipped the numbers given up (quarantined, timed out, or left
	// unanswered by an interrupt or a failure of the run).
	Numbers, Invalid, Skipped int
	// Supervision counts the directives applied to failed workers by the
	// time the run ends; one that follows the crash which ends it may come
	// later, and reaches only the Observer.
	Supervision SupervisionCounts
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}
