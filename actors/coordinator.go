package actors

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/eventstream"
	"github.com/asynkron/protoactor-go/remote"

	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/messages"
)

// Errors that end a run early.
var (
	// ErrInterrupted is returned by a run that was cancelled before it finished.
	ErrInterrupted = errors.New("interrupted")
	// ErrNoWorkers is returned when no worker could be kept alive.
	ErrNoWorkers = errors.New("no worker could be kept alive")
	// ErrCoordinatorPanic is returned when the coordinator itself failed.
	ErrCoordinatorPanic = errors.New("coordinator panicked")
)

// giveUpAfter is how many replacement workers in a row, with no chunk
// answered in between, may die or wedge on their canary before the run
// gives up on workers. A storm of random crashes that still lets chunks
// through never reaches it.
const giveUpAfter = 8

// Coordinator owns a run: it asks the feeder for input, cuts it into
// chunks, dispatches them to its workers, gathers the replies with request
// futures and hands completed blocks to the emitter, in input order unless
// configured otherwise. It supervises the workers and owns all the
// bookkeeping, so that a worker that fails loses nothing. Its parts each
// have one job: the workerSet spawns and replaces workers, a dispatcher
// routes, the ledger knows what is in flight and where, the triage rules on
// failed chunks, and the reorder buffer restores input order.
type Coordinator struct {
	cfg      Config
	edges    edges
	strategy actor.SupervisorStrategy
	observer Observer

	workers workerSet
	router  dispatcher
	ledger  ledger
	triage  triage
	order   reorder
	sizer   chunkSizer
	canary  canary

	// queue holds the chunks that wait for a worker; probation the
	// replacement workers that wait for work to test themselves on.
	queue     []*task
	probation []*member
	// freshDeaths counts the replacement workers in a row that failed
	// their canary and died or wedged.
	freshDeaths int

	// reading counts the blocks asked of the feeder and not yet received;
	// eof is set once the input is exhausted.
	reading int
	eof     bool
	// draining stops reading: the run ends when what was read is written.
	draining bool
	// skipReason, once set, names every number not yet answered: the run
	// has given up on workers and dispatches nothing more.
	skipReason string
	finished   bool
	// inFlight counts the blocks read but not yet written.
	inFlight int

	// In a cluster: the members met, by ID; the subscription that brings
	// membership events; and the work requests of remote workers that
	// came before their agent said it had spawned them.
	nodes         map[string]*node
	membership    *eventstream.Subscription
	earlyRequests map[string]uint64
	// self is the coordinator's context, to replace workers.
	self actor.Context

	// jobs are the composites being sieved by all the workers, oldest
	// first; nextJob numbers them.
	jobs    []*sieveJob
	nextJob uint64

	stats       Summary
	memberIndex map[string]int
	err         error
}

// edges connects the coordinator to the goroutines at the edges of a run.
// Both channels have room for everything the window allows, so a send
// never blocks; the coordinator panics if that invariant ever breaks.
type edges struct {
	asks   chan<- int
	blocks chan<- *block
	// finish reports the end of the run; runEnded is closed after it.
	finish   func(Summary, error)
	runEnded <-chan struct{}
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
	observer := cmp.Or[Observer](cfg.Observer, nopObserver{})
	return &Coordinator{
		cfg:      cfg,
		edges:    e,
		strategy: cfg.Supervision.strategy(),
		observer: observer,
		router:   cfg.Router.dispatcher(),
		ledger:   newLedger(),
		triage:   newTriage(cfg.Supervision.Retries, cfg.ChunkTimeout),
		order:    newReorder(),
		sizer:    chunkSizer{chunking: cfg.Chunk},
		stats:    Summary{Workers: cfg.Workers},

		workers:       workerSet{observer: observer},
		nodes:         make(map[string]*node),
		earlyRequests: make(map[string]uint64),
		memberIndex:   make(map[string]int),
	}
}

