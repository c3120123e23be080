package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleResults is a small set of rows over two workloads.
func sampleResults() Results {
	rows := []Row{
		{Workload: "seed", Numbers: 10, Mode: ModeSingle, Chunking: "64", Workers: 1, NumbersPerSecond: 900, CPUPerNumber: 2134, P50: 150 * time.Microsecond, P99: 4870 * time.Microsecond},
		{Workload: "seed", Numbers: 10, Mode: ModePool, Chunking: "64", Workers: 2, NumbersPerSecond: 1000},
		{Workload: "seed", Numbers: 10, Mode: ModeGNU, Workers: 1, NumbersPerSecond: 500},
		{Workload: "seed", Numbers: 10, Mode: ModeActors, Router: "round-robin", Chunking: "auto", Workers: 2, NumbersPerSecond: 800},
		{Workload: "seed", Numbers: 10, Mode: ModeActors, Router: "work-pulling", Chunking: "auto", Workers: 2, NumbersPerSecond: 1200},
		{Workload: "skewed", Numbers: 20, Mode: ModePool, Chunking: "64", Workers: 1, NumbersPerSecond: 300},
	}
	compareToPool(rows[:5])
	return Results{Machine: currentMachine(), Rows: rows}
}

func TestResultsJSONRoundTrip(t *testing.T) {
	want := sampleResults()
	var buf bytes.Buffer
	require.NoError(t, want.WriteJSON(&buf))
	got, err := ReadJSON(&buf)
	require.NoError(t, err)
	assert.Equal(t, want.Rows, got.Rows)
	assert.True(t, want.Machine.Date.Equal(got.Machine.Date))
	assert.Equal(t, want.Machine.GoVersion, got.Machine.GoVersion)

	_, err = ReadJSON(strings.NewReader("{"))
	assert.ErrorContains(t, err, "read results")
}

func TestSaveWritesResultsAndOnePlotPerWorkload(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing", "dir")
	paths, err := Save(dir, sampleResults())
	require.NoError(t, err)
	want := []string{"results.json", "throughput-seed.svg", "throughput-skewed.svg"}
	require.Len(t, paths, len(want))
	for i, name := range want {
		assert.Equal(t, filepath.Join(dir, name), paths[i])
	}

	f, err := os.Open(paths[0])
	require.NoError(t, err)
	defer f.Close()
	res, err := ReadJSON(f)
	require.NoError(t, err)
	assert.Len(t, res.Rows, 6)

	for _, path := range paths[1:] {
		svg, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(svg, []byte("<?xml")) || bytes.HasPrefix(svg, []byte("<svg")), path)
		assert.Contains(t, string(svg), "<svg")
	}
}

func TestSaveReportsAnUnwritableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, err := Save(file, sampleResults())
	assert.ErrorContains(t, err, "save results")
}

func TestByWorkloadKeepsOrder(t *testing.T) {
	groups := byWorkload(sampleResults().Rows)
	require.Len(t, groups, 2)
	assert.Len(t, groups[0], 5)
	assert.Equal(t, "skewed", groups[1][0].Workload)
	assert.Empty(t, byWorkload(nil))
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, sampleResults().Rows))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 7)
	assert.Equal(t, []string{"workload", "numbers", "mode", "router", "chunking", "workers", "numbers/s", "cpu/number", "vs", "pool", "efficiency", "p50", "p99"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"seed", "10", "single", "goroutine", "-", "64", "1", "900", "2.13µs", "-", "-", "150µs", "4.87ms"}, strings.Fields(lines[1]))
	assert.Equal(t, []string{"seed", "10", "actors", "work-pulling", "auto", "2", "1200", "-", "1.20x", "-", "-", "-"}, strings.Fields(lines[5]))
	for _, line := range lines {
		assert.Equal(t, strings.TrimRight(line, " "), line, "no trailing blanks")
	}
}

func TestShort(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                "-",
		999:              "999ns",
		2134:             "2.13µs",
		125_043:          "125µs",
		46_300_000:       "46.3ms",
		1_234_567_890:    "1.23s",
		90 * time.Minute: "1h30m0s",
	} {
		assert.Equal(t, want, short(d), "%d", int64(d))
	}
}
