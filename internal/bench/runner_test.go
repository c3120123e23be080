package bench

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
)

// noFactor is a LookPath that finds nothing.
func noFactor(file string) (string, error) { return "", exec.ErrNotFound }

// tinyConfig is the full matrix on tiny batches.
func tinyConfig(lookPath func(string) (string, error)) Config {
	cfg := QuickConfig()
	cfg.Workloads = []Workload{{"seed", 150}, {"skewed", 200}}
	cfg.Chunkings = chunkings(7)
	cfg.Workers = []int{1, 2}
	cfg.BaselineChunk = 16
	cfg.Repeat = 1
	cfg.LookPath = lookPath
	return cfg
}

func TestRunMeasuresEveryCombination(t *testing.T) {
	cfg := tinyConfig(noFactor)
	res, err := Run(context.Background(), cfg)
	require.NoError(t, err)

	perWorkload := 1 + len(cfg.Workers) + len(cfg.Routers)*len(cfg.Chunkings)*len(cfg.Workers)
	require.Len(t, res.Rows, len(cfg.Workloads)*perWorkload)
	seen := make(map[string]bool)
	for i, r := range res.Rows {
		w := cfg.Workloads[i/perWorkload]
		assert.Equal(t, w.Name, r.Workload)
		assert.Equal(t, w.Count, r.Numbers)
		assert.Equal(t, res.Rows[i/perWorkload*perWorkload].OutputSHA256, r.OutputSHA256, "output of %+v", r)
		assert.Positive(t, r.NumbersPerSecond)
		assert.Positive(t, r.Elapsed)
		assert.NotEqual(t, ModeGNU, r.Mode, "no GNU factor row without factor")
		seen[key(r.Workload, r.Mode, r.Router, r.Chunking, r.Workers)] = true
	}
	assert.Len(t, seen, len(res.Rows), "every row is a distinct combination")
	for _, w := range cfg.Workloads {
		assert.True(t, seen[key(w.Name, ModeSingle, "", "16", 1)])
		for _, workers := range cfg.Workers {
			assert.True(t, seen[key(w.Name, ModePool, "", "16", workers)])
			for _, r := range cfg.Routers {
				for _, c := range cfg.Chunkings {
					assert.True(t, seen[key(w.Name, ModeActors, string(r), c.String(), workers)], "%s %s %s %d", w.Name, r, c, workers)
				}
			}
		}
	}
	assert.Equal(t, res.Machine.CPUs, currentMachine().CPUs)
}

// key identifies the combination a row measured.
func key(workload, mode, router, chunking string, workers int) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d", workload, mode, router, chunking, workers)
}

func TestRunIncludesGNUFactorWhenFound(t *testing.T) {
	if _, err := exec.LookPath("factor"); err != nil {
		t.Skip("GNU factor is not installed")
	}
	cfg := tinyConfig(exec.LookPath)
	cfg.Workloads = cfg.Workloads[:1]
	cfg.Routers, cfg.Chunkings, cfg.Workers = cfg.Routers[:1], cfg.Chunkings[:1], cfg.Workers[:1]
	res, err := Run(context.Background(), cfg)
	require.NoError(t, err)
	modes := make([]string, len(res.Rows))
	for i, r := range res.Rows {
		modes[i] = r.Mode
	}
	assert.Equal(t, []string{ModeSingle, ModePool, ModeGNU, ModeActors}, modes)
	assert.Equal(t, res.Rows[0].OutputSHA256, res.Rows[2].OutputSHA256, "GNU factor prints the same")
}

func TestRunFailsOnDifferentOutput(t *testing.T) {
	cfg := tinyConfig(noFactor)
	liar := mode{name: "liar", workers: 1, run: func(_ context.Context, _ []uint64, out io.Writer) (outcome, error) {
		_, err := io.WriteString(out, "4: 2 2\n")
		return outcome{}, err
	}}
	_, err := runWorkload(context.Background(), cfg, cfg.Workloads[0], []mode{modes(cfg, nil)[0], liar})
	assert.ErrorIs(t, err, ErrOutputMismatch)
	assert.Contains(t, err.Error(), "liar")
}

func TestRunKeepsOneRowPerModeOverRounds(t *testing.T) {
	cfg := tinyConfig(noFactor)
	cfg.Repeat = 3
	calls := 0
	counted := mode{name: "counted", workers: 1, run: func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		calls++
		return runSingle(4)(ctx, batch, out)
	}}
	rows, err := runWorkload(context.Background(), cfg, cfg.Workloads[0], []mode{modes(cfg, nil)[0], counted})
	require.NoError(t, err)
	assert.Equal(t, 3, calls)
	require.Len(t, rows, 2)
	assert.Equal(t, "counted", rows[1].Mode)
	assert.Equal(t, cfg.Workloads[0].Name, rows[1].Workload)
}

func TestRunRejectsInvalidConfig(t *testing.T) {
	_, err := Run(context.Background(), Config{})
	assert.ErrorContains(t, err, "bench config")
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, m := range modes(tinyConfig(noFactor), nil)[:3] {
		_, err := measure(ctx, m, []uint64{10, 11, 12})
		assert.ErrorIs(t, err, context.Canceled, m.String())
	}
}

func TestCompareToPool(t *testing.T) {
	rows := []Row{
		{Mode: ModeSingle, Workers: 1, NumbersPerSecond: 150},
		{Mode: ModePool, Workers: 1, NumbersPerSecond: 100},
		{Mode: ModeActors, Workers: 3, NumbersPerSecond: 50},
	}
	compareToPool(rows)
	assert.InDelta(t, 1.5, rows[0].VsPool, 1e-9)
	assert.InDelta(t, 1.0, rows[1].VsPool, 1e-9)
	assert.Zero(t, rows[2].VsPool, "no pool row with 3 workers")
}

func TestCompareToOneWorker(t *testing.T) {
	rows := []Row{
		{Mode: ModePool, Chunking: "64", Workers: 1, NumbersPerSecond: 100},
		{Mode: ModePool, Chunking: "64", Workers: 2, NumbersPerSecond: 180},
		{Mode: ModeActors, Router: "least-loaded", Chunking: "auto", Workers: 1, NumbersPerSecond: 90},
		{Mode: ModeActors, Router: "least-loaded", Chunking: "auto", Workers: 4, NumbersPerSecond: 324},
		{Mode: ModeActors, Router: "random", Chunking: "auto", Workers: 4, NumbersPerSecond: 300},
	}
	compareToOneWorker(rows)
	assert.InDelta(t, 1.0, rows[0].Efficiency, 1e-9)
	assert.InDelta(t, 0.9, rows[1].Efficiency, 1e-9)
	assert.InDelta(t, 0.9, rows[3].Efficiency, 1e-9)
	assert.Zero(t, rows[4].Efficiency, "no one-worker row of that router")
}

func TestWriterSinkRefusesInvalidAndSkipped(t *testing.T) {
	sink := writerSink{}
	assert.ErrorContains(t, sink.Invalid("line 3: 'x' is not a valid positive integer"), "line 3: 'x'")
	assert.ErrorContains(t, sink.Skipped("12", core.Reason{Why: core.Crashed, Count: 3}), "12 not factored: crashed 3 workers")
}

func TestPipelineConfigFollowsTheCell(t *testing.T) {
	c := chunkings(5)[0]
	cfg := pipelineConfig(core.WorkPulling, c, 3)
	assert.Equal(t, core.WorkPulling, cfg.Router)
	assert.Equal(t, c, cfg.Chunk)
	assert.Equal(t, 3, cfg.Workers)
	assert.NoError(t, cfg.Validate())
}
