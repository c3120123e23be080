package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/bench"
)

// benchFlags are the flags of the bench command.
type benchFlags struct {
	quick     bool
	out       string
	workloads []string
	count     int
	repeat    int
	workers   []int
	routers   []string
	chunks    []string
	cluster   bool
}

const benchHelp = `Measure the actor pipeline against baselines that share its kernel, on
built-in deterministic workloads, and print one table row per measurement:

  single goroutine  the chunks factored one after another in one loop
  goroutine pool    W goroutines pulling chunks from a channel, results
                    written in input order
  GNU factor        coreutils factor fed the batch on stdin (when on PATH)
  actors            the pipeline, for every router × chunking × workers

Every mode must print byte-identical output (compared by SHA-256), or the
command fails. Without --quick the full matrix takes a few minutes.

` + bench.TableHelp

func newBenchCommand(streams IO) *cobra.Command {
	var f benchFlags
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Compare the actor pipeline with a goroutine pool, one goroutine and GNU factor",
		Long:  benchHelp,
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := f.config(cmd)
			if err != nil {
				return err
			}
			if isTerminal(streams.Stderr) {
				cfg.Progress = streams.Stderr
			}
			return runBench(cmd.Context(), cfg, f.out, streams)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.quick, "quick", false, "small batches and a reduced matrix: well under a minute")
	fl.StringVar(&f.out, "out", "", "write results.json and throughput-WORKLOAD.svg plots into this directory")
	fl.StringSliceVar(&f.workloads, "workload", nil, "workloads to run, repeatable or comma-separated: seed, semiprime64, uniform64, skewed")
	fl.IntVar(&f.count, "count", 0, "numbers per workload (default depends on the workload and --quick)")
	fl.IntVar(&f.repeat, "repeat", 0, "measure each mode this many times and keep the fastest (default 2)")
	fl.IntSliceVar(&f.workers, "workers", nil, "worker counts, e.g. 1,2 (default 1 and the number of CPUs)")
	fl.StringSliceVar(&f.routers, "routers", nil, "routers of the actor runs (default all)")
	fl.BoolVar(&f.cluster, "cluster", false, "also measure the pipeline with its workers on two node processes on loopback (this command's own binary), least-loaded and auto chunks: the cost of the wire")
	fl.StringSliceVar(&f.chunks, "chunks", nil, "chunkings of the actor runs: sizes, auto, static (default 1,64,auto,static; --quick 64,auto,static)")
	return cmd
}

// config turns the flags into a bench configuration.
func (f benchFlags) config(cmd *cobra.Command) (bench.Config, error) {
	cfg := bench.DefaultConfig()
	if f.quick {
		cfg = bench.QuickConfig()
	}
	var errs []error
	if len(f.workloads) > 0 {
		cfg.Workloads = bench.SizedWorkloads(f.quick, f.workloads...)
	}
	if cmd.Flags().Changed("count") {
		for i := range cfg.Workloads {
			cfg.Workloads[i].Count = f.count
		}
	}
	if cmd.Flags().Changed("repeat") {
		cfg.Repeat = f.repeat
	}
	if len(f.workers) > 0 {
		cfg.Workers = f.workers
	}
	if len(f.routers) > 0 {
		cfg.Routers = parseAll(f.routers, parseRouter, &errs)
	}
	if len(f.chunks) > 0 {
		cfg.Chunkings = parseAll(f.chunks, actors.ParseChunking, &errs)
	}
	if f.cluster {
		executable, err := os.Executable()
		errs = append(errs, err)
		cfg.Cluster = executable
	}
	if err := errors.Join(errs...); err != nil {
		return cfg, &usageError{err}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, &usageError{err}
	}
	return cfg, nil
}

// parseAll parses every value and appends the failures to errs.
func parseAll[T any](values []string, parse func(string) (T, error), errs *[]error) []T {
	out := make([]T, 0, len(values))
	for _, v := range values {
		t, err := parse(v)
		*errs = append(*errs, err)
		out = append(out, t)
	}
	return out
}

// runBench runs the benchmark, prints the table and saves the results.
func runBench(ctx context.Context, cfg bench.Config, out string, streams IO) error {
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if err := bench.WriteTable(streams.Stdout, res.Rows); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	paths, err := bench.Save(out, res)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintf(streams.Stderr, "actorfactor: wrote %s\n", p)
	}
	return nil
}
