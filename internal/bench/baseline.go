package bench

import (
	"context"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// runSingle factors chunks of size numbers one after another in one loop:
// the baseline without any concurrency.
func runSingle(size int) runFunc {
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		c := newCollector(out)
		var solver chunk.Solver
		for _, req := range cut(batch, size) {
			if err := ctx.Err(); err != nil {
				return outcome{}, err
			}
			if err := c.add(solver.Solve(req)); err != nil {
				return outcome{}, err
			}
		}
		return outcome{latency: &c.latency}, c.out.Flush()
	}
}

// runPool factors chunks of size numbers on workers goroutines that pull
// chunk indexes from a channel; one more goroutine writes the results in
// input order as they complete.
func runPool(workers, size int) runFunc {
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		reqs := cut(batch, size)
		replies := make([]*messages.FactorReply, len(reqs))
		solved := make([]chan struct{}, len(reqs))
		for i := range solved {
			solved[i] = make(chan struct{})
		}
		g, ctx := errgroup.WithContext(ctx)
		jobs := make(chan int)
		g.Go(func() error {
			defer close(jobs)
			for i := range reqs {
				select {
				case jobs <- i:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
		for range workers {
			g.Go(func() error {
				var solver chunk.Solver
				for i := range jobs {
					replies[i] = solver.Solve(reqs[i])
					close(solved[i])
				}
				return nil
			})
		}
		c := newCollector(out)
		g.Go(func() error {
			for i := range reqs {
				select {
				case <-solved[i]:
				case <-ctx.Done():
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := c.add(replies[i]); err != nil {
					return err
				}
				replies[i] = nil
			}
			return c.out.Flush()
		})
		return outcome{latency: &c.latency}, g.Wait()
	}
}

// cut splits batch into requests of size numbers each, as text, the way
// the actor pipeline's feeder cuts it.
func cut(batch []uint64, size int) []*messages.FactorRequest {
	reqs := make([]*messages.FactorRequest, 0, (len(batch)+size-1)/size)
	values := input.NewValues(batch)
	for first := 0; first < len(batch); first += size {
		piece, _ := values.Cut(size)
		reqs = append(reqs, &messages.FactorRequest{
			ChunkId:    uint64(len(reqs)),
			FirstIndex: uint64(first),
			Text:       piece.Text,
			FirstLine:  uint64(piece.FirstLine),
		})
	}
	return reqs
}

// collector writes solved chunks, in the order given, and records their
// compute times.
type collector struct {
	out     *output.Writer
	latency core.Histogram
}

// newCollector returns a collector that writes GNU factor text to out.
func newCollector(out io.Writer) *collector {
	return &collector{out: output.NewWriter(out, output.Options{})}
}

// add writes the results of one chunk.
func (c *collector) add(reply *messages.FactorReply) error {
	c.latency.Record(time.Duration(reply.ElapsedNanos))
	return c.out.WriteLines(reply.Output)
}
