package actors

import (
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/remote"

	"github.com/actorfactor/actorfactor/actors/core"
	membership "github.com/actorfactor/actorfactor/internal/cluster"
	"github.com/actorfactor/actorfactor/messages"
)

// ErrCoordinatorPanic ends a run whose coordinator itself failed.
var ErrCoordinatorPanic = errors.New("coordinator panicked")

// Errors that end a run early, from its core.
var (
	// ErrInterrupted is returned by a run that was cancelled before it finished.
	ErrInterrupted = core.ErrInterrupted
	// ErrNoWorkers is returned when no worker could be kept alive.
	ErrNoWorkers = core.ErrNoWorkers
)

// coordinator is the actor that owns a run: a thin shell around the run's
// core.Core, which makes every decision. It turns the core's effects into
// sends with request futures (their replies come back on its own
// goroutine through ReenterAfter), spawns and stops, and what it receives
// into the core's inputs. It supervises the workers, its children, with
// the run's strategy.
type coordinator struct {
	cfg      Config
	edges    edges
	strategy actor.SupervisorStrategy
	router   core.Router
	core     *core.Core
	// ctx is the coordinator's own context, for the effects.
	ctx actor.Context
	// workers maps the workers the core knows to their PIDs; spawned
	// counts the local ones, to name each anew.
	workers map[core.WorkerID]*actor.PID
	spawned int
	// collectors are the actors of the shared sieves, by job.
	collectors map[core.JobID]*actor.PID
	members    *membership.Membership
	finished   bool
}

// edges connects the coordinator to the goroutines at the edges of a run.
// Both channels have room for everything the window allows, so a send
// never blocks; the coordinator panics if that invariant ever breaks.
type edges struct {
	asks   chan<- int
	blocks chan<- *core.Block
	// finish reports the end of the run; runEnded is closed after it.
	finish   func(Summary, error)
	runEnded <-chan struct{}
}

var (
	_ actor.Actor              = (*coordinator)(nil)
	_ actor.SupervisorStrategy = (*coordinator)(nil)
	_ core.Effects             = (*coordinator)(nil)
)

// Messages the coordinator receives from the edges.
type (
	// blockWritten says the emitter has written a block.
	blockWritten struct{ err error }
	// drain asks the coordinator to stop reading and finish what it has.
	drain struct{}
	// tick is the time the core asked to be woken at.
	tick struct{}
)

func newCoordinator(cfg Config, e edges, strategy actor.SupervisorStrategy, router core.Router) *coordinator {
	return &coordinator{
		cfg:        cfg,
		edges:      e,
		strategy:   strategy,
		router:     router,
		workers:    make(map[core.WorkerID]*actor.PID),
		collectors: make(map[core.JobID]*actor.PID),
	}
}

// Receive handles one message.
func (c *coordinator) Receive(ctx actor.Context) {
	defer c.recoverPanic()
	if _, stopped := ctx.Message().(*actor.Stopped); stopped && c.members != nil {
		c.members.Stop(ctx.ActorSystem().EventStream)
	}
	if c.finished {
		return
	}
	now := time.Now()
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		c.ctx = ctx
		c.core = core.New(c.cfg.coreConfig(c.router, ctx.Self().Address), c)
		c.core.Start(now)
		if c.cfg.Cluster {
			c.members = membership.Follow(ctx, c.core)
			c.members.Meet(ctx)
		}
	case *core.Block:
		c.core.BlockRead(now, msg)
	case *messages.WorkRequest:
		c.workRequested(now, ctx.Sender(), msg.Incarnation)
	case *actor.Terminated:
		id := membership.WorkerKey(msg.Who)
		if msg.Why == actor.TerminatedReason_AddressTerminated {
			c.core.WorkerUnreachable(now, id) // a broken connection, not a stop
			break
		}
		delete(c.workers, id)
		c.core.WorkerStopped(now, id)
	case *blockWritten:
		c.core.BlockWritten(now, msg.err)
	case *jobProgress:
		c.core.JobProgressed(now, msg.job, msg.phase)
	case *jobSplit:
		delete(c.collectors, msg.job)
		c.core.JobSplit(now, msg.job, msg.split)
	case *drain:
		c.core.Drain(now)
	case *tick:
		c.core.Tick(now)
	case *cluster.ClusterTopology:
		c.members.TopologyChanged(now, msg)
	case *remote.EndpointTerminatedEvent:
		c.members.EndpointTerminated(now, msg.Address)
	case *messages.NodeLeaving:
		c.members.Leaving(now, msg.Address)
		ctx.Respond(msg)
	}
}