// Receive handles one message.
func (c *Coordinator) Receive(ctx actor.Context) {
	defer c.recoverPanic()
	if _, stopped := ctx.Message().(*actor.Stopped); stopped {
		c.leaveCluster(ctx.ActorSystem().EventStream)
	}
	if c.finished {
		return
	}
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		c.start(ctx)
	case *block:
		c.accept(ctx, msg)
	case *messages.WorkRequest:
		c.workRequested(ctx, ctx.Sender(), msg.Incarnation)
	case *actor.Terminated:
		if msg.Why == actor.TerminatedReason_AddressTerminated {
			c.addressTerminated(ctx, msg.Who) // a broken connection, not a stop
		} else {
			c.workerStopped(ctx, msg.Who)
		}
	case *blockWritten:
		c.written(msg)
	case *sieveSplit:
		c.split(ctx, msg)
		c.handOut(ctx)
	case *sieveProgress:
		c.progressed(msg)
		c.handOut(ctx)
	case *drain:
		c.draining = true
		c.fail(ErrInterrupted)
		c.giveUpAllShared("not factored: interrupted")
		if len(c.workers.members) == 0 && c.skipReason == "" {
			// Nobody would ever answer what is queued (a cluster whose
			// members are all gone): name it now.
			c.halt("not answered: no workers")
		}
		c.finishIfDone()
	case *cluster.ClusterTopology:
		c.topologyChanged(ctx, msg)
	case *remote.EndpointTerminatedEvent:
		c.endpointTerminated(ctx, msg.Address)
	case *messages.NodeLeaving:
		c.nodeLeaving(msg.Address)
		ctx.Respond(msg)
	}
}

// recoverPanic ends the run with an error naming the cause when the
// coordinator panics, then panics again so that its stopping guardian
// stops it, workers and all.
func (c *Coordinator) recoverPanic() {
	if r := recover(); r != nil {
		if !c.finished {
			c.finished = true
			c.edges.finish(c.stats, fmt.Errorf("%w: %v", ErrCoordinatorPanic, r))
		}
		panic(r)
	}
}

// HandleFailure is called when a worker panics; the worker has already
// answered its chunk with a crash reply. The configured strategy decides
// on the restart.
func (c *Coordinator) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, message any) {
	defer c.recoverPanic()
	if slices.ContainsFunc(c.jobs, func(j *sieveJob) bool { return j.collector.Equal(child) }) {
		supervisor.RestartChildren(child) // a collector alone: not a worker
		return
	}
	c.strategy.HandleFailure(system, supervisor, child, rs, reason, message)
}

// start spawns the workers and asks for the first block.
func (c *Coordinator) start(ctx actor.Context) {
	c.self = ctx
	c.workers.spawnActor = func(name string) *actor.PID { return c.spawnWorker(ctx, name) }
	for range c.cfg.Workers {
		c.workers.spawn(false)
	}
	if c.cfg.Cluster {
		c.joinCluster(ctx)
	}
	c.readMore()
}

// workerDispatcher lets a worker's goroutine yield after every chunk.
// protoactor's default runs 300 messages before yielding, so with as many
// busy workers as cores the coordinator, feeder and emitter would wait for
// the Go scheduler's 10 ms preemption while the workers' queues run dry.
var workerDispatcher = actor.NewDefaultDispatcher(1)

// spawnWorker spawns a worker child under a name not used before.
func (c *Coordinator) spawnWorker(ctx actor.Context, name string) *actor.PID {
	cfg := WorkerConfig{Coordinator: ctx.Self(), Chaos: c.cfg.Chaos, RunEnded: c.edges.runEnded, Pull: c.cfg.Router == WorkPulling}
	pid, err := ctx.SpawnNamed(actor.PropsFromProducer(NewWorker(cfg), actor.WithDispatcher(workerDispatcher)), name)
	if err != nil {
		panic(fmt.Sprintf("spawn %s: %v", name, err))
	}
	return pid
}

// readAhead is how many blocks the feeder may be asked for at once, so
// that it reads the next block while the coordinator takes in the last.
const readAhead = 2

// readMore asks the feeder for more blocks while the window has room.
func (c *Coordinator) readMore() {
	for !c.finished && !c.eof && !c.draining && c.reading < readAhead && c.inFlight+c.reading < c.cfg.Window {
		c.reading++
		n := c.sizer.next()
		if c.skipReason != "" {
			n = skipBlock
		}
		select {
		case c.edges.asks <- n:
		default:
			panic("coordinator: more asks than the feeder may have")
		}
	}
}

// skipBlock is the block size read once the run has given up on workers:
// the rest of the input is only named, not factored.
const skipBlock = 1 << 14

// accept takes a block from the feeder and dispatches its numbers.
func (c *Coordinator) accept(ctx actor.Context, b *block) {
	c.reading--
	c.eof = c.eof || b.eof
	if b.err != nil {
		c.fail(b.err)
	}
	c.inFlight++
	b.unanswered = b.tokens()
	whole := &task{block: b, hi: b.tokens()}
	switch {
	case b.tokens() == 0:
		c.complete(b)
	case c.skipReason != "":
		c.abandon(whole, c.skipReason)
	default:
		size := whole.size()
		if c.cfg.Chunk.Mode == ChunkStatic {
			size = (size + c.cfg.Workers - 1) / c.cfg.Workers
		}
		for lo := 0; lo < whole.hi; lo += size {
			c.dispatch(whole.part(lo, min(lo+size, whole.hi)))
		}
	}
	c.readMore()
	c.handOut(ctx)
}

