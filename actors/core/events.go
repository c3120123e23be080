package core

import (
	"fmt"
	"time"
)

// Observer is told of a run's events as they happen, to keep metrics or
// draw a dashboard. A run calls it from its coordinator's goroutine, and
// the supervision events come from any goroutine: an implementation must
// be safe for concurrent use and must not block.
type Observer interface {
	Observe(Event)
}

// Event is something that happened in a run: one of the event types of
// this package. Workers are named by their WorkerID.
type Event interface{ isEvent() }

// observe tells the Core's observer, if any, of an event; without one,
// the event is not even made an Event, which would allocate.
func observe[E Event](c *Core, e E) {
	if c.cfg.Observer != nil {
		c.cfg.Observer.Observe(e)
	}
}

// WorkerAdded: a worker joined the run, on the cluster member at Member
// ("" in the coordinator's process).
type WorkerAdded struct {
	Worker WorkerID
	Member string
}

// ChunkSent: a chunk went to Worker; Retry says its numbers went out before.
type ChunkSent struct {
	Worker WorkerID
	Retry  bool
}

// ChunkAnswered: Worker answered a chunk of Numbers numbers and Invalid
// other tokens, Latency after it was sent.
type ChunkAnswered struct {
	Worker           WorkerID
	Numbers, Invalid int
	Latency          time.Duration
}

// WorkerCrashed: Worker panicked on its work and said so.
type WorkerCrashed struct{ Worker WorkerID }

// WorkerReplaced: Worker was taken out of the run and replaced, for Why.
type WorkerReplaced struct {
	Worker WorkerID
	Why    Replacement
}

// WorkerSupervised: the supervisor applied Directive to Worker, which failed.
type WorkerSupervised struct {
	Worker    WorkerID
	Directive Directive
}

// NumbersQuarantined: Numbers (a number, or "N numbers from M") were given
// up for Reason.
type NumbersQuarantined struct {
	Numbers string
	Reason  Reason
}

// MemberJoined: the cluster member at Address lends the run its workers.
type MemberJoined struct{ Address string }

// MemberLost: the cluster member at Address died or left; its workers are
// out of the run.
type MemberLost struct{ Address string }

// LoadChanged: InFlight chunks are now with workers, Queued wait for one.
type LoadChanged struct{ InFlight, Queued int }

func (WorkerAdded) isEvent()        {}
func (ChunkSent) isEvent()          {}
func (ChunkAnswered) isEvent()      {}
func (WorkerCrashed) isEvent()      {}
func (WorkerReplaced) isEvent()     {}
func (WorkerSupervised) isEvent()   {}
func (NumbersQuarantined) isEvent() {}
func (MemberJoined) isEvent()       {}
func (MemberLost) isEvent()         {}
func (LoadChanged) isEvent()        {}

// Replacement says why a worker was replaced.
type Replacement int

// The reasons a worker is replaced.
const (
	// Stopped: its supervisor stopped it for good.
	Stopped Replacement = iota + 1
	// FailedCanary: as a replacement, it failed its canary more often than
	// its strategy allows restarts.
	FailedCanary
	// Wedged: it did not answer within the chunk timeout.
	Wedged
)

// String names the reason as metrics label it: "stopped", "failed canary", "wedged".
func (r Replacement) String() string {
	switch r {
	case Stopped:
		return "stopped"
	case FailedCanary:
		return "failed canary"
	case Wedged:
		return "wedged"
	}
	return fmt.Sprintf("Replacement(%d)", int(r))
}

// Directive is what a supervisor did to a worker that failed.
type Directive int

// The directives of a supervisor.
const (
	Restart Directive = iota + 1
	Stop
	Resume
	Escalate
)

// String names the directive as metrics label it: "restart", "stop", ...
func (d Directive) String() string {
	switch d {
	case Restart:
		return "restart"
	case Stop:
		return "stop"
	case Resume:
		return "resume"
	case Escalate:
		return "escalate"
	}
	return fmt.Sprintf("Directive(%d)", int(d))
}
