package bench

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ResultsFile is the name of the results file Save writes.
const ResultsFile = "results.json"

// Save writes r into dir, creating it if missing: ResultsFile and one
// throughput-WORKLOAD.svg plot per workload. It returns the paths written.
func Save(dir string, r Results) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("save results: %w", err)
	}
	paths := []string{filepath.Join(dir, ResultsFile)}
	if err := writeFile(paths[0], r.WriteJSON); err != nil {
		return nil, err
	}
	for _, rows := range byWorkload(r.Rows) {
		path := filepath.Join(dir, "throughput-"+rows[0].Workload+".svg")
		if err := writeFile(path, func(f io.Writer) error { return WriteThroughputSVG(f, rows) }); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// byWorkload splits rows into runs of the same workload.
func byWorkload(rows []Row) [][]Row {
	var groups [][]Row
	for i, r := range rows {
		if i == 0 || r.Workload != rows[i-1].Workload {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
	}
	return groups
}

// writeFile creates path and fills it with write.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("save results: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save results: %w", err)
	}
	return nil
}
