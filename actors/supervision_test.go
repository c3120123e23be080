package actors

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/input"
)

func chaosConfig(strategy Strategy) Config {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 3, 12
	cfg.Chunk = Chunking{Mode: ChunkFixed, Size: 16}
	cfg.Supervision.Strategy = strategy
	cfg.Supervision.BackoffMin, cfg.Supervision.BackoffMax = 100*time.Microsecond, time.Millisecond
	cfg.Chaos = Chaos{PanicRate: 0.05, Seed: 11}
	return cfg
}

func TestEveryStrategyLosesNothingUnderChaos(t *testing.T) {
	nums := mixedBatch(3000)
	want := expected(t, nums)
	for _, strategy := range Strategies {
		t.Run(string(strategy), func(t *testing.T) {
			rec, summary := run(t, chaosConfig(strategy), input.NewValues(nums))
			assert.Equal(t, want, rec.out.String())
			assert.Empty(t, rec.abandoned)
			assert.Positive(t, summary.Supervision.Restarts)
			assert.Positive(t, summary.Retried)
			assert.Zero(t, summary.Quarantined)
		})
	}
}

func TestEveryRouterLosesNothingUnderChaos(t *testing.T) {
	nums := mixedBatch(2000)
	want := expected(t, nums)
	for _, r := range Routers {
		t.Run(string(r), func(t *testing.T) {
			cfg := chaosConfig(OneForOne)
			cfg.Router = r
			rec, summary := run(t, cfg, input.NewValues(nums))
			assert.Equal(t, want, rec.out.String())
			assert.Positive(t, summary.Supervision.Restarts)
		})
	}
}

func TestPoisonNumbersAreQuarantinedAndNamed(t *testing.T) {
	nums := mixedBatch(1000)
	poison := map[uint64]bool{nums[10]: true, nums[500]: true, nums[999]: true}
	cfg := chaosConfig(OneForOne)
	cfg.Chaos = Chaos{}
	for p := range poison {
		cfg.Chaos.Poison = append(cfg.Chaos.Poison, new(big.Int).SetUint64(p))
	}
	rec, summary := run(t, cfg, input.NewValues(nums))

	var healthy []uint64
	var named []string
	for _, n := range nums {
		if poison[n] {
			named = append(named, fmt.Sprintf("%d: crashed 3 workers", n))
		} else {
			healthy = append(healthy, n)
		}
	}
	assert.Equal(t, expected(t, healthy), rec.out.String())
	assert.Equal(t, named, rec.abandoned)
	assert.Equal(t, len(named), summary.Quarantined)
}

func TestWideNumbersCanBePoisonedToo(t *testing.T) {
	wide, _ := new(big.Int).SetString("340282366920938463463374607431768211457", 10)
	cfg := chaosConfig(Restarting)
	cfg.Chaos = Chaos{Poison: []*big.Int{wide}}
	rec, _ := run(t, cfg, input.NewReader(strings.NewReader("6 340282366920938463463374607431768211457 10")))
	assert.Equal(t, "6: 2 3\n10: 2 5\n", rec.out.String())
	assert.Equal(t, []string{wide.String() + ": crashed 3 workers"}, rec.abandoned)
}

func TestRunGivesUpWhenNoWorkerCanBeKeptAlive(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	cfg.Supervision.MaxRestarts = 0
	cfg.Chaos = Chaos{PanicRate: 1, Seed: 1}
	rec := newRecorder()
	summary, err := Run(context.Background(), cfg, input.NewValues(mixedBatch(100)), rec)
	require.ErrorIs(t, err, ErrNoWorkers)
	assert.Positive(t, summary.Replaced)
	assert.Empty(t, rec.out.String())
	assert.NotEmpty(t, rec.abandoned, "the numbers in flight are named, not lost silently")
}

func TestStoppedWorkersAreReplaced(t *testing.T) {
	nums := mixedBatch(2000)
	for _, r := range []Router{RoundRobin, LeastLoaded, WorkPulling} {
		t.Run(string(r), func(t *testing.T) {
			cfg := chaosConfig(OneForOne)
			cfg.Router = r
			cfg.Supervision.MaxRestarts = 1
			cfg.Chaos.PanicRate = 0.1
			rec, summary := run(t, cfg, input.NewValues(nums))
			assert.Equal(t, expected(t, nums), rec.out.String())
			assert.Positive(t, summary.Replaced)
			assert.Positive(t, summary.Supervision.Stops)
		})
	}
}

func TestBackoffDelaysDoubleUpToTheCap(t *testing.T) {
	s := &BackoffStrategy{Min: 10 * time.Millisecond, Max: 100 * time.Millisecond}
	var got []time.Duration
	for failures := 1; failures <= 6; failures++ {
		got = append(got, s.Delay(failures))
	}
	ms := time.Millisecond
	assert.Equal(t, []time.Duration{10 * ms, 20 * ms, 40 * ms, 80 * ms, 100 * ms, 100 * ms}, got)
}

func TestSupervisionValidateNamesEveryProblem(t *testing.T) {
	s := Supervision{Strategy: "nope", MaxRestarts: -1, BackoffMin: 2, BackoffMax: 1}
	err := s.Validate()
	require.Error(t, err)
	for _, want := range []string{`"nope"`, "max restarts", "restart window", "backoff", "retries"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestBackoffStartsOverAfterAQuietPeriod(t *testing.T) {
	s := &BackoffStrategy{Min: time.Millisecond, Max: time.Second, Reset: time.Hour}
	system := NewSystem(nil)
	defer system.Close()
	var restarts directiveCounter
	defer system.actors.EventStream.Unsubscribe(restarts.subscribe(system.actors.EventStream))
	rs := actor.NewRestartStatistics()
	for range 3 {
		s.HandleFailure(system.actors, noSupervisor{}, actor.NewPID("nonhost", "w"), rs, "boom", nil)
	}
	assert.Equal(t, 3, rs.FailureCount())
	assert.Equal(t, int64(3), restarts.counts().Restarts, "each restart is counted when decided")

	s.Reset = time.Nanosecond // every earlier failure is now outside the window
	s.HandleFailure(system.actors, noSupervisor{}, actor.NewPID("nonhost", "w"), rs, "boom", nil)
	assert.Equal(t, 1, rs.FailureCount())
}

// noSupervisor ignores the restarts a strategy asks for.
type noSupervisor struct{ actor.Supervisor }

func (noSupervisor) RestartChildren(...*actor.PID) {}

func TestChunksThatTimeOutAreRetriedThenNamed(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	// A worker pauses up to 10ms before the number; the future waits 1ns.
	cfg.Chaos = Chaos{Delay: 10 * time.Millisecond, Seed: 1}
	cfg.ChunkTimeout = time.Nanosecond
	cfg.Supervision.Retries = 2
	rec, summary := run(t, cfg, input.NewValues([]uint64{6}))
	assert.Empty(t, rec.out.String())
	assert.Equal(t, []string{"6: not answered within 1ns, 2 times"}, rec.abandoned)
	assert.Equal(t, 1, summary.Quarantined)
}
