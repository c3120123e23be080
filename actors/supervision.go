package actors

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"

	"github.com/actorfactor/actorfactor/actors/core"
	membership "github.com/actorfactor/actorfactor/internal/cluster"
)

// Strategy names a supervision strategy.
type Strategy string

// The built-in supervision strategies.
const (
	OneForOne          Strategy = "one-for-one"
	AllForOne          Strategy = "all-for-one"
	ExponentialBackoff Strategy = "exponential-backoff"
	Restarting         Strategy = "restarting"
)

// NewStrategyFunc makes the strategy that supervises a run's workers from
// the run's Supervision settings (its limits and delays).
type NewStrategyFunc func(Supervision) actor.SupervisorStrategy

var strategies = struct {
	sync.Mutex
	names []string
	make  map[Strategy]NewStrategyFunc
}{make: make(map[Strategy]NewStrategyFunc)}

func init() {
	RegisterStrategy(OneForOne, func(s Supervision) actor.SupervisorStrategy {
		return actor.NewOneForOneStrategy(s.MaxRestarts, s.Within, actor.DefaultDecider)
	})
	RegisterStrategy(AllForOne, func(s Supervision) actor.SupervisorStrategy {
		return actor.NewAllForOneStrategy(s.MaxRestarts, s.Within, actor.DefaultDecider)
	})
	RegisterStrategy(ExponentialBackoff, func(s Supervision) actor.SupervisorStrategy {
		return &BackoffStrategy{Min: s.BackoffMin, Max: s.BackoffMax, Reset: s.Within, Jitter: 0.2}
	})
	RegisterStrategy(Restarting, func(Supervision) actor.SupervisorStrategy { return actor.NewRestartingStrategy() })
}

// RegisterStrategy makes a supervision strategy known by name, for
// Supervision.Strategy and the command line's --supervisor. Any protoactor
// SupervisorStrategy will do; one that also implements SuccessObserver
// hears of every chunk its workers answer. It panics if the name is empty,
// has spaces or is taken: registration happens once, at start-up.
func RegisterStrategy(name Strategy, newStrategy NewStrategyFunc) {
	strategies.Lock()
	defer strategies.Unlock()
	if name == "" || strings.ContainsAny(string(name), " \t\n,") || newStrategy == nil {
		panic(fmt.Sprintf("actors: RegisterStrategy(%q): want a name without spaces or commas, and a constructor", name))
	}
	if _, taken := strategies.make[name]; taken {
		panic(fmt.Sprintf("actors: RegisterStrategy(%q): the name is taken", name))
	}
	strategies.names = append(strategies.names, string(name))
	strategies.make[name] = newStrategy
}

// StrategyNames lists the registered strategies, the built-in ones first.
func StrategyNames() []string {
	strategies.Lock()
	defer strategies.Unlock()
	return slices.Clone(strategies.names)
}

// SuccessObserver is a strategy that wants to know when a worker it
// supervises answers a chunk, such as one that starts its delays over.
type SuccessObserver interface {
	Succeeded(child *actor.PID)
}

// Supervision configures how failed workers are handled.
type Supervision struct {
	// Strategy names a registered strategy.
	Strategy Strategy
	// MaxRestarts within Within is the limit of one-for-one and all-for-one:
	// a worker that fails more often is stopped and replaced.
	MaxRestarts int
	Within      time.Duration
	// BackoffMin and BackoffMax bound the delays of exponential-backoff.
	BackoffMin, BackoffMax time.Duration
	// Retries is how many workers a number may crash, each while handling
	// it, before it is quarantined: skipped and named.
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
	if _, err := s.NewStrategy(); err != nil {
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

// NewStrategy makes the protoactor strategy that supervises the workers:
// the one registered under s.Strategy, with s's limits and delays.
func (s Supervision) NewStrategy() (actor.SupervisorStrategy, error) {
	strategies.Lock()
	newStrategy, ok := strategies.make[s.Strategy]
	strategies.Unlock()
	if !ok {
		return nil, fmt.Errorf("unknown supervisor %q (want one of %s)", s.Strategy, strings.Join(StrategyNames(), ", "))
	}
	return newStrategy(s), nil
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
// A lock keeps each count and its report together, so that what counts
// returns the observer has seen.
type directiveCounter struct {
	mu       sync.Mutex
	counted  SupervisionCounts
	observer core.Observer
}

func (d *directiveCounter) subscribe(stream *eventstream.EventStream) *eventstream.Subscription {
	return stream.Subscribe(func(evt any) {
		e, ok := evt.(*actor.SupervisorEvent)
		if !ok {
			return
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		var directive core.Directive
		switch e.Directive {
		case actor.RestartDirective:
			d.counted.Restarts++
			directive = core.Restart
		case actor.StopDirective:
			d.counted.Stops++
			directive = core.Stop
		case actor.ResumeDirective:
			d.counted.Resumes++
			directive = core.Resume
		case actor.EscalateDirective:
			d.counted.Escalations++
			directive = core.Escalate
		}
		if directive != 0 && d.observer != nil && e.Child != nil {
			d.observer.Observe(core.WorkerSupervised{Worker: membership.WorkerKey(e.Child), Directive: directive})
		}
	})
}

// ObserveSupervision tells observer of the directives that the supervisors
// of system apply to failed actors, such as a node's workers, until the
// returned function is called.
func ObserveSupervision(system *actor.ActorSystem, observer core.Observer) (stop func()) {
	d := &directiveCounter{observer: observer}
	sub := d.subscribe(system.EventStream)
	return func() { system.EventStream.Unsubscribe(sub) }
}

func (d *directiveCounter) counts() SupervisionCounts {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.counted
}
