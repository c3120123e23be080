package actors

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
)

func chaosConfig(strategy Strategy) Config {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 3, 12
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 16}
	cfg.Supervision.Strategy = strategy
	cfg.Supervision.BackoffMin, cfg.Supervision.BackoffMax = 100*time.Microsecond, time.Millisecond
	cfg.Chaos = Chaos{PanicRate: 0.05, Seed: 11}
	return cfg
}

func TestEveryStrategyLosesNothingUnderChaos(t *testing.T) {
	nums := mixedBatch(3000)
	for _, strategy := range StrategyNames() {
		t.Run(string(strategy), func(t *testing.T) {
			rec, summary, err := runNums(t, chaosConfig(Strategy(strategy)), nums)
			require.NoError(t, err)
			assert.Empty(t, rec.abandoned)
			assert.Positive(t, summary.Supervision.Restarts)
			assert.Positive(t, summary.Retried)
			assert.Zero(t, summary.Quarantined)
		})
	}
}

func TestEveryRouterLosesNothingWhenWorkersAreStoppedAndReplaced(t *testing.T) {
	nums := mixedBatch(2000)
	for _, r := range core.RouterNames() {
		t.Run(string(r), func(t *testing.T) {
			cfg := chaosConfig(OneForOne)
			cfg.Router = r
			cfg.Supervision.MaxRestarts = 1
			cfg.Chaos.PanicRate = 0.1
			_, summary, err := runNums(t, cfg, nums)
			require.NoError(t, err)
			assert.Positive(t, summary.Supervision.Restarts)
			assert.Positive(t, summary.Supervision.Stops)
			assert.Positive(t, summary.Replaced)
		})
	}
}

// poisoned returns a chaos that poisons the given numbers.
func poisoned(nums ...uint64) Chaos {
	var c Chaos
	for _, n := range nums {
		c.Poison = append(c.Poison, new(big.Int).SetUint64(n))
	}
	return c
}

