package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/workload"
)

func TestDefaultAndQuickConfigsAreValid(t *testing.T) {
	for name, cfg := range map[string]Config{"default": DefaultConfig(), "quick": QuickConfig()} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, cfg.Validate())
			assert.Equal(t, core.RouterNames(), cfg.Routers)
			assert.Contains(t, cfg.Workers, 1)
		})
	}
	assert.Len(t, DefaultConfig().Workloads, len(workload.Names()))
}

func TestQuickConfigIsSmaller(t *testing.T) {
	full := make(map[string]int)
	for _, w := range DefaultConfig().Workloads {
		full[w.Name] = w.Count
	}
	for _, w := range QuickConfig().Workloads {
		assert.Less(t, w.Count, full[w.Name], w.Name)
	}
	assert.Less(t, len(QuickConfig().Chunkings), len(DefaultConfig().Chunkings))
}

func TestValidateReportsEveryProblem(t *testing.T) {
	cfg := Config{
		Workloads: []Workload{{"nope", 10}, {"seed", 0}},
		Routers:   []string{"sideways"},
		Chunkings: []core.Chunking{{Mode: actors.ChunkFixed, Size: 0}},
		Workers:   []int{0},
	}
	err := cfg.Validate()
	require.Error(t, err)
	for _, want := range []string{`"nope"`, "count must be at least 1", `"sideways"`, "chunk size", "workers must be", "repeat", "baseline chunk", "LookPath"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.ErrorIs(t, err, workload.ErrUnknown)
}

func TestValidateRejectsEmptyMatrix(t *testing.T) {
	cfg := QuickConfig()
	cfg.Workloads, cfg.Routers = nil, nil
	err := cfg.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no workload")
	assert.Contains(t, err.Error(), "at least one value")
}

func TestSizedWorkloads(t *testing.T) {
	assert.Equal(t, []Workload{{"seed", counts["seed"].full}, {"nope", 0}}, SizedWorkloads(false, "seed", "nope"))
	assert.Equal(t, []Workload{{"semiprime64", counts["semiprime64"].quick}}, SizedWorkloads(true, "semiprime64"))
	for _, name := range workload.Names() {
		assert.Positive(t, counts[name].quick, name)
	}
}
