package sim

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
)

var capacity = flag.Bool("capacity", false, "TestCapacityModel prints the whole table (a few minutes)")

// shellService is the coordinator's time per input: BenchmarkShellPerChunk
// (actors) measures about 8µs of CPU per chunk, three inputs each.
const shellService = 8 * time.Microsecond / 3

// chunksFor returns how many chunks per worker make a run long enough
// for its steady state to show, at a chunk cost and a round trip.
func chunksFor(cost, trip time.Duration) int {
	return min(max(30, int(10*(1+trip/cost))), 1000)
}

func TestRemoteWorkersStayBusyOverTheirRoundTrip(t *testing.T) {
	for _, c := range []struct{ cost, trip time.Duration }{
		{time.Millisecond, 10 * time.Millisecond},
		{100 * time.Microsecond, time.Millisecond},
		{10 * time.Millisecond, 50 * time.Millisecond},
	} {
		l := Load{Workers: 8, ChunkCost: c.cost, RoundTrip: c.trip, Service: shellService, Chunks: chunksFor(c.cost, c.trip)}
		if busy := Busy(l); busy < 0.9 {
			t.Errorf("%d workers at chunks of %v, %v away: busy %.0f%% of the time, want 90%%", l.Workers, c.cost, c.trip, 100*busy)
		}
	}
}

func TestACoordinatorKeepsAsManyWorkersBusyAsItsTimeAllows(t *testing.T) {
	// At 1 ms a chunk and about 8µs of the coordinator's time per chunk,
	// a hundred workers are about its limit: two hundred are not kept busy.
	l := Load{ChunkCost: time.Millisecond, Service: shellService, Chunks: 30}
	l.Workers = 60
	if busy := Busy(l); busy < 0.9 {
		t.Errorf("60 workers busy %.0f%% of the time, want 90%%", 100*busy)
	}
	l.Workers = 240
	if busy := Busy(l); busy > 0.6 {
		t.Errorf("240 workers busy %.0f%% of the time: the coordinator's own time should limit them", 100*busy)
	}
}

func TestAutoChunksGrowWithTheWorkers(t *testing.T) {
	// Numbers of 10µs: chunks of a millisecond keep about a hundred
	// workers busy; four hundred need chunks four times as long.
	l := Load{Workers: 400, ChunkCost: 10 * time.Microsecond, Auto: true, Service: shellService, Chunks: 10}
	if busy := Busy(l); busy < 0.9 {
		t.Errorf("%d workers on numbers of %v with auto chunks: busy %.0f%% of the time, want 90%%", l.Workers, l.ChunkCost, 100*busy)
	}
}

// TestCapacityModel prints, with -capacity, how many workers one
// coordinator keeps at least 90% busy, by chunk cost and round trip.
func TestCapacityModel(t *testing.T) {
	if !*capacity {
		t.Skip("run with -capacity to print the table")
	}
	costs := []time.Duration{100 * time.Microsecond, time.Millisecond, 10 * time.Millisecond}
	trips := []time.Duration{0, time.Millisecond, 10 * time.Millisecond, 50 * time.Millisecond}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| chunk cost | round trip 0 | 1 ms | 10 ms | 50 ms |\n|---|---|---|---|---|\n")
	for _, c := range costs {
		fmt.Fprintf(&b, "| %v |", c)
		for _, r := range trips {
			l := Load{ChunkCost: c, RoundTrip: r, Service: shellService, Chunks: chunksFor(c, r)}
			fmt.Fprintf(&b, " %d |", MostBusy(l, 0.9, 2048))
		}
		b.WriteString("\n")
	}
	t.Log(b.String())
}
