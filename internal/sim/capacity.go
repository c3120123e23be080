package sim

import (
	"slices"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// Load is a steady load on one coordinator: workers that factor chunks of
// a given cost, a given round trip away, for a coordinator that spends a
// given time on each of its inputs (BenchmarkShellPerChunk measures about
// three inputs per chunk: the block read, the reply, the block written).
type Load struct {
	Workers int
	// ChunkCost is a chunk's compute time, or a number's when Auto is set:
	// then the core sizes the chunks.
	ChunkCost time.Duration
	Auto      bool
	RoundTrip time.Duration
	Service   time.Duration
	// Window is the run's window of blocks; 0: the core's default rule.
	Window int
	// Chunks is how many chunks each worker gets on average.
	Chunks int
}

// Busy returns the share of the run the workers spend computing under
// load l, once the coordinator knows their round trip and until the input
// runs out.
func Busy(l Load) float64 {
	numbers := l.Workers * max(l.Chunks, 1)
	if l.Auto {
		numbers *= 200 // chunks of up to 200 numbers each
	}
	s := Schedule{
		Seed:   1,
		Values: slices.Repeat([]string{"2"}, numbers),
		Router: core.LeastLoaded,
		Cost:   l.ChunkCost,
		Config: core.Config{
			Workers:      l.Workers,
			Window:       l.Window,
			Chunk:        core.Chunking{Mode: core.ChunkFixed, Size: 1},
			Retries:      3,
			MaxRestarts:  10,
			ChunkTimeout: time.Hour,
			Address:      "sim",
		},
		Faults: Faults{WriteFailsAt: -1},
	}
	if l.Auto {
		s.Config.Chunk = core.Chunking{Mode: core.ChunkAuto, Size: 64, Target: time.Millisecond}
	}
	if l.RoundTrip > 0 {
		s.Config.Cluster, s.Config.Workers, s.Config.NodeWorkers = true, 0, 1
		s.RoundTrip = l.RoundTrip
		s.Members = make([]Member, l.Workers)
		for i := range s.Members {
			s.Members[i] = Member{Workers: 1}
		}
	}
	r := New(s, l.Service).Run()
	if len(r.Violations) > 0 {
		panic(r.Violations[0])
	}
	return r.Busy
}

// MostBusy returns the most workers that one coordinator keeps busy at
// least share of the time under load l (whose Workers it ignores), up to
// limit.
func MostBusy(l Load, share float64, limit int) int {
	lo, hi := 0, limit // Busy holds at lo (0 trivially) and fails beyond hi
	for lo < hi {
		mid := (lo + hi + 1) / 2
		l.Workers = mid
		if Busy(l) >= share {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}
