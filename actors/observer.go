package actors

import "time"

// Observer is told of a run's events as they happen, to keep metrics. The
// coordinator calls it from its own goroutine, and the supervision events
// come from any goroutine: an implementation must be safe for concurrent
// use and must not block.
type Observer interface {
	// ChunkSent: a chunk went to a worker; retry says it went out before.
	ChunkSent(retry bool)
	// ChunkAnswered: a worker answered a chunk of valid numbers and
	// invalid tokens, latency after it was sent.
	ChunkAnswered(numbers, invalid int, latency time.Duration)
	// Quarantined: a number was skipped for crashing workers or for
	// taking too long.
	Quarantined()
	// WorkerReplaced: a worker was taken out of the run and replaced, for
	// a reason: "stopped" by its supervisor, "failed canary" or "wedged".
	WorkerReplaced(reason string)
	// Supervised: the supervisor applied a directive to a failed worker:
	// "restart", "stop", "resume" or "escalate".
	Supervised(directive string)
	// Chunks: how many chunks are now with workers, and queued for one.
	Chunks(inFlight, queued int)
}

// nopObserver is the Observer of a run that keeps no metrics.
type nopObserver struct{}

func (nopObserver) ChunkSent(bool)                        {}
func (nopObserver) ChunkAnswered(int, int, time.Duration) {}
func (nopObserver) Quarantined()                          {}
func (nopObserver) WorkerReplaced(string)                 {}
func (nopObserver) Supervised(string)                     {}
func (nopObserver) Chunks(int, int)                       {}
