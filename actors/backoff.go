package actors

import (
	"math/rand/v2"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// BackoffStrategy restarts a failed worker after a delay that doubles with
// every failure in a row (Min, 2·Min, 4·Min, ... capped at Max), with
// random jitter that never passes Max. A chunk answered, or a quiet period
// of Reset, starts the delays over. It never gives up. protoactor's own
// "exponential" backoff grows linearly and never forgets a failure within
// its window, so a worker that fails one chunk in ten would soon wait the
// longest delay after every failure.
//
// Its methods are called on the goroutine of the supervising actor.
type BackoffStrategy struct {
	// Min is the first delay and Max caps the delays.
	Min, Max time.Duration
	// Reset is the quiet period after which the delays start over.
	Reset time.Duration
	// Jitter adds up to this fraction of each delay at random.
	Jitter float64
	// inARow counts each worker's failures since it last answered a chunk.
	inARow map[string]int
}

var (
	_ actor.SupervisorStrategy = (*BackoffStrategy)(nil)
	_ SuccessObserver          = (*BackoffStrategy)(nil)
)

// Delay returns the delay before the restart that follows the given number
// of failures in a row (1 for the first), without jitter.
func (s *BackoffStrategy) Delay(failures int) time.Duration {
	d := s.Min
	for i := 1; i < failures && d < s.Max; i++ {
		d *= 2
	}
	return min(d, s.Max)
}

// HandleFailure schedules the restart of the failed child.
func (s *BackoffStrategy) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, _ any) {
	if s.inARow == nil {
		s.inARow = make(map[string]int)
	}
	if rs.NumberOfFailures(s.Reset) == 0 {
		rs.Reset()
		delete(s.inARow, child.Id)
	}
	rs.Fail()
	s.inARow[child.Id]++
	delay := s.jittered(s.Delay(s.inARow[child.Id]))
	// The directive is published when it is decided, so that a restart
	// still pending when a run ends is counted too.
	system.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: actor.RestartDirective})
	time.AfterFunc(delay, func() { supervisor.RestartChildren(child) })
}

// jittered adds the random jitter to delay, up to Max.
func (s *BackoffStrategy) jittered(delay time.Duration) time.Duration {
	return min(delay+time.Duration(rand.Float64()*s.Jitter*float64(delay)), s.Max)
}

// Succeeded starts the delays of child over.
func (s *BackoffStrategy) Succeeded(child *actor.PID) {
	delete(s.inARow, child.Id)
}