func TestPoisonNumbersAreQuarantinedAndNamed(t *testing.T) {
	nums := mixedBatch(1000)
	cfg := chaosConfig(OneForOne)
	cfg.Chaos = poisoned(nums[10], nums[500], nums[999])
	rec, summary, err := runNums(t, cfg, nums)
	require.NoError(t, err)
	var named []string
	for _, n := range nums {
		if n == nums[10] || n == nums[500] || n == nums[999] {
			named = append(named, fmt.Sprintf("%d: crashed 3 workers", n))
		}
	}
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

// sprinkle returns nums with value inserted after about every gap-th number.
func sprinkle(nums []uint64, value uint64, gap int) []uint64 {
	var out []uint64
	for i, n := range nums {
		out = append(out, n)
		if mix(uint64(i))%uint64(gap) == 0 {
			out = append(out, value)
		}
	}
	return out
}

// distinctBatch returns count distinct numbers of 24 to 64 bits.
func distinctBatch(count int) []uint64 {
	rng := rand.New(rand.NewPCG(3, 4))
	seen := make(map[uint64]bool, count)
	nums := make([]uint64, 0, count)
	for len(nums) < count {
		if n := rng.Uint64() >> rng.UintN(40); !seen[n] {
			seen[n] = true
			nums = append(nums, n)
		}
	}
	return nums
}

func TestAPoisonNumberOccurringHundredsOfTimesIsSkippedByValue(t *testing.T) {
	healthy := distinctBatch(10000)
	nums := sprinkle(healthy, 12, 40)
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 3, 24
	cfg.Chaos = poisoned(12, healthy[7], healthy[5000])
	rec, summary, err := runNums(t, cfg, nums)
	require.NoError(t, err)
	copies := count(nums, 12) + count(nums, healthy[7]) + count(nums, healthy[5000])
	require.Greater(t, count(nums, 12), 200)
	assert.Len(t, rec.skipped, copies)
	assert.Equal(t, copies, summary.Quarantined)
	// Each value crashes workers while it is isolated and quarantined;
	// its later copies are skipped without being dispatched again.
	t.Logf("%d copies of 3 poison values: %+v, %d replaced", copies, summary.Supervision, summary.Replaced)
	assert.Less(t, summary.Supervision.Restarts+summary.Supervision.Stops, int64(copies/4),
		"a crash names the number it was on: a few crashes per value, not per copy")
}

func TestPoisonCopiesBeforeHealthyNumbersDoNotStopTheRun(t *testing.T) {
	nums := make([]uint64, 100, 2100)
	for i := range nums {
		nums[i] = 12
	}
	nums = append(nums, mixedBatch(2000)...)
	for _, strategy := range StrategyNames() {
		t.Run(string(strategy), func(t *testing.T) {
			cfg := chaosConfig(Strategy(strategy))
			cfg.Workers = 2
			cfg.Chunk = DefaultConfig().Chunk
			cfg.Chaos = poisoned(12)
			rec, _, err := runNums(t, cfg, nums)
			require.NoError(t, err)
			assert.Len(t, rec.skipped, count(nums, 12))
		})
	}
}

func count(nums []uint64, value uint64) int {
	n := 0
	for _, x := range nums {
		if x == value {
			n++
		}
	}
	return n
}

func TestPanicStormsNeverGiveUpOnWorkers(t *testing.T) {
	nums := mixedBatch(2000)
	for _, storm := range []struct {
		strategy Strategy
		rate     float64
		router   string
		chunk    int
		seeds    []uint64
	}{
		{AllForOne, 0.5, core.LeastLoaded, 0, []uint64{1, 2, 3}},
		{AllForOne, 0.5, core.RoundRobin, 0, []uint64{1, 2}},
		{AllForOne, 0.3, core.RoundRobin, 0, []uint64{1, 2}},
		{AllForOne, 0.3, core.LeastLoaded, 0, []uint64{4}},
		{OneForOne, 0.5, core.LeastLoaded, 0, []uint64{5}},
		{ExponentialBackoff, 0.2, core.LeastLoaded, 0, []uint64{6}},
		{ExponentialBackoff, 0.1, core.LeastLoaded, 7, []uint64{7, 8}},
	} {
		for _, seed := range storm.seeds {
			t.Run(fmt.Sprintf("%s/%v/%s/seed=%d", storm.strategy, storm.rate, storm.router, seed), func(t *testing.T) {
				cfg := DefaultConfig()
				cfg.Workers, cfg.Window = 3, 24
				cfg.Router = storm.router
				// Chunks small enough for a storm: many chunks, many faults.
				cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: cmp.Or(storm.chunk, 32)}
				cfg.Supervision.Strategy = storm.strategy
				cfg.Chaos = Chaos{PanicRate: storm.rate, Seed: seed}
				_, summary, err := runNums(t, cfg, nums)
				require.NoError(t, err, "the run never gives up on workers")
				assert.Positive(t, summary.Supervision.Restarts)
			})
		}
	}
}

func TestRunGivesUpWhenReplacementsFailAKnownGoodChunk(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	cfg.Supervision.MaxRestarts = 0
	cfg.Chaos = Chaos{PanicRate: 1, Seed: 1}
	nums := mixedBatch(3000)
	rec, summary, err := runNums(t, cfg, nums)
	require.ErrorIs(t, err, ErrNoWorkers)
	assert.GreaterOrEqual(t, summary.Replaced, 8, "eight replacements in a row failed their canary")
	assert.Empty(t, rec.out.String())
	assert.Len(t, rec.skipped, len(nums), "every number is named, read or not")
	assert.Contains(t, rec.abandoned, fmt.Sprintf("%d: %v", nums[len(nums)-1], core.Reason{Why: core.NoWorkers}))
}

// failingSkips fails to write any skipped number.
type failingSkips struct{ *recorder }

func (failingSkips) Skipped(string, core.Reason) error { return io.ErrClosedPipe }

func TestAWriteErrorEndsARunThatGaveUpOnWorkers(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	cfg.Supervision.MaxRestarts = 0
	cfg.Chaos = Chaos{PanicRate: 1, Seed: 1}
	done := make(chan error, 1)
	go func() {
		_, err := runStream(context.Background(), cfg, endless(), failingSkips{newRecorder()})
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, ErrNoWorkers)
	case <-time.After(runLimit):
		t.Fatal("a run whose output failed went on reading an endless input")
	}
}

