package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBenchQuickWritesTableAndPlots(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := invoke(t, "", "bench", "--quick", "--count", "40", "--out", dir)
	require.Equal(t, ExitOK, r.code, r.stderr)
	for _, want := range []string{"numbers/s", "goroutine pool", "single goroutine", "work-pulling", "static"} {
		assert.Contains(t, r.stdout, want)
	}
	assert.Contains(t, r.stderr, filepath.Join(dir, "results.json"))
	svgs, err := filepath.Glob(filepath.Join(dir, "*.svg"))
	require.NoError(t, err)
	assert.Len(t, svgs, 3, "one plot per quick workload")
	_, err = os.Stat(filepath.Join(dir, "results.json"))
	assert.NoError(t, err)
}

func TestBenchMatrixFlags(t *testing.T) {
	r := invoke(t, "", "bench", "--workload", "uniform64,seed", "--count", "20",
		"--workers", "2", "--routers", "least-loaded", "--chunks", "5")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "uniform64")
	assert.Contains(t, r.stdout, "least-loaded")
	assert.NotContains(t, r.stdout, "round-robin")
	assert.Empty(t, r.stderr, "no progress without a terminal")
}

func TestBenchUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"argument":  {"bench", "extra"},
		"workload":  {"bench", "--workload", "nope"},
		"router":    {"bench", "--routers", "sideways"},
		"chunking":  {"bench", "--chunks", "0"},
		"workers":   {"bench", "--workers", "0"},
		"count":     {"bench", "--count", "0"},
		"bad flag":  {"bench", "--workers", "x"},
		"two wrong": {"bench", "--routers", "sideways", "--chunks", "-1"},
	} {
		t.Run(name, func(t *testing.T) {
			r := invoke(t, "", args...)
			assert.Equal(t, ExitUsage, r.code)
			assert.Contains(t, r.stderr, "Try 'actorfactor --help'")
			assert.Empty(t, r.stdout)
		})
	}
}

func TestBenchHelpExplainsColumns(t *testing.T) {
	r := invoke(t, "", "bench", "--help")
	require.Equal(t, ExitOK, r.code)
	for _, col := range []string{"numbers/s", "cpu/number", "vs pool", "p50, p99", "--quick"} {
		assert.Contains(t, r.stdout, col)
	}
}
