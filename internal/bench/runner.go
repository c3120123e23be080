// Package bench measures the actor pipeline against baselines that share
// its kernel: a single goroutine, a goroutine pool and GNU factor. Every
// mode factors the same batches and must print byte-identical output.
package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/workload"
)

// ErrOutputMismatch means a mode printed something else than the
// single-goroutine baseline for the same batch.
var ErrOutputMismatch = errors.New("output differs from the single-goroutine baseline")

// Run measures every mode of cfg on every workload. For each workload the
// single-goroutine baseline comes first, then the goroutine pool for each
// worker count, GNU factor when LookPath finds it, and the actor pipeline
// for each router, chunking and worker count.
func Run(ctx context.Context, cfg Config) (Results, error) {
	if err := cfg.Validate(); err != nil {
		return Results{}, fmt.Errorf("bench config: %w", err)
	}
	res := Results{Machine: currentMachine()}
	system := actors.NewSystem(nil)
	defer system.Close()
	modes := modes(cfg, system)
	if cfg.Cluster != "" {
		l, err := startLoopback(cfg.Cluster)
		if err != nil {
			return res, fmt.Errorf("loopback cluster: %w", err)
		}
		defer l.close()
		modes = append(modes, l.modes(cfg.Workers)...)
	}
	for _, w := range cfg.Workloads {
		rows, err := runWorkload(ctx, cfg, w, modes)
		if err != nil {
			return res, fmt.Errorf("workload %s: %w", w.Name, err)
		}
		res.Rows = append(res.Rows, rows...)
	}
	return res, nil
}

// modes lists the modes to measure, the single-goroutine baseline first.
// The actor runs share one actor system, as a long-lived process would.
func modes(cfg Config, system *actors.System) []mode {
	chunk := strconv.Itoa(cfg.BaselineChunk)
	list := []mode{{name: ModeSingle, chunking: chunk, workers: 1, run: inProcess(runSingle(cfg.BaselineChunk))}}
	for _, w := range cfg.Workers {
		list = append(list, mode{name: ModePool, chunking: chunk, workers: w, run: inProcess(runPool(w, cfg.BaselineChunk))})
	}
	if path, err := cfg.LookPath("factor"); err == nil {
		list = append(list, mode{name: ModeGNU, workers: 1, run: runGNU(path)})
	}
	for _, r := range cfg.Routers {
		for _, c := range cfg.Chunkings {
			for _, w := range cfg.Workers {
				list = append(list, mode{name: ModeActors, router: string(r), chunking: c.String(), workers: w,
					run: inProcess(runPipeline(system, pipelineConfig(r, c, w)))})
			}
		}
	}
	return list
}

// runWorkload measures every mode on one workload, keeping each mode's
// fastest run, and checks that they all printed the same output.
func runWorkload(ctx context.Context, cfg Config, w Workload, modes []mode) ([]Row, error) {
	gen, err := workload.ByName(w.Name)
	if err != nil {
		return nil, err
	}
	batch := gen(w.Count)
	rows := make([]Row, len(modes))
	var want string
	for round := range cfg.Repeat {
		for i, m := range modes {
			if cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "bench: %s (%d numbers), round %d/%d: %v\n", w.Name, w.Count, round+1, cfg.Repeat, m)
			}
			row, err := measure(ctx, m, batch)
			if err != nil {
				return nil, fmt.Errorf("%v: %w", m, err)
			}
			if want == "" {
				want = row.OutputSHA256
			} else if row.OutputSHA256 != want {
				return nil, fmt.Errorf("%v: %w", m, ErrOutputMismatch)
			}
			if round == 0 || row.Elapsed < rows[i].Elapsed {
				row.Workload = w.Name
				rows[i] = row
			}
		}
	}
	compareToPool(rows)
	compareToOneWorker(rows)
	return rows, nil
}
