package bench

import (
	"context"
	"fmt"
	"io"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
)

// pipelineConfig returns the pipeline configuration of one matrix cell.
func pipelineConfig(router string, chunking core.Chunking, workers int) actors.Config {
	cfg := actors.DefaultConfig()
	cfg.Router, cfg.Chunk = router, chunking
	cfg.Workers = workers
	return cfg
}

// runPipeline factors the batch with the actor pipeline on system.
func runPipeline(system *actors.System, cfg actors.Config) runFunc {
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		sink := writerSink{out: output.NewWriter(out, output.Options{})}
		summary, err := system.Stream(ctx, cfg, input.NewValues(batch), sink)
		if err != nil {
			return outcome{}, err
		}
		return outcome{latency: &summary.Latency}, sink.Flush()
	}
}

// writerSink writes a pipeline's results through an output.Writer. The
// batch holds valid numbers only: an invalid or abandoned one fails the run.
type writerSink struct {
	out *output.Writer
}

var _ actors.Sink = writerSink{}

// Lines writes results.
func (s writerSink) Lines(lines []byte) error { return s.out.WriteLines(lines) }

// Invalid fails the run.
func (s writerSink) Invalid(message string) error { return fmt.Errorf("invalid input: %s", message) }

// Skipped fails the run.
func (s writerSink) Skipped(number string, reason core.Reason) error {
	return fmt.Errorf("%s not factored: %s", number, reason)
}

// Written does nothing: the batch is in memory.
func (s writerSink) Written(input.Piece) error { return nil }

// Flush writes the buffered output.
func (s writerSink) Flush() error { return s.out.Flush() }
