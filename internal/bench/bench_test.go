package bench

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/workload"
)

// benchSeedCount is the size of the seed batch of each benchmark iteration.
const benchSeedCount = 10_000

// benchRun reports the time and allocations of one run over the seed batch
// per iteration, and the throughput in numbers/s.
func benchRun(b *testing.B, run runFunc) {
	batch := workload.Seed(benchSeedCount)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := run(context.Background(), batch, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "numbers/s")
}

// BenchmarkPoolSeed measures the goroutine-pool baseline on the seed
// workload with one goroutine per CPU and chunks of 64.
func BenchmarkPoolSeed(b *testing.B) {
	benchRun(b, runPool(runtime.NumCPU(), 64))
}

// BenchmarkPipelineSeed measures the actor pipeline on the seed workload
// with its default configuration: one worker per CPU, adaptive chunks.
func BenchmarkPipelineSeed(b *testing.B) {
	system := actors.NewSystem(nil)
	defer system.Close()
	benchRun(b, runPipeline(system, actors.DefaultConfig()))
}
