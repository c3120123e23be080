package actors

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
)

// repeating returns count numbers where every eighth is one of a few
// values, each repeated hundreds of times, as real batches repeat them.
func repeating(count int) []uint64 {
	nums := distinctBatch(count)
	repeated := []uint64{316431327371413, 403590862221653, 2510175697222979, 929020450859713, 218220055373399}
	for i := 7; i < len(nums); i += 8 {
		nums[i] = repeated[(i/8)%len(repeated)]
	}
	return nums
}

// stormConfig is a run of three workers whose chunks crash at the given
// rate, with delays short enough for a test.
func stormConfig(strategy, router string, rate float64, seed uint64) Config {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 3, 24
	cfg.Router = router
	cfg.Supervision.Strategy = Strategy(strategy)
	cfg.Supervision.BackoffMin, cfg.Supervision.BackoffMax = 100*time.Microsecond, 5*time.Millisecond
	cfg.Chaos = Chaos{PanicRate: rate, Seed: seed}
	return cfg
}

// TestStormsOnRepeatedValuesLoseNoHealthyValue runs every strategy with
// every router at a crash rate of one chunk in two on a batch whose values
// repeat: at most ten dispatches per number, at least 99% answered, and no
// value both answered and named.
func TestStormsOnRepeatedValuesLoseNoHealthyValue(t *testing.T) {
	nums := repeating(2000)
	for _, strategy := range StrategyNames() {
		for _, router := range core.RouterNames() {
			t.Run(strategy+"/"+router, func(t *testing.T) {
				if raceEnabled && strategy != string(AllForOne) && router != core.RoundRobin {
					t.Skip("under -race, all-for-one and round-robin with every other; the whole matrix in .ci/run's step without it")
				}
				cfg := stormConfig(strategy, router, 0.5, 3)
				cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 32} // many chunks: a storm
				rec, summary, err := runNums(t, cfg, nums)
				require.NoError(t, err)
				assert.LessOrEqual(t, summary.Chunks, 10*len(nums), "dispatches")
				assert.LessOrEqual(t, 100*len(rec.skipped), len(nums), "at least 99%% answered: %v", rec.abandoned)
				assert.Positive(t, summary.Retried, "the storm struck")
				named := make(map[string]bool)
				for _, n := range rec.skipped {
					named[n] = true
				}
				for _, line := range strings.Split(strings.TrimSpace(rec.out.String()), "\n") {
					number, _, _ := strings.Cut(line, ":")
					require.False(t, named[number], "%s is both answered and named", number)
				}
			})
		}
	}
}

// TestASignalDuringAStormEndsTheRun interrupts a storm on an endless
// input: what fails after the signal is named, not retried, and every
// number read is written or named, once, in order.
func TestASignalDuringAStormEndsTheRun(t *testing.T) {
	for _, strategy := range StrategyNames() {
		t.Run(strategy, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sink := &cancelAfter{recorder: newRecorder(), after: 3000, cancel: cancel}
			cfg := stormConfig(strategy, core.RoundRobin, 0.5, 5)
			done := make(chan error, 1)
			var summary Summary
			go func() {
				var err error
				summary, err = runStream(ctx, cfg, endless(), sink)
				done <- err
			}()
			select {
			case err := <-done:
				require.ErrorIs(t, err, ErrInterrupted)
			case <-time.After(runLimit):
				t.Fatalf("an interrupted storm did not end within %v", runLimit)
			}
			nums := make([]uint64, summary.Numbers)
			for i := range nums {
				nums[i] = uint64(i + 1)
			}
			checkConservation(t, cfg, nums, sink.recorder, summary)
			for _, reason := range sink.abandoned {
				assert.True(t, strings.HasSuffix(reason, core.Reason{Why: core.Interrupted}.String()), reason)
			}
		})
	}
}

// TestAStormedNumberIsGivenUpOnlyAfterManyFailedDispatches sees that a
// worker that crashes on every chunk, between numbers, ends the run with
// the numbers named: it never loops.
func TestEveryChunkCrashingEndsTheRun(t *testing.T) {
	for _, strategy := range StrategyNames() {
		t.Run(strategy, func(t *testing.T) {
			cfg := stormConfig(strategy, core.LeastLoaded, 1, 1)
			rec, _, err := runNums(t, cfg, mixedBatch(500))
			require.ErrorIs(t, err, ErrNoWorkers)
			assert.Len(t, rec.skipped, 500, fmt.Sprint(rec.abandoned[:1]))
		})
	}
}