// recoverPanic ends the run with an error naming the cause when the
// coordinator panics, then panics again so that its stopping guardian
// stops it, workers and all.
func (c *coordinator) recoverPanic() {
	if r := recover(); r != nil {
		if !c.finished {
			c.finished = true
			c.edges.finish(Summary{}, fmt.Errorf("%w: %v", ErrCoordinatorPanic, r))
		}
		panic(r)
	}
}

// HandleFailure is called when a child panics. A worker has already
// answered its work with a crash reply: the run's strategy decides on its
// restart. A collector is restarted alone.
func (c *coordinator) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, message any) {
	defer c.recoverPanic()
	for _, collector := range c.collectors {
		if collector.Equal(child) {
			supervisor.RestartChildren(child)
			return
		}
	}
	c.strategy.HandleFailure(system, supervisor, child, rs, reason, message)
}

// workRequested tells the core that a worker is ready. A remote worker
// may ask before its agent's answer names it: its request waits for that.
func (c *coordinator) workRequested(now time.Time, pid *actor.PID, incarnation uint64) {
	id := membership.WorkerKey(pid)
	if _, known := c.workers[id]; !known && c.members != nil {
		c.members.Early(id, incarnation)
		return
	}
	c.core.WorkerReady(now, id, incarnation)
}

// Read asks the feeder for a block.
func (c *coordinator) Read(tokens int) {
	select {
	case c.edges.asks <- tokens:
	default:
		panic("coordinator: more asks than the feeder may have")
	}
}

// workerDispatcher lets a worker's goroutine yield after every chunk.
// protoactor's default runs 300 messages before yielding, so with as many
// busy workers as cores the coordinator, feeder and emitter would wait for
// the Go scheduler's 10 ms preemption while the workers' queues run dry.
var workerDispatcher = actor.NewDefaultDispatcher(1)

// Spawn spawns a worker child under a name not used before in the run.
func (c *coordinator) Spawn() core.WorkerID {
	c.spawned++
	name := fmt.Sprintf("worker-%d", c.spawned)
	cfg := WorkerConfig{Coordinator: c.ctx.Self(), Chaos: c.cfg.Chaos, RunEnded: c.edges.runEnded, Pull: c.pulls()}
	pid, err := c.ctx.SpawnNamed(actor.PropsFromProducer(NewWorker(cfg), actor.WithDispatcher(workerDispatcher)), name)
	if err != nil {
		panic(fmt.Sprintf("spawn %s: %v", name, err))
	}
	id := membership.WorkerKey(pid)
	c.workers[id] = pid
	return id
}

// pulls reports whether the run's router wants its workers to ask for
// work after every chunk.
func (c *coordinator) pulls() bool { return core.Pulls(c.router) }

// Send requests work from a worker and hands the outcome to the core.
func (c *coordinator) Send(w core.WorkerID, d core.DispatchID, work core.Work, timeout time.Duration) {
	pid := c.workers[w]
	var msg any
	switch work := work.(type) {
	case *core.ChunkWork:
		msg = c.chunkRequest(d, work)
	case *core.CanaryWork:
		msg = &messages.FactorRequest{ChunkId: uint64(d), FirstIndex: work.Index, Text: work.Text, FirstLine: 1,
			Algorithm: c.cfg.Algorithm, Attempt: work.Sent}
	case *core.SieveWork:
		msg = &messages.SieveRequest{TaskId: uint64(d), Number: work.Number, Seed: work.Seed,
			BudgetNanos: uint64(work.Budget), Ecm: work.ECM}
	}
	c.ctx.ReenterAfter(c.ctx.RequestFuture(pid, msg, timeout), func(res any, err error) {
		defer c.recoverPanic()
		if !c.finished {
			c.replied(time.Now(), pid, d, res, err)
		}
	})
}

// chunkRequest builds the request of a chunk.
func (c *coordinator) chunkRequest(d core.DispatchID, w *core.ChunkWork) *messages.FactorRequest {
	piece := pieceOf(w.Block)
	return &messages.FactorRequest{
		ChunkId:    uint64(d),
		FirstIndex: w.Block.First + uint64(w.Lo),
		Text:       piece.Range(w.Lo, w.Hi),
		Count:      uint32(w.Size()),
		FirstLine:  uint64(piece.Line(w.Lo)),
		Arguments:  piece.Args,
		Algorithm:  c.cfg.Algorithm,
		Format:     c.cfg.Format,
		Exponents:  c.cfg.Exponents,
		Attempt:    uint32(w.Attempt),

		NumberTimeoutNanos: uint64(c.cfg.NumberTimeout),
		ShareSieveBits:     uint32(w.ShareFrom),
	}
}