// dispatch queues t; handOut screens it before it goes out.
func (c *Coordinator) dispatch(t *task) {
	c.queue = append(c.queue, t)
}

// screen returns the parts of t that the triage lets through, as it
// knows the numbers now, and skips the quarantined ones.
func (c *Coordinator) screen(t *task) []*task {
	send, skipped := c.triage.screen(t)
	for _, s := range skipped {
		c.quarantine(s)
	}
	return send
}

// retry dispatches a failed chunk again.
func (c *Coordinator) retry(t *task) {
	t.attempt++
	c.stats.Retried++
	if t.holder != nil {
		c.tally(t.holder).Redispatched++
	}
	c.dispatch(t)
}

// quarantine skips the numbers the triage gave up on.
func (c *Coordinator) quarantine(s skip) {
	c.stats.Quarantined++
	c.observer.Quarantined(s.t.numbers(), s.reason)
	c.abandon(s.t, s.reason)
}

// handOut gives queued chunks to the workers the router picks, and canary
// chunks to the replacements that wait to prove themselves.
func (c *Coordinator) handOut(ctx actor.Context) {
	defer func() {
		c.shareSieving(ctx)
		c.observer.Chunks(len(c.ledger.tasks), len(c.queue))
	}()
	if len(c.queue) == 0 {
		return
	}
	for _, m := range c.probation {
		if !m.gone {
			c.send(ctx, m, &task{})
		}
	}
	c.probation = c.probation[:0]
	for len(c.queue) > 0 {
		if t := c.queue[0]; t.screened != c.triage.version {
			// The triage learned of suspect or quarantined numbers since t
			// was last screened: a suspect goes alone, a quarantined
			// number is skipped.
			c.queue = append(c.screen(t), c.queue[1:]...)
			continue
		}
		m := c.router.pick(c.queue[0], c.workers.members)
		if m == nil {
			return
		}
		c.send(ctx, m, c.queue[0])
		c.queue[0] = nil
		c.queue = c.queue[1:]
	}
}

// send requests t from worker m and arranges for the reply.
func (c *Coordinator) send(ctx actor.Context, m *member, t *task) {
	t.holder, t.sent = m, time.Now()
	m.idle = false
	id := c.ledger.add(t)
	var req *messages.FactorRequest
	if t.block == nil {
		req = c.canary.request(id, c.cfg.Algorithm)
	} else {
		c.stats.Chunks++
		c.observer.ChunkSent(workerKey(m.pid), t.attempt > 0)
		req = t.block.request(id, t.lo, t.hi, c.cfg)
		req.Attempt = uint32(t.attempt)
		req.ShareSieveBits = uint32(c.shareFrom(len(c.queue) - 1)) // t is queue[0]
	}
	future := ctx.RequestFuture(m.pid, req, c.cfg.ChunkTimeout)
	ctx.ReenterAfter(future, func(res any, err error) {
		defer c.recoverPanic()
		c.answered(ctx, id, res, err)
	})
}

// workRequested marks a worker ready; a replacement first waits for work
// to answer its canary on. A request sent before the worker's last crash
// is stale: the worker is still restarting.
func (c *Coordinator) workRequested(ctx actor.Context, pid *actor.PID, incarnation uint64) {
	m := c.workers.find(pid)
	if m == nil && c.cfg.Cluster && pid.Address != ctx.Self().Address {
		c.earlyRequests[workerKey(pid)] = max(c.earlyRequests[workerKey(pid)], incarnation)
	}
	if m == nil || incarnation <= m.crashedIncarnation {
		return
	}
	m.idle = true
	if m.state == waiting {
		if m.fresh {
			m.state = onProbation
			c.probation = append(c.probation, m)
		} else {
			m.state = ready
		}
	}
	c.handOut(ctx)
}

// answered handles the outcome of dispatch id: a reply, a crash reply, a
// timeout, or a dead letter from a worker that was stopped meanwhile.
func (c *Coordinator) answered(ctx actor.Context, id uint64, res any, err error) {
	if c.finished {
		return
	}
	t, ok := c.ledger.take(id)
	if !ok {
		return // superseded by a re-dispatch
	}
	if t.sieve != nil {
		reply, _ := res.(*messages.SieveReply)
		switch {
		case errors.Is(err, actor.ErrTimeout):
			c.timedOut(ctx, t)
		case err == nil:
			c.sieved(ctx, t, reply)
		}
		c.handOut(ctx)
		return
	}
	reply, _ := res.(*messages.FactorReply)
	switch {
	case errors.Is(err, actor.ErrTimeout):
		c.timedOut(ctx, t)
	case err != nil:
		if t.block != nil {
			c.dispatch(t) // the worker was stopped: not the numbers' fault
		}
	case reply == nil || reply.Crashed:
		c.crashed(ctx, t, reply)
	default:
		c.succeeded(ctx, t, reply)
	}
	c.handOut(ctx)
}

