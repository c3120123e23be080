package bench

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/workload"
)

// Workload names a batch of the workload package and its size.
type Workload struct {
	Name  string
	Count int
}

// Config says what a bench run measures: every workload with the baselines
// and with the actor pipeline for each router × chunking × worker count.
type Config struct {
	// Workloads are the batches to factor.
	Workloads []Workload
	// Routers, Chunkings and Workers span the matrix of pipeline runs.
	Routers   []string
	Chunkings []core.Chunking
	Workers   []int
	// Repeat is how many times each mode is measured, in rounds over all
	// modes; the fastest run is kept, which filters out noise from other
	// load on the machine.
	Repeat int
	// BaselineChunk is the chunk size of the single-goroutine and
	// goroutine-pool baselines.
	BaselineChunk int
	// LookPath finds GNU factor; when it fails, that baseline is skipped.
	LookPath func(file string) (string, error)
	// Progress, if not nil, receives a line before each measurement.
	Progress io.Writer
	// Cluster, when set, is the actorfactor executable whose node command
	// hosts the workers of the loopback-cluster rows (least-loaded, auto
	// chunks, each worker count split over two nodes).
	Cluster string
}

// DefaultConfig returns the full run, a few minutes on two cores: every
// workload, every router, chunk sizes 1 and 64, adaptive and static chunks,
// with one worker and with one per CPU, each measured twice.
func DefaultConfig() Config {
	return Config{
		Workloads:     SizedWorkloads(false, workload.Names()...),
		Routers:       core.RouterNames(),
		Chunkings:     chunkings(1, 64),
		Workers:       workerCounts(),
		Repeat:        2,
		BaselineChunk: 64,
		LookPath:      exec.LookPath,
	}
}

// QuickConfig returns a run that takes well under a minute on two cores:
// three small workloads and no chunk size 1.
func QuickConfig() Config {
	c := DefaultConfig()
	c.Workloads = SizedWorkloads(true, "seed", "semiprime64", "skewed")
	c.Chunkings = chunkings(64)
	return c
}

// counts holds the batch size of each workload in full and in quick runs,
// chosen so that one single-goroutine run takes about 0.3 s and 0.07 s.
var counts = map[string]struct{ full, quick int }{
	"seed":        {100_000, 30_000},
	"semiprime64": {4_000, 600},
	"uniform64":   {8_000, 1_500},
	"skewed":      {100_000, 30_000},
}

// SizedWorkloads returns the named workloads, each with its default size
// for a full or a quick run (0 for an unknown name, which Validate reports).
func SizedWorkloads(quick bool, names ...string) []Workload {
	out := make([]Workload, len(names))
	for i, name := range names {
		count := counts[name].full
		if quick {
			count = counts[name].quick
		}
		out[i] = Workload{Name: name, Count: count}
	}
	return out
}

// workerCounts returns 1 and the number of CPUs.
func workerCounts() []int {
	if n := runtime.NumCPU(); n > 1 {
		return []int{1, n}
	}
	return []int{1}
}

// chunkings returns fixed chunks of each size, then adaptive and static
// chunks.
func chunkings(sizes ...int) []core.Chunking {
	auto := actors.DefaultConfig().Chunk
	out := make([]core.Chunking, 0, len(sizes)+2)
	for _, n := range sizes {
		fixed := auto
		fixed.Mode, fixed.Size = actors.ChunkFixed, n
		out = append(out, fixed)
	}
	static := auto
	static.Mode = actors.ChunkStatic
	return append(out, auto, static)
}

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []error
	if len(c.Workloads) == 0 {
		errs = append(errs, errors.New("no workload to run"))
	}
	for _, w := range c.Workloads {
		if _, err := workload.ByName(w.Name); err != nil {
			errs = append(errs, err)
		} else if w.Count < 1 {
			errs = append(errs, fmt.Errorf("workload %s: count must be at least 1, got %d", w.Name, w.Count))
		}
	}
	if len(c.Routers) == 0 || len(c.Chunkings) == 0 || len(c.Workers) == 0 {
		errs = append(errs, errors.New("routers, chunkings and workers must each list at least one value"))
	}
	for _, r := range c.Routers {
		if _, err := core.NewRouter(r, 0); err != nil {
			errs = append(errs, err)
		}
	}
	for _, ch := range c.Chunkings {
		errs = append(errs, pipelineConfig(core.RoundRobin, ch, 1).Validate())
	}
	for _, w := range c.Workers {
		if w < 1 {
			errs = append(errs, fmt.Errorf("workers must be at least 1, got %d", w))
		}
	}
	if c.Repeat < 1 {
		errs = append(errs, fmt.Errorf("repeat must be at least 1, got %d", c.Repeat))
	}
	if c.BaselineChunk < 1 {
		errs = append(errs, fmt.Errorf("baseline chunk must be at least 1, got %d", c.BaselineChunk))
	}
	if c.LookPath == nil {
		errs = append(errs, errors.New("LookPath must be set"))
	}
	return errors.Join(errs...)
}
