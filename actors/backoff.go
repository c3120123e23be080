package actors

import (
	"math/rand/v2"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// BackoffStrategy restarts a failed worker after a delay that doubles with
// every failure (Min, 2·Min, 4·Min, ... capped at Max), with random jitter,
// and starts over from Min once the worker has been quiet for Reset. It
// never gives up. protoactor's own "exponential" backoff grows linearly.
type BackoffStrategy struct {
	// Min is the first delay and Max caps the delays.
	Min, Max time.Duration
	// Reset is the quiet period after which the delays start over.
	Reset time.Duration
	// Jitter adds up to this fraction of each delay at random.
	Jitter float64
}

var _ actor.SupervisorStrategy = (*BackoffStrategy)(nil)

// Delay returns the delay before the restart that follows the given number
// of consecutive failures (1 for the first), without jitter.
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
	if rs.NumberOfFailures(s.Reset) == 0 {
		rs.Reset()
	}
	rs.Fail()
	delay := s.Delay(rs.FailureCount())
	delay += time.Duration(rand.Float64() * s.Jitter * float64(delay))
	// The directive is published when it is decided, so that a restart
	// still pending when a run ends is counted too.
	system.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: actor.RestartDirective})
	time.AfterFunc(delay, func() { supervisor.RestartChildren(child) })
}