// replied hands the outcome of dispatch d, sent to pid, to the core: a
// reply, a timeout, or a dead letter from a worker stopped meanwhile.
func (c *coordinator) replied(now time.Time, pid *actor.PID, d core.DispatchID, res any, err error) {
	switch {
	case errors.Is(err, actor.ErrTimeout):
		c.core.TimedOut(now, d)
		return
	case err != nil:
		c.core.Undelivered(now, d)
		return
	}
	switch reply := res.(type) {
	case *messages.FactorReply:
		c.succeeded(pid, reply.Crashed)
		c.core.Answered(now, d, coreReply(reply))
	case *messages.SieveReply:
		c.succeeded(pid, reply.Crashed)
		c.core.Sieved(now, d, core.SieveReply{Crashed: reply.Crashed, Incarnation: reply.Incarnation, Payload: reply})
	default:
		c.core.Undelivered(now, d)
	}
}

// succeeded tells a strategy that wants to know that a worker answered.
func (c *coordinator) succeeded(pid *actor.PID, crashed bool) {
	if s, ok := c.strategy.(SuccessObserver); ok && !crashed {
		s.Succeeded(pid)
	}
}

// coreReply returns what the core needs of a worker's reply.
func coreReply(r *messages.FactorReply) core.Reply {
	_, invalid := r.Invalid[0]
	_, failed := r.Failed[0]
	_, shared := r.Shared[0]
	reply := core.Reply{
		Crashed:       r.Crashed,
		CrashedOn:     int(r.CrashedOn),
		Incarnation:   r.Incarnation,
		Numbers:       int(r.Count) - len(r.Invalid),
		Invalid:       len(r.Invalid),
		FirstAnswered: r.Count > 0 && !invalid && !failed && !shared,
		Elapsed:       time.Duration(r.ElapsedNanos),
		Slowest:       int(r.Slowest),
		SlowestTime:   time.Duration(r.SlowestNanos),
		Payload:       r,
	}
	if len(r.Shared) == 0 {
		return reply
	}
	for _, offset := range slices.Sorted(maps.Keys(r.Shared)) {
		s := r.Shared[offset]
		reply.Shared = append(reply.Shared, core.SharedNumber{Offset: int(offset), Primes: bigs(s.Primes), Composites: bigs(s.Composites)})
	}
	return reply
}

// bigs returns big-endian magnitudes as numbers.
func bigs(magnitudes [][]byte) []*big.Int {
	ns := make([]*big.Int, len(magnitudes))
	for i, m := range magnitudes {
		ns[i] = new(big.Int).SetBytes(m)
	}
	return ns
}

// Stop stops a worker once it returns from what it is doing.
func (c *coordinator) Stop(w core.WorkerID) {
	if pid, ok := c.workers[w]; ok {
		c.ctx.Stop(pid)
	}
}

// Enlist asks a member's agent for workers.
func (c *coordinator) Enlist(id core.EnlistID, m core.MemberID, workers int) {
	c.members.Enlist(c.ctx, m, workers, c.pulls(), func(now time.Time, pids []*actor.PID, ok bool) {
		defer c.recoverPanic()
		switch {
		case c.finished:
			return
		case !ok:
			c.core.EnlistFailed(now, id)
			return
		}
		ids := make([]core.WorkerID, len(pids))
		for i, pid := range pids {
			ids[i] = membership.WorkerKey(pid)
			c.workers[ids[i]] = pid
			c.ctx.Watch(pid)
		}
		c.core.Enlisted(now, id, ids)
		for _, id := range ids {
			if incarnation, ok := c.members.TakeEarly(id); ok {
				c.core.WorkerReady(now, id, incarnation)
			}
		}
	})
}

// Emit hands a completed block to the emitter.
func (c *coordinator) Emit(b *core.Block) {
	select {
	case c.edges.blocks <- b:
	default:
		panic("coordinator: more blocks to write than the window allows")
	}
}

// StartCollector spawns the collector of a shared sieve.
func (c *coordinator) StartCollector(j core.JobID, n *big.Int, effort core.Effort) {
	c.collectors[j] = c.ctx.Spawn(collectorProps(j, n, effort, c.cfg.Logger))
}

// Relay passes a sieve reply to its job's collector.
func (c *coordinator) Relay(j core.JobID, payload any) {
	if pid, ok := c.collectors[j]; ok {
		c.ctx.Send(pid, payload)
	}
}

// StopCollector stops the collector of a job given up.
func (c *coordinator) StopCollector(j core.JobID) {
	if pid, ok := c.collectors[j]; ok {
		c.ctx.Stop(pid)
		delete(c.collectors, j)
	}
}

// Wake has the coordinator tick after d.
func (c *coordinator) Wake(d time.Duration) {
	self, root := c.ctx.Self(), c.ctx.ActorSystem().Root
	time.AfterFunc(d, func() { root.Send(self, &tick{}) })
}

// Finish ends the run.
func (c *coordinator) Finish(s core.Summary, err error) {
	c.finished = true
	c.edges.finish(Summary{Summary: s}, err)
}
