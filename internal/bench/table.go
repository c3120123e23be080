package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// TableHelp explains the columns of WriteTable.
const TableHelp = `Columns:
  workload    the batch (see --workload) and its size in numbers
  mode        single goroutine, goroutine pool, GNU factor or actors
  router      how the actor pipeline routes chunks to workers
  chunking    numbers per chunk: a size, auto (adaptive) or static (one
              chunk per worker); the baselines use a fixed size
  workers     goroutines or worker actors factoring in parallel
  numbers/s   throughput: numbers over wall time
  cpu/number  CPU time (user+system, all threads; GNU factor: the child's)
              per number
  vs pool     numbers/s over the goroutine pool's with the same workers
  efficiency  parallel efficiency: numbers/s over workers × the same
              mode's numbers/s with one worker (1.00 scales perfectly)
  p50, p99    chunk latency quantiles: actors from dispatch to reply,
              baselines the compute time of a chunk`

// WriteTable writes rows as an aligned text table.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\tnumbers\tmode\trouter\tchunking\tworkers\tnumbers/s\tcpu/number\tvs pool\tefficiency\tp50\tp99")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\n",
			r.Workload, r.Numbers, r.Mode, orDash(r.Router), orDash(r.Chunking), r.Workers,
			r.NumbersPerSecond, short(r.CPUPerNumber), ratio(r.VsPool, "x"), ratio(r.Efficiency, ""), short(r.P50), short(r.P99))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// ratio renders r with two decimals and suffix, or "-" when zero.
func ratio(r float64, suffix string) string {
	if r == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%s", r, suffix)
}

// orDash returns s, or "-" when s is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// short renders d with three significant digits, or "-" when zero.
func short(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	unit := time.Duration(1)
	for d/unit >= 1000 {
		unit *= 10
	}
	return d.Round(unit).String()
}
