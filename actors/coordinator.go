package actors

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/messages"
)

// Errors that end a run early.
var (
	// ErrInterrupted is returned by a run that was cancelled before it finished.
	ErrInterrupted = errors.New("interrupted")
	// ErrNoWorkers is returned when no worker could be kept alive.
	ErrNoWorkers = errors.New("no worker could be kept alive")
)

// Coordinator owns a run: it asks the feeder for input, cuts it into
// chunks, dispatches them to its worker children, gathers the replies with
// request futures and hands completed blocks to the emitter, in input order
// unless configured otherwise. It supervises the workers and owns all the
// bookkeeping, so that a worker that fails loses nothing: a chunk a worker
// crashed on is split in two and dispatched again, and a number that
// crashes workers Retries times is quarantined.
type Coordinator struct {
	cfg      Config
	edges    edges
	strategy actor.SupervisorStrategy

	pool   pool
	router *actor.PID // the group router, nil when routing by itself
	sizer  chunkSizer

	// reading is true while the feeder fills a block; eof once it is done.
	reading, eof, draining, finished bool
	// inFlight counts the blocks read but not yet written.
	inFlight int
	// nextSeq is the block the ordered output waits for; ready holds the
	// completed blocks that wait for their turn.
	nextSeq uint64
	ready   map[uint64]*block
	// tasks maps the id of every chunk in flight to what it holds; queue
	// holds the chunks that wait for a worker (least-loaded, work-pulling).
	tasks     map[uint64]*task
	queue     []*task
	nextChunk uint64
	// replacedSinceReply counts workers replaced since a chunk was last
	// answered: too many means no worker can be kept alive.
	replacedSinceReply int

	stats Summary
	err   error
}

// task is one chunk: numbers[lo:hi] of a block.
type task struct {
	block  *block
	lo, hi int
	// attempt counts the failed dispatches of these numbers; crashes the
	// failures of a single-number task, and timedOut says whether the last
	// one was a timeout rather than a crash.
	attempt, crashes int
	timedOut         bool
	// holder is the worker the chunk was sent to; nil behind a group router.
	holder *member
	sent   time.Time
}

func (t *task) size() int { return t.hi - t.lo }

// edges connects the coordinator to the goroutines at the edges of a run.
type edges struct {
	asks   chan<- int
	blocks chan<- *block
	// finish reports the end of the run.
	finish func(Summary, error)
}

var (
	_ actor.Actor              = (*Coordinator)(nil)
	_ actor.SupervisorStrategy = (*Coordinator)(nil)
)

// Messages the coordinator receives from the edges.
type (
	// blockWritten says the emitter has written a block.
	blockWritten struct{ err error }
	// drain asks the coordinator to stop reading and finish what it has.
	drain struct{}
)

func newCoordinator(cfg Config, e edges) *Coordinator {
	return &Coordinator{
		cfg:      cfg,
		edges:    e,
		strategy: cfg.Supervision.strategy(),
		sizer:    chunkSizer{chunking: cfg.Chunk},
		ready:    make(map[uint64]*block),
		tasks:    make(map[uint64]*task),
		stats:    Summary{Workers: cfg.Workers},
	}
}

// Receive handles one message.
func (c *Coordinator) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		c.start(ctx)
	case *block:
		c.accept(ctx, msg)
	case *messages.WorkRequest:
		if m := c.pool.find(ctx.Sender()); m != nil {
			m.idle = true
		}
		c.handOut(ctx)
	case *actor.Terminated:
		c.workerStopped(ctx, msg.Who)
	case *blockWritten:
		c.written(msg)
	case *drain:
		c.draining = true
		c.fail(ErrInterrupted)
		c.finishIfDone()
	case *actor.Stopped:
		// The workers are gone; the router that watched them can go too.
		if c.router != nil {
			ctx.Stop(c.router)
		}
	}
}

// HandleFailure is called when a worker panics. protoactor drops the
// message a worker panicked on, so the coordinator answers the chunk's
// future itself with a crash reply, then lets the configured strategy
// restart or stop the worker.
func (c *Coordinator) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, message any) {
	if env, ok := message.(*actor.MessageEnvelope); ok && env.Sender != nil {
		if req, ok := env.Message.(*messages.FactorRequest); ok {
			system.Root.Send(env.Sender, &messages.FactorReply{ChunkId: req.ChunkId, Worker: child.Id, Crashed: true})
		}
	}
	c.strategy.HandleFailure(system, supervisor, child, rs, reason, message)
}

