package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime"
	"syscall"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// runFunc factors batch and writes GNU factor's text output to out.
type runFunc func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error)

// outcome is what a run reports besides its output.
type outcome struct {
	// cpu is the CPU time the run used.
	cpu time.Duration
	// latency holds the chunk latencies; nil when the mode has no chunks.
	latency *core.Histogram
}

// mode is one way of factoring a batch: one row per workload.
type mode struct {
	name, router, chunking string
	workers                int
	run                    runFunc
}

// String names the mode in errors and progress lines.
func (m mode) String() string {
	s := m.name
	if m.router != "" {
		s += " " + m.router
	}
	if m.chunking != "" {
		s += " chunk " + m.chunking
	}
	return fmt.Sprintf("%s, %d workers", s, m.workers)
}

// measure runs m on batch once and returns its row, Workload left empty.
func measure(ctx context.Context, m mode, batch []uint64) (Row, error) {
	runtime.GC()
	hash := sha256.New()
	start := time.Now()
	o, err := m.run(ctx, batch, hash)
	elapsed := time.Since(start)
	if err != nil {
		return Row{}, err
	}
	n := len(batch)
	row := Row{
		Numbers:          n,
		Mode:             m.name,
		Router:           m.router,
		Chunking:         m.chunking,
		Workers:          m.workers,
		Elapsed:          elapsed,
		NumbersPerSecond: float64(n) / elapsed.Seconds(),
		CPUPerNumber:     o.cpu / time.Duration(n),
		OutputSHA256:     hex.EncodeToString(hash.Sum(nil)),
	}
	if o.latency != nil {
		row.P50, row.P99 = o.latency.Quantile(0.5), o.latency.Quantile(0.99)
	}
	return row, nil
}

// inProcess wraps a run that works in this process: its CPU time is the
// process's, measured around it.
func inProcess(run runFunc) runFunc {
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		before, err := processCPU()
		if err != nil {
			return outcome{}, err
		}
		o, err := run(ctx, batch, out)
		if err != nil {
			return o, err
		}
		after, err := processCPU()
		o.cpu = after - before
		return o, err
	}
}

// processCPU returns the user and system time this process has used.
func processCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
