package core

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Summary counts what a Core decided in a run.
type Summary struct {
	// Workers is the size of the worker pool: in a cluster, with the
	// workers the members lent at first.
	Workers int
	// Chunks counts dispatches of chunks, re-dispatches included; Retried
	// counts the re-dispatches alone.
	Chunks, Retried int
	// Quarantined counts the numbers given up for crashing workers, for
	// not being answered in time or for failing dispatches; Replaced the
	// workers stopped for good and replaced; Wedged the workers that did
	// not answer in time, replaced too.
	Quarantined, Replaced, Wedged int
	// SharedSieves counts the composites sieved by all the workers;
	// SieveRequests the slices of sieving (or ECM) they were asked for.
	SharedSieves, SieveRequests int
	// Slowest lists the numbers above 64 bits that took longest, slowest
	// first: at most slowestKept of them.
	Slowest []NumberTime
	// Latency is the distribution of chunk round trips.
	Latency Histogram
	// Members counts, per process whose workers took part (in a cluster,
	// per member), what they did.
	Members []MemberStats
}

// NumberTime is how long one number took to factor.
type NumberTime struct {
	// Number is the number as a message shows it (shortened when long).
	Number  string
	Elapsed time.Duration
}

// slowestKept is how many of the slowest numbers a Summary keeps.
const slowestKept = 5

// keeps reports whether a number that took elapsed would be kept among
// the slowest (a time equal to the last one kept goes before it), so that
// a number is named only when it is.
func (s *Summary) keeps(elapsed time.Duration) bool {
	return len(s.Slowest) < slowestKept || elapsed >= s.Slowest[slowestKept-1].Elapsed
}

// noteTime keeps the number among the slowest if it is one of them.
func (s *Summary) noteTime(number string, elapsed time.Duration) {
	i, _ := slices.BinarySearchFunc(s.Slowest, elapsed, func(t NumberTime, e time.Duration) int { return cmp.Compare(e, t.Elapsed) })
	if i < slowestKept {
		s.Slowest = slices.Insert(s.Slowest, i, NumberTime{Number: number, Elapsed: elapsed})
		s.Slowest = s.Slowest[:min(len(s.Slowest), slowestKept)]
	}
}

// MemberStats counts what the workers of one process did.
type MemberStats struct {
	// Address is the member's address ("" for the coordinator's process
	// outside a cluster).
	Address string
	// Numbers counts the numbers its workers answered; Redispatched the
	// chunks they held that were dispatched again (after a crash, a
	// timeout or the loss of the worker or member).
	Numbers, Redispatched int
}

// Histogram is a log-scale histogram of durations from 1µs to about 18 h,
// with four buckets per power of two: quantiles are good to about 19%.
type Histogram struct {
	buckets [4 * 36]uint64
	count   uint64
}

const bucketsPerOctave = 4

// Record adds one duration.
func (h *Histogram) Record(d time.Duration) {
	micros := max(float64(d)/float64(time.Microsecond), 1)
	i := int(math.Log2(micros) * bucketsPerOctave)
	h.buckets[min(i, len(h.buckets)-1)]++
	h.count++
}

// Quantile returns the duration below which a fraction q of the recorded
// durations lie (the upper bound of its bucket), or 0 when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.count == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.count)))
	var seen uint64
	for i, n := range h.buckets {
		seen += n
		if seen >= max(rank, 1) {
			return time.Duration(math.Exp2(float64(i+1)/bucketsPerOctave) * float64(time.Microsecond))
		}
	}
	return 0
}
