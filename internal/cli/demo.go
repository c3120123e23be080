package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/internal/workload"
	"github.com/actorfactor/actorfactor/messages"
)

// demoMode is one way of running the seed's experiment.
type demoMode struct {
	name    string
	workers int
	chunk   core.Chunking
}

func newDemoCommand(streams IO) *cobra.Command {
	var count, workers int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the seed's experiment the actor way on a built-in batch",
		Long: `Factor the seed's batch (odd numbers upward from 999999999999) with the
seed's naive trial division, once per way of dividing the work: one worker,
the seed's static manual chunks, chunk size 1 (executor.map's default) and
adaptive chunks. Prints time and numbers/s per mode and sample results.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if count < 1 || workers < 1 {
				return usagef("--count and --workers must be at least 1")
			}
			return runDemo(cmd.Context(), streams.Stdout, count, workers)
		},
	}
	cmd.Flags().IntVar(&count, "count", 4000, "numbers in the batch")
	cmd.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "workers of the parallel modes")
	return cmd
}

func runDemo(ctx context.Context, stdout io.Writer, count, workers int) error {
	batch := workload.Seed(count)
	modes := []demoMode{
		{"one worker", 1, core.Chunking{Mode: core.ChunkFixed, Size: count}},
		{"static chunks (seed's manual split)", workers, core.Chunking{Mode: core.ChunkStatic}},
		{"chunk size 1 (executor.map default)", workers, core.Chunking{Mode: core.ChunkFixed, Size: 1}},
		{"adaptive chunks (--chunk auto)", workers, actors.DefaultConfig().Chunk},
	}
	fmt.Fprintf(stdout, "actorfactor demo: %d odd numbers from %d, the seed's naive trial division, %d CPUs\n\n",
		count, uint64(workload.SeedStart), runtime.NumCPU())
	table := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "mode\tworkers\tchunks\ttime\tnumbers/s\tspeed-up")
	var first []byte
	var serial time.Duration
	system := actors.NewSystem(nil)
	defer system.Close()
	for _, m := range modes {
		cfg := actors.DefaultConfig()
		cfg.Workers, cfg.Chunk = m.workers, m.chunk
		cfg.Algorithm = messages.Algorithm_ALGORITHM_NAIVE
		var out bytes.Buffer
		sink := &streamSink{out: output.NewWriter(&out, output.Options{}), stderr: io.Discard}
		s, err := system.Stream(ctx, cfg, input.NewValues(batch), sink)
		if err != nil {
			return fmt.Errorf("demo mode %q: %w", m.name, err)
		}
		if first == nil {
			first, serial = out.Bytes(), s.Elapsed
		} else if !bytes.Equal(first, out.Bytes()) {
			return fmt.Errorf("demo mode %q: output differs from the first mode", m.name)
		}
		fmt.Fprintf(table, "%s\t%d\t%d\t%v\t%.0f\t%.2fx\n", m.name, m.workers, s.Chunks,
			s.Elapsed.Round(time.Millisecond), float64(count)/s.Elapsed.Seconds(), serial.Seconds()/s.Elapsed.Seconds())
	}
	if err := table.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	fmt.Fprintf(stdout, "\nAll modes printed identical output. The first lines:\n")
	lines := bytes.SplitAfterN(first, []byte("\n"), 6)
	_, err := stdout.Write(bytes.Join(lines[:min(5, len(lines))], nil))
	if err != nil {
		return fmt.Errorf("write samples: %w", err)
	}
	return nil
}
