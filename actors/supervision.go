package actors

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"
)

// Strategy names a supervision strategy.
type Strategy string

// The supervision strategies a run can use.
const (
	OneForOne          Strategy = "one-for-one"
	AllForOne          Strategy = "all-for-one"
	ExponentialBackoff Strategy = "exponential-backoff"
	Restarting         Strategy = "restarting"
)

// Strategies lists every Strategy, default first.
var Strategies = []Strategy{OneForOne, AllForOne, ExponentialBackoff, Restarting}

// Supervision configures how failed workers are handled.
type Supervision struct {
	Strategy Strategy
	// MaxRestarts within Within is the limit of one-for-one and all-for-one:
	// a worker that fails more often is stopped and replaced.
	MaxRestarts int
	Within      time.Duration
	// BackoffMin and BackoffMax bound the delays of exponential-backoff.
	BackoffMin, BackoffMax time.Duration
	// Retries is how many times a number may crash a worker before it is
	// quarantined: skipped and named on stderr.
	Retries int
}

// DefaultSupervision returns protoactor's default limits (10 restarts in
// 10 s) with one-for-one, and quarantine after 3 crashes.
func DefaultSupervision() Supervision {
	return Supervision{
		Strategy:    OneForOne,
		MaxRestarts: 10,
		Within:      10 * time.Second,
		BackoffMin:  time.Millisecond,
		BackoffMax:  time.Second,
		Retries:     3,
	}
}

// Validate reports every invalid setting at once.
func (s Supervision) Validate() error {
	var errs []error
	if _, err := ParseStrategy(string(s.Strategy)); err != nil {
		errs = append(errs, err)
	}
	if s.MaxRestarts < 0 {
		errs = append(errs, fmt.Errorf("max restarts must not be negative, got %d", s.MaxRestarts))
	}
	if s.Within <= 0 {
		errs = append(errs, fmt.Errorf("restart window must be positive, got %v", s.Within))
	}
	if s.BackoffMin <= 0 || s.BackoffMax < s.BackoffMin {
		errs = append(errs, fmt.Errorf("backoff needs 0 < min <= max, got %v and %v", s.BackoffMin, s.BackoffMax))
	}
	if s.Retries < 1 {
		errs = append(errs, fmt.Errorf("retries must be at least 1, got %d", s.Retries))
	}
	return errors.Join(errs...)
}

// ParseStrategy returns the Strategy with the given name.
func ParseStrategy(name string) (Strategy, error) {
	for _, s := range Strategies {
		if string(s) == name {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown supervisor %q (want one-for-one, all-for-one, exponential-backoff or restarting)", name)
}

// strategy builds the protoactor strategy that supervises the workers.
func (s Supervision) strategy() actor.SupervisorStrategy {
	switch s.Strategy {
	case AllForOne:
		return actor.NewAllForOneStrategy(s.MaxRestarts, s.Within, actor.DefaultDecider)
	case ExponentialBackoff:
		return &BackoffStrategy{Min: s.BackoffMin, Max: s.BackoffMax, Reset: s.Within, Jitter: 0.2}
	case Restarting:
		return actor.NewRestartingStrategy()
	}
	return actor.NewOneForOneStrategy(s.MaxRestarts, s.Within, actor.DefaultDecider)
}

// successObserver is a strategy that wants to know when a worker it
// supervises answers a chunk.
type successObserver interface {
	Succeeded(child *actor.PID)
}

// stopOnPanic is the guardian strategy of the coordinator: a coordinator
// that panics has already reported the cause and must not be restarted
// with stale state. One value, so that an actor system keeps one guardian.
var stopOnPanic = actor.NewOneForOneStrategy(0, time.Second, func(any) actor.Directive { return actor.StopDirective })

// SupervisionCounts counts the directives applied to failed workers.
type SupervisionCounts struct {
	Restarts, Stops, Resumes, Escalations int64
}

// directiveCounter counts the SupervisorEvents of an actor system and
// tells its observer of each; the event stream calls it from any goroutine.
type directiveCounter struct {
	restarts, stops, resumes, escalations atomic.Int64
	observer                              Observer
}

func (d *directiveCounter) subscribe(stream *eventstream.EventStream) *eventstream.Subscription {
	return stream.Subscribe(func(evt any) {
		e, ok := evt.(*actor.SupervisorEvent)
		if !ok {
			return
		}
		var name string
		switch e.Directive {
		case actor.RestartDirective:
			d.restarts.Add(1)
			name = "restart"
		case actor.StopDirective:
			d.stops.Add(1)
			name = "stop"
		case actor.ResumeDirective:
			d.resumes.Add(1)
			name = "resume"
		case actor.EscalateDirective:
			d.escalations.Add(1)
			name = "escalate"
		}
		if name != "" && d.observer != nil && e.Child != nil {
			d.observer.Supervised(workerKey(e.Child), name)
		}
	})
}

// ObserveSupervision tells observer of the directives that the supervisors
// of system apply to failed actors, such as a node's workers, until the
// returned function is called.
func ObserveSupervision(system *actor.ActorSystem, observer Observer) (stop func()) {
	d := &directiveCounter{observer: observer}
	sub := d.subscribe(system.EventStream)
	return func() { system.EventStream.Unsubscribe(sub) }
}

func (d *directiveCounter) counts() SupervisionCounts {
	return SupervisionCounts{d.restarts.Load(), d.stops.Load(), d.resumes.Load(), d.escalations.Load()}
}