func TestBackoffMustBeShorterThanTheChunkTimeout(t *testing.T) {
	cfg := chaosConfig(ExponentialBackoff)
	cfg.ChunkTimeout = cfg.Supervision.BackoffMax
	err := cfg.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "backoff max")
}

func TestNoGivingUpOnceEverythingIsAnswered(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	cfg.Workers = 1
	cfg.Supervision.MaxRestarts = 0
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 1}
	cfg.Chaos = poisoned(12)
	rec, _, err := runNums(t, cfg, []uint64{6, 12})
	require.NoError(t, err)
	assert.Equal(t, []string{"12: crashed 3 workers"}, rec.abandoned)
}

// stalled returns a chaos that wedges the worker handling n until the run ends.
func stalled(n *big.Int) Chaos { return Chaos{Stall: []*big.Int{n}} }

func TestAStuckNumberIsNamedAloneAndWedgesOneWorker(t *testing.T) {
	t.Parallel() // it waits for a timeout
	healthy := mixedBatch(3000)
	wide, _ := new(big.Int).SetString("1267650600228229401496703205653", 10) // 2^100+21
	for _, at := range []int{0, 1500} {
		t.Run(fmt.Sprintf("at=%d", at), func(t *testing.T) {
			t.Parallel()
			var text strings.Builder
			for i, n := range healthy {
				if i == at {
					text.WriteString(wide.String() + "\n")
				}
				fmt.Fprintf(&text, "%d\n", n)
			}
			cfg := DefaultConfig()
			cfg.Workers = 2
			cfg.ChunkTimeout = stuckTimeout
			cfg.Chaos = stalled(wide)
			rec, summary := run(t, cfg, input.NewReader(strings.NewReader(text.String())))
			assert.Equal(t, expected(t, healthy), rec.out.String())
			assert.Equal(t, []string{wide.String() + ": not answered within 2s"}, rec.abandoned)
			assert.Equal(t, 1, summary.Wedged, "the number is not sent on to wedge another worker")
			assert.Zero(t, summary.Supervision.Restarts)
		})
	}
}

func TestAStuckNumberInAChunkWedgesAtMostOneMoreWorker(t *testing.T) {
	t.Parallel() // it waits for two timeouts
	nums := mixedBatch(2000)
	cfg := DefaultConfig()
	cfg.Workers = 3
	cfg.ChunkTimeout = stuckTimeout
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 64}
	cfg.Chaos = stalled(new(big.Int).SetUint64(nums[1000]))
	rec, summary, err := runNums(t, cfg, nums)
	require.NoError(t, err)
	assert.Equal(t, []string{fmt.Sprintf("%d: not answered within 2s", nums[1000])}, rec.abandoned)
	assert.LessOrEqual(t, summary.Wedged, 2)
}

// stuckTimeout is the chunk timeout of the runs with a stuck number: far
// longer than any other chunk takes, however slow the machine.
const stuckTimeout = 2 * time.Second

func TestASlowWideNumberHoldsBackOnlyWhatFollowsIt(t *testing.T) {
	t.Parallel() // it waits for a timeout

	slow, _ := new(big.Int).SetString("1267650600228229401496703205653", 10) // 2^100+21
	var text strings.Builder
	for i := range 50 {
		fmt.Fprintf(&text, "%d ", i+2)
	}
	text.WriteString(slow.String() + " 6 10")
	cfg := DefaultConfig()
	cfg.Workers = 2
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 64}
	cfg.ChunkTimeout = stuckTimeout
	cfg.Chaos = stalled(slow)
	var chunks []int
	var mu sync.Mutex
	cfg.Observer = ObserverFunc(func(e core.Event) {
		if a, ok := e.(core.ChunkAnswered); ok {
			mu.Lock()
			chunks = append(chunks, a.Numbers)
			mu.Unlock()
		}
	})
	rec, _, err := runWithin(t, cfg, input.NewReader(strings.NewReader(text.String())))
	require.NoError(t, err)
	assert.Equal(t, []string{slow.String() + ": not answered within 2s"}, rec.abandoned)
	assert.True(t, strings.HasSuffix(rec.out.String(), "51: 3 17\n6: 2 3\n10: 2 5\n"))
	// The numbers before the wide one are a block of their own, answered
	// and written while it is stuck; those after it wait for it in order.
	mu.Lock()
	defer mu.Unlock()
	assert.ElementsMatch(t, []int{50, 2}, chunks)
}

