package actors

import (
	"errors"
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/router"

	"github.com/actorfactor/actorfactor/messages"
)

// ErrInterrupted is returned by a run that was cancelled before it finished.
var ErrInterrupted = errors.New("interrupted")

// Coordinator owns a run: it asks the feeder for input, cuts it into chunks,
// dispatches them to its worker children through a router, gathers the
// replies with request futures, and hands completed blocks to the emitter,
// in input order unless configured otherwise. It owns all the bookkeeping,
// so a worker that fails loses nothing.
type Coordinator struct {
	cfg   Config
	edges edges

	workers []*actor.PID
	router  *actor.PID
	sizer   chunkSizer

	// reading is true while the feeder fills a block; eof once it is done.
	reading, eof, draining, finished bool
	// inFlight counts the blocks read but not yet written.
	inFlight int
	// nextSeq is the block the ordered output waits for; ready holds the
	// completed blocks that wait for their turn.
	nextSeq uint64
	ready   map[uint64]*block
	// tasks maps the id of every chunk in flight to what it holds.
	tasks     map[uint64]*task
	nextChunk uint64

	stats Summary
	err   error
}

// task is one chunk in flight: numbers[lo:hi] of a block.
type task struct {
	block  *block
	lo, hi int
	sent   time.Time
}

// edges connects the coordinator to the goroutines at the edges of a run.
type edges struct {
	asks   chan<- int
	blocks chan<- *block
	// finish reports the end of the run.
	finish func(Summary, error)
}

var _ actor.Actor = (*Coordinator)(nil)

// Messages the coordinator receives from the edges.
type (
	// blockWritten says the emitter has written a block.
	blockWritten struct{ err error }
	// drain asks the coordinator to stop reading and finish what it has.
	drain struct{}
)

func newCoordinator(cfg Config, e edges) *Coordinator {
	return &Coordinator{
		cfg:   cfg,
		edges: e,
		sizer: chunkSizer{chunking: cfg.Chunk},
		ready: make(map[uint64]*block),
		tasks: make(map[uint64]*task),
		stats: Summary{Workers: cfg.Workers},
	}
}

// Receive handles one message.
func (c *Coordinator) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		c.start(ctx)
	case *block:
		c.accept(ctx, msg)
	case *blockWritten:
		c.written(msg)
	case *drain:
		c.draining = true
		c.fail(ErrInterrupted)
		c.finishIfDone()
	}
}

// start spawns the workers and the router and asks for the first block.
func (c *Coordinator) start(ctx actor.Context) {
	for range c.cfg.Workers {
		c.workers = append(c.workers, ctx.Spawn(actor.PropsFromProducer(NewWorker(c.cfg.Chaos))))
	}
	c.router = ctx.Spawn(router.NewRoundRobinGroup(c.workers...))
	c.readMore()
}

// readMore asks the feeder for the next block if the window has room.
func (c *Coordinator) readMore() {
	if c.reading || c.eof || c.draining || c.inFlight >= c.cfg.Window {
		return
	}
	c.reading = true
	c.edges.asks <- c.sizer.next()
}

// accept takes a block from the feeder and dispatches its numbers.
func (c *Coordinator) accept(ctx actor.Context, b *block) {
	c.reading = false
	c.eof = b.eof
	if b.err != nil {
		c.fail(b.err)
	}
	c.inFlight++
	c.stats.Numbers += len(b.numbers)
	c.stats.Invalid += len(b.invalid)
	b.unanswered = len(b.numbers)
	size := len(b.numbers)
	if c.cfg.Chunk.Mode == ChunkStatic {
		size = (len(b.numbers) + c.cfg.Workers - 1) / c.cfg.Workers
	}
	for lo := 0; lo < len(b.numbers); lo += size {
		c.dispatch(ctx, &task{block: b, lo: lo, hi: min(lo+size, len(b.numbers))})
	}
	if b.unanswered == 0 {
		c.complete(b)
	}
	c.readMore()
}

// dispatch sends a chunk to a worker and arranges for its reply.
func (c *Coordinator) dispatch(ctx actor.Context, t *task) {
	id := c.nextChunk
	c.nextChunk++
	c.tasks[id] = t
	c.stats.Chunks++
	t.sent = time.Now()
	req := t.block.request(id, t.lo, t.hi, c.cfg.Algorithm)
	future := ctx.RequestFuture(c.router, req, c.cfg.ChunkTimeout)
	ctx.ReenterAfter(future, func(res any, err error) { c.answered(ctx, id, res, err) })
}

// answered handles the outcome of chunk id: a reply, a crash or a timeout.
func (c *Coordinator) answered(ctx actor.Context, id uint64, res any, err error) {
	t, ok := c.tasks[id]
	if !ok {
		return
	}
	delete(c.tasks, id)
	reply, ok := res.(*messages.FactorReply)
	if err != nil || !ok || reply.Crashed {
		c.stats.Retried++
		c.dispatch(ctx, t)
		return
	}
	c.stats.Latency.Record(time.Since(t.sent))
	c.sizer.observe(t.hi-t.lo, time.Duration(reply.ElapsedNanos))
	b := t.block
	b.replies = append(b.replies, reply)
	b.unanswered -= t.hi - t.lo
	if b.unanswered == 0 {
		c.complete(b)
	}
}

// complete hands a fully answered block to the emitter, in order unless
// the run is unordered.
func (c *Coordinator) complete(b *block) {
	if c.cfg.Unordered {
		c.edges.blocks <- b
		return
	}
	c.ready[b.seq] = b
	for {
		next, ok := c.ready[c.nextSeq]
		if !ok {
			return
		}
		delete(c.ready, c.nextSeq)
		c.nextSeq++
		c.edges.blocks <- next
	}
}

// written notes that the emitter has written a block.
func (c *Coordinator) written(msg *blockWritten) {
	c.inFlight--
	if msg.err != nil {
		c.fail(msg.err)
		c.draining = true
	}
	c.readMore()
	c.finishIfDone()
}

// finishIfDone ends the run once nothing is read, computed or written.
func (c *Coordinator) finishIfDone() {
	if c.finished || c.reading || c.inFlight > 0 || !(c.eof || c.draining) {
		return
	}
	c.finished = true
	c.edges.finish(c.stats, c.err)
}

// fail records the first error of the run.
func (c *Coordinator) fail(err error) {
	if c.err == nil {
		c.err = fmt.Errorf("coordinator: %w", err)
	}
}
