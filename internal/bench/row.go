package bench

import "time"

// The modes of a Row.
const (
	// ModeSingle factors the chunks one after another on one goroutine.
	ModeSingle = "single goroutine"
	// ModePool factors the chunks on a pool of goroutines fed by a channel.
	ModePool = "goroutine pool"
	// ModeGNU pipes the batch through GNU coreutils factor.
	ModeGNU = "GNU factor"
	// ModeActors runs the actor pipeline, actors.Run.
	ModeActors = "actors"
)

// Row is the measurement of one mode on one workload.
type Row struct {
	// Workload names the batch and Numbers is its size.
	Workload string `json:"workload"`
	Numbers  int    `json:"numbers"`
	// Mode is one of the Mode constants.
	Mode string `json:"mode"`
	// Router is the actor router; empty for the baselines.
	Router string `json:"router,omitempty"`
	// Chunking is the chunk flag (size, auto or static); empty for GNU factor.
	Chunking string `json:"chunking,omitempty"`
	// Workers is the number of workers that factored in parallel.
	Workers int `json:"workers"`
	// Elapsed is the wall time of the run.
	Elapsed time.Duration `json:"elapsed_ns"`
	// NumbersPerSecond is Numbers / Elapsed.
	NumbersPerSecond float64 `json:"numbers_per_second"`
	// CPUPerNumber is the CPU time of the run (user and system, all
	// threads, or the child process's for GNU factor) per number.
	CPUPerNumber time.Duration `json:"cpu_per_number_ns"`
	// VsPool is NumbersPerSecond over the goroutine pool's with the same
	// number of workers; 0 when there is no such pool row.
	VsPool float64 `json:"vs_pool,omitempty"`
	// Efficiency is the parallel efficiency: NumbersPerSecond over Workers
	// times the same mode's with one worker (1 is perfect scaling); 0 when
	// there is no such row.
	Efficiency float64 `json:"efficiency,omitempty"`
	// P50 and P99 are chunk latency quantiles; 0 when not measured.
	P50 time.Duration `json:"p50_ns,omitempty"`
	P99 time.Duration `json:"p99_ns,omitempty"`
	// OutputSHA256 is the hash of the text output, the same for every mode.
	OutputSHA256 string `json:"output_sha256"`
}

// compareToOneWorker fills Efficiency of each row from the row of the same
// mode, router and chunking with one worker.
func compareToOneWorker(rows []Row) {
	type setup struct{ mode, router, chunking string }
	one := make(map[setup]float64)
	for _, r := range rows {
		if r.Workers == 1 {
			one[setup{r.Mode, r.Router, r.Chunking}] = r.NumbersPerSecond
		}
	}
	for i, r := range rows {
		if base := one[setup{r.Mode, r.Router, r.Chunking}]; base > 0 {
			rows[i].Efficiency = r.NumbersPerSecond / (float64(r.Workers) * base)
		}
	}
}

// compareToPool fills VsPool of each row from the pool rows among them.
func compareToPool(rows []Row) {
	pool := make(map[int]float64)
	for _, r := range rows {
		if r.Mode == ModePool {
			pool[r.Workers] = r.NumbersPerSecond
		}
	}
	for i := range rows {
		if base := pool[rows[i].Workers]; base > 0 {
			rows[i].VsPool = rows[i].NumbersPerSecond / base
		}
	}
}