func TestACoordinatorPanicEndsTheRunWithItsCause(t *testing.T) {
	s := NewSystem(nil)
	defer s.Close()
	cfg := DefaultConfig()
	strategy, _ := cfg.Supervision.NewStrategy()
	router, _ := core.NewRouter(cfg.Router, 0)
	r := s.launch(cfg, strategy, router, endless(), newRecorder())
	s.actors.Root.Send(r.coordinator, (*core.Block)(nil)) // a bug: the coordinator dereferences it
	summary, err := r.wait(context.Background())
	require.ErrorIs(t, err, ErrCoordinatorPanic)
	assert.Contains(t, err.Error(), "nil pointer")
	assert.Positive(t, summary.Elapsed)
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

func TestBackoffJitterStaysWithinTheCap(t *testing.T) {
	s := &BackoffStrategy{Min: 10 * time.Millisecond, Max: 100 * time.Millisecond, Jitter: 0.5}
	for failures := 1; failures <= 8; failures++ {
		for range 100 {
			d := s.jittered(s.Delay(failures))
			assert.GreaterOrEqual(t, d, s.Delay(failures))
			assert.LessOrEqual(t, d, s.Max)
		}
	}
}

func TestSupervisionValidateNamesEveryProblem(t *testing.T) {
	s := Supervision{Strategy: "nope", MaxRestarts: -1, BackoffMin: 2, BackoffMax: 1}
	err := s.Validate()
	require.Error(t, err)
	for _, want := range []string{`"nope"`, "max restarts", "restart window", "backoff", "retries"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestBackoffStartsOverAfterAQuietPeriodOrAnAnswer(t *testing.T) {
	s := &BackoffStrategy{Min: time.Millisecond, Max: time.Second, Reset: time.Hour}
	system := NewSystem(nil)
	defer system.Close()
	var restarts directiveCounter
	defer system.actors.EventStream.Unsubscribe(restarts.subscribe(system.actors.EventStream))
	rs := actor.NewRestartStatistics()
	w := actor.NewPID("nonhost", "w")
	for range 3 {
		s.HandleFailure(system.actors, noSupervisor{}, w, rs, "boom", nil)
	}
	assert.Equal(t, 3, s.inARow[w.Id])
	assert.Equal(t, int64(3), restarts.counts().Restarts, "each restart is counted when decided")

	s.Succeeded(w)
	s.HandleFailure(system.actors, noSupervisor{}, w, rs, "boom", nil)
	assert.Equal(t, 1, s.inARow[w.Id], "an answer starts the delays over")

	s.HandleFailure(system.actors, noSupervisor{}, w, rs, "boom", nil)
	s.Reset = time.Nanosecond // every earlier failure is now outside the window
	s.HandleFailure(system.actors, noSupervisor{}, w, rs, "boom", nil)
	assert.Equal(t, 1, s.inARow[w.Id], "a quiet period starts the delays over")
}

// noSupervisor ignores the restarts a strategy asks for.
type noSupervisor struct{ actor.Supervisor }

func (noSupervisor) RestartChildren(...*actor.PID) {}

func TestASingleNumberThatTimesOutIsNamedAtOnce(t *testing.T) {
	cfg := chaosConfig(OneForOne)
	// A worker pauses up to 10ms before the number; the future waits 1ns.
	cfg.Chaos = Chaos{Delay: 10 * time.Millisecond, Seed: 1}
	cfg.ChunkTimeout = time.Nanosecond
	rec, summary, err := runNums(t, cfg, []uint64{6})
	require.NoError(t, err)
	assert.Equal(t, []string{"6: not answered within 1ns"}, rec.abandoned)
	assert.Equal(t, 1, summary.Quarantined)
	assert.Equal(t, 1, summary.Wedged)
}