// start spawns the workers and the router and asks for the first block.
func (c *Coordinator) start(ctx actor.Context) {
	for i := range c.cfg.Workers {
		c.pool.add(c.spawnWorker(ctx, fmt.Sprintf("worker-%d", i+1)))
	}
	if props := c.cfg.Router.group(c.pool.pids()); props != nil {
		// The router is not a child, so all-for-one never restarts it.
		c.router = ctx.ActorSystem().Root.Spawn(props)
	}
	c.readMore()
}

// workerDispatcher lets a worker's goroutine yield after every chunk.
// protoactor's default runs 300 messages before yielding, so with as many
// busy workers as cores the coordinator, feeder and emitter would wait for
// the Go scheduler's 10 ms preemption while the workers' queues run dry.
var workerDispatcher = actor.NewDefaultDispatcher(1)

// spawnWorker spawns a worker child under a fixed name, so that a
// replacement takes over the PID of the worker it replaces.
func (c *Coordinator) spawnWorker(ctx actor.Context, name string) *actor.PID {
	props := actor.PropsFromProducer(NewWorker(WorkerConfig{Chaos: c.cfg.Chaos, Pull: c.cfg.Router == WorkPulling}),
		actor.WithDispatcher(workerDispatcher))
	pid, err := ctx.SpawnNamed(props, name)
	if err != nil {
		// Only a name still taken fails, and the coordinator never spawns one.
		panic(fmt.Sprintf("spawn %s: %v", name, err))
	}
	return pid
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
	size := max(len(b.numbers), 1)
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

// dispatch sends a chunk on its way: through the router, to the least
// loaded worker, or into the queue of work-pulling.
func (c *Coordinator) dispatch(ctx actor.Context, t *task) {
	if c.router != nil {
		c.send(ctx, c.router, t)
		return
	}
	c.queue = append(c.queue, t)
	c.handOut(ctx)
}

// leastLoadedPrefetch is how many chunks least-loaded lets a worker hold:
// one in progress and one waiting, so that no worker idles between chunks,
// while the rest of the window waits in the coordinator for whichever
// worker frees up first (no worker is left with a long queue at the end).
const leastLoadedPrefetch = 2

// handOut gives queued chunks to the workers that can take one: the least
// loaded below the prefetch limit, or the pulling workers that asked.
func (c *Coordinator) handOut(ctx actor.Context) {
	for len(c.queue) > 0 {
		var m *member
		if c.cfg.Router == LeastLoaded {
			if m = c.pool.leastLoaded(); m.outstanding >= leastLoadedPrefetch {
				return
			}
		} else if m = c.pool.idleMember(); m == nil {
			return
		}
		t := c.queue[0]
		c.queue = c.queue[1:]
		m.idle = false
		c.sendTo(ctx, m, t)
	}
}

func (c *Coordinator) sendTo(ctx actor.Context, m *member, t *task) {
	t.holder = m
	m.outstanding++
	c.send(ctx, m.pid, t)
}

// send requests the chunk from target and arranges for its reply.
func (c *Coordinator) send(ctx actor.Context, target *actor.PID, t *task) {
	id := c.nextChunk
	c.nextChunk++
	c.tasks[id] = t
	c.stats.Chunks++
	t.sent = time.Now()
	req := t.block.request(id, t.lo, t.hi, c.cfg.Algorithm)
	req.Attempt = uint32(t.attempt)
	future := ctx.RequestFuture(target, req, c.cfg.ChunkTimeout)
	ctx.ReenterAfter(future, func(res any, err error) { c.answered(ctx, id, res, err) })
}

// answered handles the outcome of chunk id: a reply, a crash, a timeout,
// or a dead letter from a worker that was stopped.
func (c *Coordinator) answered(ctx actor.Context, id uint64, res any, err error) {
	t, ok := c.tasks[id]
	if !ok {
		return // superseded by a re-dispatch
	}
	delete(c.tasks, id)
	if t.holder != nil {
		t.holder.outstanding--
		defer c.handOut(ctx)
	}
	reply, ok := res.(*messages.FactorReply)
	switch {
	case errors.Is(err, actor.ErrDeadLetter):
		c.redispatch(ctx, t) // sent to a worker that was stopped meanwhile
	case errors.Is(err, actor.ErrTimeout):
		t.timedOut = true
		c.crashed(ctx, t)
	case err != nil || !ok || reply.Crashed:
		t.timedOut = false
		c.crashed(ctx, t)
	default:
		c.replacedSinceReply = 0
		c.stats.Latency.Record(time.Since(t.sent))
		c.sizer.observe(t.size(), time.Duration(reply.ElapsedNanos))
		c.answer(t, reply)
	}
}

// crashed handles a chunk whose worker failed on it (or did not answer in
// time, which may be a worker stuck in an endless loop): a chunk of several
// numbers is split in two to isolate the culprit; a single number is tried
// again until it has crashed Retries workers, then quarantined.
func (c *Coordinator) crashed(ctx actor.Context, t *task) {
	if t.size() > 1 {
		mid := t.lo + t.size()/2
		c.redispatch(ctx, &task{block: t.block, lo: t.lo, hi: mid, attempt: t.attempt})
		c.redispatch(ctx, &task{block: t.block, lo: mid, hi: t.hi, attempt: t.attempt})
		return
	}
	t.crashes++
	if t.crashes < c.cfg.Supervision.Retries {
		c.redispatch(ctx, t)
		return
	}
	c.stats.Quarantined++
	reason := fmt.Sprintf("crashed %d workers", t.crashes)
	if t.timedOut {
		reason = fmt.Sprintf("not answered within %v, %d times", c.cfg.ChunkTimeout, t.crashes)
	}
	c.abandon(t, reason)
}

func (c *Coordinator) redispatch(ctx actor.Context, t *task) {
	t.attempt++
	t.holder = nil
	c.stats.Retried++
	c.dispatch(ctx, t)
}

// abandon answers every number of t with a failure naming the reason.
func (c *Coordinator) abandon(t *task, reason string) {
	reply := &messages.FactorReply{
		FirstIndex: t.block.first + uint64(t.lo),
		Counts:     make([]uint32, t.size()),
		Failed:     make(map[uint32]string, t.size()),
	}
	for i := range t.size() {
		reply.Failed[uint32(i)] = reason
	}
	c.answer(t, reply)
}

// answer records the reply to t and completes its block when it is whole.
func (c *Coordinator) answer(t *task, reply *messages.FactorReply) {
	b := t.block
	b.replies = append(b.replies, reply)
	b.unanswered -= t.size()
	if b.unanswered == 0 {
		c.complete(b)
	}
}

// workerStopped replaces a worker that its strategy stopped for good, under
// the same name and so the same PID (changing a group router's routees
// races in protoactor), and dispatches again what it may have held. Behind
// a group router the holder of a chunk is unknown, so every chunk in flight
// is dispatched again: a late duplicate reply is ignored.
func (c *Coordinator) workerStopped(ctx actor.Context, who *actor.PID) {
	dead := c.pool.find(who)
	if dead == nil || c.finished {
		return
	}
	c.stats.Replaced++
	c.replacedSinceReply++
	c.pool.replace(dead, c.spawnWorker(ctx, strings.TrimPrefix(who.Id, ctx.Self().Id+"/")))
	var held []*task
	for id, t := range c.tasks {
		if t.holder == nil || t.holder == dead {
			delete(c.tasks, id)
			held = append(held, t)
		}
	}
	if c.replacedSinceReply > 2*c.cfg.Workers {
		c.fail(fmt.Errorf("%w: %d replacement workers stopped without answering a chunk", ErrNoWorkers, c.replacedSinceReply))
		c.draining = true
		for _, t := range append(held, c.queue...) {
			c.abandon(t, ErrNoWorkers.Error())
		}
		c.queue = nil
		c.finishIfDone()
		return
	}
	for _, t := range held {
		c.redispatch(ctx, t)
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

// finishIfDone ends the run once nothing is computed or written and the
// input is exhausted, or, when draining, without waiting for a read that
// may never return (an interactive stdin).
func (c *Coordinator) finishIfDone() {
	if c.finished || c.inFlight > 0 || (!c.draining && (c.reading || !c.eof)) {
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