// succeeded records the reply to t.
func (c *Coordinator) succeeded(ctx actor.Context, t *task, reply *messages.FactorReply) {
	m := t.holder
	c.freshDeaths = 0
	if s, ok := c.strategy.(successObserver); ok {
		s.Succeeded(m.pid)
	}
	if t.block == nil {
		if !m.gone {
			m.fresh, m.state = false, ready
		}
		return
	}
	c.canary.learn(t, reply)
	numbers, invalid, latency := int(reply.Count)-len(reply.Invalid), len(reply.Invalid), time.Since(t.sent)
	c.stats.Invalid += invalid
	c.stats.Numbers += numbers
	c.stats.Latency.Record(latency)
	c.tally(m).Numbers += numbers
	if m.node != nil {
		m.node.replaced = 0
	}
	c.observer.ChunkAnswered(workerKey(m.pid), numbers, invalid, latency)
	if !t.block.heavy {
		c.sizer.observe(t.size(), time.Duration(reply.ElapsedNanos))
	}
	if i := int(reply.Slowest) - 1; i >= 0 && reply.Shared[uint32(i)] == nil {
		c.stats.noteTime(input.Shorten(string(t.block.key(t.lo+i))), time.Duration(reply.SlowestNanos))
	}
	c.share(ctx, t, reply)
	c.answer(t, reply)
}

// abandon answers every number of t with a failure naming the reason;
// a token that is not a number is named as such.
func (c *Coordinator) abandon(t *task, reason string) {
	reply := &messages.FactorReply{
		FirstIndex: t.block.first + uint64(t.lo),
		Count:      uint32(t.size()),
		LineEnds:   make([]uint32, t.size()),
		Failed:     make(map[uint32]string, t.size()),
	}
	tokens := t.block.tokensOf(t)
	for i := range t.size() {
		tokens.Scan()
		if err := tokens.Token().Err; err != nil {
			if reply.Invalid == nil {
				reply.Invalid = make(map[uint32]string)
			}
			reply.Invalid[uint32(i)] = err.Error()
			c.stats.Invalid++
			continue
		}
		reply.Failed[uint32(i)] = reason
		c.stats.Numbers++
	}
	c.answer(t, reply)
}

// answer records the reply to t and completes its block when it is whole.
func (c *Coordinator) answer(t *task, reply *messages.FactorReply) {
	if int(reply.Count) != t.size() {
		panic(fmt.Sprintf("coordinator: a reply answers %d tokens of a chunk of %d", reply.Count, t.size()))
	}
	b := t.block
	b.replies = append(b.replies, reply)
	b.unanswered -= t.size()
	switch {
	case b.unanswered < 0:
		panic(fmt.Sprintf("coordinator: block %d answered twice", b.seq))
	case b.unanswered == 0 && b.sharing == 0:
		c.complete(b)
	}
}

// complete hands a fully answered block to the emitter, in order unless
// the run is unordered.
func (c *Coordinator) complete(b *block) {
	if c.cfg.Unordered {
		c.emit(b)
		return
	}
	c.order.add(b, c.emit)
}

func (c *Coordinator) emit(b *block) {
	select {
	case c.edges.blocks <- b:
	default:
		panic("coordinator: more blocks to write than the window allows")
	}
}

// written notes that the emitter has written a block. A write error halts
// the run: nothing more can be written.
func (c *Coordinator) written(msg *blockWritten) {
	c.inFlight--
	if msg.err != nil {
		c.fail(msg.err)
		c.draining = true
		if c.skipReason == "" {
			c.halt("not written: output failed")
		}
	}
	c.readMore()
	c.finishIfDone()
}

// finishIfDone ends the run once nothing is computed or written and the
// input is exhausted, or, when draining, without waiting for a read that
// may never return (an interactive stdin).
func (c *Coordinator) finishIfDone() {
	if c.finished || c.inFlight > 0 || (!c.draining && (c.reading > 0 || !c.eof)) {
		return
	}
	c.finished = true
	c.edges.finish(c.stats, c.err)
}

// fail records the first error of the run.
func (c *Coordinator) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}
