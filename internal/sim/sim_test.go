package sim

import (
	"encoding/binary"
	"hash/crc64"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// TestSimulation runs ACTORFACTOR_SIM_SCHEDULES schedules (default 300)
// from seed ACTORFACTOR_SIM_SEED (default 1) on every core, and fails
// with the seed and schedule of the first that breaks an invariant, and
// its trace when ACTORFACTOR_SIM_TRACE is set.
func TestSimulation(t *testing.T) {
	seed := envUint(t, "ACTORFACTOR_SIM_SEED", 1)
	schedules := envUint(t, "ACTORFACTOR_SIM_SCHEDULES", 300)
	tracing := os.Getenv("ACTORFACTOR_SIM_TRACE") != ""
	var next atomic.Uint64
	var failed sync.Once
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < schedules && !t.Failed(); i = next.Add(1) - 1 {
				s := Draw(seed + i)
				sim := New(s, 0)
				var trace []string
				if tracing {
					sim.Trace = func(line string) { trace = append(trace, line) }
				}
				if r := sim.Run(); len(r.Violations) > 0 {
					failed.Do(func() {
						t.Errorf("schedule %d: %s\nreplay: ACTORFACTOR_SIM_SEED=%d ACTORFACTOR_SIM_SCHEDULES=1 ACTORFACTOR_SIM_TRACE=1 go test ./internal/sim -run Simulation -v\n%s%s",
							i, s, seed+i, joinLines(r.Violations), joinLines(trace))
					})
				}
			}
		})
	}
	wg.Wait()
	if !t.Failed() {
		t.Logf("simulation: %d schedules", schedules)
	}
}

// FuzzSimulation searches schedules for broken invariants: the fuzzer's
// bytes are the schedule's choices, its hash the seed of what happens as
// it runs.
func FuzzSimulation(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		f.Add(binary.LittleEndian.AppendUint64(nil, seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		seed := crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))
		s := DrawFrom(seed, &Choices{Data: data, Rest: rand.NewPCG(seed, 0)})
		if r := Run(s); len(r.Violations) > 0 {
			t.Fatalf("%s\n%s", s, joinLines(r.Violations))
		}
	})
}

func TestTheSameSeedReplaysTheSameRun(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		a, b := Run(Draw(seed)), Run(Draw(seed))
		if a.At != b.At || a.Summary.Chunks != b.Summary.Chunks || a.Answered != b.Answered || a.Skipped != b.Skipped {
			t.Fatalf("seed %d ran twice: %+v and %+v", seed, a, b)
		}
	}
}

func envUint(t *testing.T, name string, def uint64) uint64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: want a non-negative integer", name, v)
	}
	return n
}

func joinLines(lines []string) string {
	out := ""
	for _, l := range lines {
		out += "  " + l + "\n"
	}
	return out
}
