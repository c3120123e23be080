package actors

import (
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
)

var (
	faultSeed   = flag.Uint64("fault.seed", 0, "seed of TestRandomFaultSchedules (0: from the clock)")
	faultBudget = flag.Duration("fault.budget", 3*time.Second, "how long TestRandomFaultSchedules draws new schedules (internal/sim draws far more, without actors)")
)

// schedule is one random fault schedule: a configuration and a batch.
type schedule struct {
	cfg    Config
	nums   []uint64
	poison []uint64
}

func (s schedule) String() string {
	c := s.cfg
	return fmt.Sprintf("%d numbers, workers=%d chunk=%s router=%s supervisor=%s max-restarts=%d unordered=%v panic-rate=%.3f chaos-seed=%d delay=%v poison=%v",
		len(s.nums), c.Workers, c.Chunk, c.Router, c.Supervision.Strategy, c.Supervision.MaxRestarts, c.Unordered,
		c.Chaos.PanicRate, c.Chaos.Seed, c.Chaos.Delay, s.poison)
}

func randomSchedule(rng *rand.Rand) schedule {
	cfg := DefaultConfig()
	cfg.Workers = 1 + rng.IntN(4)
	cfg.Window = 1 + rng.IntN(8*cfg.Workers)
	cfg.Chunk = []core.Chunking{{Mode: ChunkFixed, Size: 1}, {Mode: ChunkFixed, Size: 7}, cfg.Chunk, {Mode: ChunkStatic}}[rng.IntN(4)]
	cfg.Router = core.RouterNames()[rng.IntN(len(core.RouterNames()))]
	cfg.Supervision.Strategy = Strategy(StrategyNames()[rng.IntN(len(StrategyNames()))])
	cfg.Supervision.MaxRestarts = []int{1, 10}[rng.IntN(2)]
	cfg.Supervision.BackoffMin, cfg.Supervision.BackoffMax = 100*time.Microsecond, 10*time.Millisecond
	cfg.Unordered = rng.IntN(3) == 0
	cfg.Chaos = Chaos{PanicRate: 0.5 * rng.Float64(), Seed: rng.Uint64()}
	if rng.IntN(4) == 0 {
		cfg.Chaos.Delay = time.Duration(rng.IntN(200)) * time.Microsecond
	}
	s := schedule{cfg: cfg, nums: make([]uint64, 100+rng.IntN(1400))}
	repeated := make([]uint64, rng.IntN(4)) // values that recur hundreds of times
	for i := range repeated {
		repeated[i] = rng.Uint64() >> rng.UintN(64)
	}
	for i := range s.nums {
		s.nums[i] = rng.Uint64() >> rng.UintN(64)
		if len(repeated) > 0 && rng.IntN(4) == 0 {
			s.nums[i] = repeated[rng.IntN(len(repeated))]
		}
	}
	for range rng.IntN(3) {
		p := s.nums[rng.IntN(len(s.nums))]
		s.poison = append(s.poison, p)
		s.cfg.Chaos.Poison = append(s.cfg.Chaos.Poison, new(big.Int).SetUint64(p))
	}
	return s
}

// TestRandomFaultSchedules runs random schedules of faults for a time
// budget: every run must end, name every poison number, lose no number
// silently and write exactly the answers to the numbers it does not name.
func TestRandomFaultSchedules(t *testing.T) {
	seed := *faultSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("reproduce with: go test ./actors -run TestRandomFaultSchedules -fault.seed=%d", seed)
		}
	})
	rng := rand.New(rand.NewPCG(seed, 0))
	deadline := time.Now().Add(*faultBudget)
	runs := 0
	for ; runs == 0 || time.Now().Before(deadline); runs++ {
		s := randomSchedule(rng)
		rec, _, err := runNums(t, s.cfg, s.nums)
		require.NoError(t, err, "schedule %d of seed %d: %v", runs, seed, s)
		named := make(map[string]bool)
		for _, n := range rec.skipped {
			named[n] = true
		}
		for _, p := range s.poison {
			require.True(t, named[fmt.Sprint(p)], "schedule %d of seed %d: poison %d not named: %v", runs, seed, p, s)
		}
		if t.Failed() {
			t.Fatalf("schedule %d of seed %d: %v", runs, seed, s)
		}
	}
	t.Logf("%d random fault schedules from seed %d", runs, seed)
}

func TestTheSameChaosSeedGivesTheSameFaults(t *testing.T) {
	nums := distinctBatch(3000)
	outcome := func(seed uint64) [2]int {
		cfg := chaosConfig(Restarting)
		cfg.Chaos = Chaos{PanicRate: 0.2, Seed: seed}
		_, summary, err := runNums(t, cfg, nums)
		require.NoError(t, err)
		return [2]int{summary.Retried, summary.Quarantined}
	}
	first := outcome(3)
	assert.Positive(t, first[0])
	assert.Equal(t, first, outcome(3))
	assert.NotEqual(t, first, outcome(4))
}
