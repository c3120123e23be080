package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Observer is told of a run's events as they happen, to keep metrics or
// draw a dashboard. Workers are named by their PID ("address/id"), which
// tells apart the workers of different members. The coordinator
// calls it from its own goroutine, and the supervision events come from
// any goroutine: an implementation must be safe for concurrent use and
// must not block.
type Observer interface {
	// WorkerAdded: a worker joined the run, on the cluster member at
	// address member ("" in this process).
	WorkerAdded(worker, member string)
	// ChunkSent: a chunk went to worker; retry says it went out before.
	ChunkSent(worker string, retry bool)
	// ChunkAnswered: worker answered a chunk of valid numbers and invalid
	// tokens, latency after it was sent.
	ChunkAnswered(worker string, numbers, invalid int, latency time.Duration)
	// WorkerCrashed: worker panicked on a chunk and said so.
	WorkerCrashed(worker string)
	// WorkerReplaced: worker was taken out of the run and replaced, for a
	// reason: "stopped" by its supervisor, "failed canary" or "wedged".
	WorkerReplaced(worker, reason string)
	// Supervised: the supervisor applied a directive to a failed worker:
	// "restart", "stop", "resume" or "escalate".
	Supervised(worker, directive string)
	// Quarantined: numbers were skipped, for a reason.
	Quarantined(numbers, reason string)
	// Member: a cluster member at address "joined", or was "lost".
	Member(address, event string)
	// Chunks: how many chunks are now with workers, and queued for one.
	Chunks(inFlight, queued int)
}

// nopObserver is the Observer of a run that keeps no metrics.
type nopObserver struct{}

func (nopObserver) WorkerAdded(string, string)                    {}
func (nopObserver) ChunkSent(string, bool)                        {}
func (nopObserver) ChunkAnswered(string, int, int, time.Duration) {}
func (nopObserver) WorkerCrashed(string)                          {}
func (nopObserver) WorkerReplaced(string, string)                 {}
func (nopObserver) Supervised(string, string)                     {}
func (nopObserver) Quarantined(string, string)                    {}
func (nopObserver) Member(string, string)                         {}
func (nopObserver) Chunks(int, int)                               {}

// Observers returns an Observer that tells each of observers.
func Observers(observers ...Observer) Observer { return fanOut(observers) }

type fanOut []Observer

func (f fanOut) WorkerAdded(worker, member string) {
	for _, o := range f {
		o.WorkerAdded(worker, member)
	}
}

func (f fanOut) ChunkSent(worker string, retry bool) {
	for _, o := range f {
		o.ChunkSent(worker, retry)
	}
}

func (f fanOut) ChunkAnswered(worker string, numbers, invalid int, latency time.Duration) {
	for _, o := range f {
		o.ChunkAnswered(worker, numbers, invalid, latency)
	}
}

func (f fanOut) WorkerCrashed(worker string) {
	for _, o := range f {
		o.WorkerCrashed(worker)
	}
}

func (f fanOut) WorkerReplaced(worker, reason string) {
	for _, o := range f {
		o.WorkerReplaced(worker, reason)
	}
}

func (f fanOut) Supervised(worker, directive string) {
	for _, o := range f {
		o.Supervised(worker, directive)
	}
}

func (f fanOut) Quarantined(numbers, reason string) {
	for _, o := range f {
		o.Quarantined(numbers, reason)
	}
}

func (f fanOut) Member(address, event string) {
	for _, o := range f {
		o.Member(address, event)
	}
}

func (f fanOut) Chunks(inFlight, queued int) {
	for _, o := range f {
		o.Chunks(inFlight, queued)
	}
}

// workerKey names a worker to observers: "address/id".
func workerKey(pid *actor.PID) string { return pid.Address + "/" + pid.Id }
