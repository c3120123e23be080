package actors

import (
	"context"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
)

// BenchmarkShellPerChunk measures what one chunk costs the process beside
// its numbers: the coordinator's decisions, the request and its future,
// the reply and its way back, the feeder and the emitter. Chunks of one
// number that takes no time ("1") go to one worker; the CPU time per
// chunk calibrates the simulator's coordinator (internal/sim, Capacity).
func BenchmarkShellPerChunk(b *testing.B) {
	b.ReportAllocs()
	text := strings.Repeat("1\n", b.N)
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 1, 64
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 1}
	system := NewSystem(nil)
	defer system.Close()
	before := cpuTime()
	b.ResetTimer()
	summary, err := system.Stream(context.Background(), cfg, input.NewReader(strings.NewReader(text)), &writerSink{out: output.NewWriter(io.Discard, output.Options{}), errs: io.Discard})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cpuTime()-before)/float64(summary.Chunks), "cpu-ns/chunk")
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
