// Package sharing is the quadratic sieve of one number shared by many
// workers: the schedule a coordinator follows to hand out slices of
// sieving, and the collector that gathers the workers' relations and
// splits the number once they make a factor.
//
// A worker that meets a composite needing the sieve leaves it to be
// shared. The coordinator starts a Collector for it and, whenever a
// worker is idle, sends it a sieve request: a seed of its own (so workers
// draw different polynomial families) and a budget (Slice). The first
// request runs the composite's ECM pretest instead (Pretest). The
// collector's Phase says what the coordinator asks for next.
package sharing

import (
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
)

// Phase is where a collector stands, which says what sieving the
// coordinator asks of the workers for it.
type Phase int

const (
	// Gathering: relations wanted, in requests of the usual length.
	Gathering Phase = iota
	// NearlyDone: most relations are in; short requests, so that little
	// is sieved in vain once they all are.
	NearlyDone
	// Matrix: the collector works on its matrix; no requests, so that it
	// has a core of its own. One whose matrix gave no factor is nearly
	// done again.
	Matrix
)

// Slice is how long a worker sieves for one request on a composite of the
// given size: an eightieth of the sieve's expected time, within 5-100 ms.
// Short enough that relations reach the collector soon after they are
// found and that little is sieved in vain once it has enough; long enough
// that a request's cost, a few families' setup, is lost in the noise.
func Slice(bits int) time.Duration {
	return min(max(factor.PretestBudget(bits)/4, MinSlice), 100*time.Millisecond)
}

// MinSlice is the shortest sieve request, and the length of all of them
// once a collector is nearly done.
const MinSlice = 5 * time.Millisecond

// Pretest is how long the ECM pretest of a composite of the given size
// runs before its sieve would start; 0: none.
func Pretest(bits int) time.Duration { return factor.PretestBudget(bits) }

// CrashLimit is how many sieve requests in a row may crash before the
// number is given up: a number that crashes the sieve crashes every
// request, while chaos that strikes a quarter of them makes such a run
// about once in a million requests.
const CrashLimit = 10
