package core

import (
	"errors"
	"fmt"
	"time"
)

// Errors that end a run early.
var (
	// ErrInterrupted ends a run that was drained before it finished.
	ErrInterrupted = errors.New("interrupted")
	// ErrNoWorkers ends a run whose workers could not be kept alive.
	ErrNoWorkers = errors.New("no worker could be kept alive")
)

// giveUpAfter is how many replacement workers in a row, with no chunk
// answered in between, may die or wedge on their canary before the run
// gives up on workers. A storm of random crashes that still lets chunks
// through never reaches it.
const giveUpAfter = 8

// maxAttempts is how many dispatches of a number may fail before it is
// given up, by value, whatever failed: a bound on the work of any
// schedule. Failures that say nothing about the number (a crash between
// numbers, a worker lost) reach it only by chance: with three dispatches
// in four failing, once in ten trillion numbers.
const maxAttempts = 100

// fruitlessLimit is how many crashes in a row between numbers, with no
// chunk answered in between, end the run: its workers crash whatever they
// are given.
const fruitlessLimit = 256

// Core is the state of one run and makes every decision in it. It is
// not safe for concurrent use: one goroutine calls its inputs, in order,
// each with the time it happened.
type Core struct {
	cfg    Config
	fx     Effects
	router Router
	now    time.Time

	workers  []*worker // live, in the order they joined
	byID     map[WorkerID]*worker
	joined   uint64
	ledger   ledger
	triage   triage
	order    reorder
	sizer    chunkSizer
	canary   canary
	members  []*member
	byMember map[MemberID]*member
	// enlists are the requests for workers in flight; nextEnlist numbers
	// them.
	enlists    map[EnlistID]enlisting
	nextEnlist EnlistID

	// queue holds the chunks that wait for a worker; probation the
	// replacement workers that wait for work to test themselves on.
	queue     []*chunk
	probation []*worker
	// freshDeaths counts the replacement workers in a row that failed
	// their canary and died or wedged; fruitless the crashes between
	// numbers in a row.
	freshDeaths, fruitless int

	// reading counts the blocks asked for and not yet received; eof is
	// set once the input is exhausted; inFlight counts the blocks read
	// but not yet written.
	reading, inFlight int
	eof               bool
	// draining stops reading: the run ends when what was read is written.
	draining bool
	// halted, once set, names every number not yet answered: the run has
	// given up on workers or output and dispatches nothing more.
	halted   *Reason
	finished bool
	// orphaned is when the run was left without a worker while work
	// waits; zero while it has one.
	orphaned time.Time

	// jobs are the composites being sieved by all the workers, oldest
	// first; nextJob numbers them.
	jobs    []*job
	nextJob JobID

	stats       Summary
	memberIndex map[string]int
	err         error
	// lastLoad is the load last observed; pick's scratch views.
	lastLoad LoadChanged
	views    []Worker
	viewed   []*worker
}

// readAhead is how many blocks may be asked for at once, so that the
// next is read while the last is taken in.
const readAhead = 2

// New returns the Core of a run; fx carries out its decisions. Nothing
// happens until Start.
func New(cfg Config, fx Effects) *Core {
	return &Core{
		cfg:         cfg,
		fx:          fx,
		router:      cfg.Router,
		byID:        make(map[WorkerID]*worker),
		ledger:      newLedger(),
		triage:      newTriage(cfg.Retries, cfg.ChunkTimeout),
		order:       newReorder(),
		sizer:       chunkSizer{chunking: cfg.Chunk},
		byMember:    make(map[MemberID]*member),
		enlists:     make(map[EnlistID]enlisting),
		memberIndex: make(map[string]int),
		stats:       Summary{Workers: cfg.Workers},
	}
}

// Start spawns the workers and asks for the first blocks.
func (c *Core) Start(now time.Time) {
	c.now = now
	for range c.cfg.Workers {
		c.spawn(false)
	}
	c.readMore()
}

// BlockRead takes in a block asked for with Effects.Read and dispatches
// its numbers.
func (c *Core) BlockRead(now time.Time, b *Block) {
	c.now = now
	if c.finished {
		return
	}
	c.reading--
	c.eof = c.eof || b.EOF
	if b.Err != nil {
		c.fail(b.Err)
	}
	c.inFlight++
	b.unanswered = b.Tokens
	whole := &chunk{block: b, hi: b.Tokens}
	switch {
	case b.Tokens == 0:
		c.complete(b)
	case c.halted != nil:
		c.abandon(whole, *c.halted)
	default:
		size := whole.size()
		if c.cfg.Chunk.Mode == ChunkStatic {
			size = (size + max(c.cfg.Workers, 1) - 1) / max(c.cfg.Workers, 1)
		}
		if size >= whole.size() {
			c.queue = append(c.queue, whole)
			break
		}
		for lo := 0; lo < whole.hi; lo += size {
			c.queue = append(c.queue, whole.part(lo, min(lo+size, whole.hi)))
		}
	}
	c.readMore()
	c.handOut()
}

// BlockWritten notes that an emitted block was written; err says the
// output failed, which halts the run: nothing more can be written.
func (c *Core) BlockWritten(now time.Time, err error) {
	c.now = now
	if c.finished {
		return
	}
	c.inFlight--
	if err != nil {
		c.fail(err)
		c.draining = true
		if c.halted == nil {
			c.halt(Reason{Why: NotWritten})
		}
	}
	c.readMore()
	c.finishIfDone()
}

// Drain stops reading: the run ends once what was read is answered and
// written, and what fails from now on is named, not retried.
func (c *Core) Drain(now time.Time) {
	c.now = now
	if c.finished {
		return
	}
	c.draining = true
	c.fail(ErrInterrupted)
	c.giveUpAllShared(Reason{Why: Interrupted})
	if len(c.workers) == 0 && c.halted == nil {
		// Nobody would ever answer what is queued (a cluster whose
		// members are all gone): name it now.
		c.halt(Reason{Why: NoWorkers})
	}
	c.finishIfDone()
}

// Tick is the time passing, as asked with Effects.Wake.
func (c *Core) Tick(now time.Time) {
	c.now = now
	if c.finished {
		return
	}
	c.resendEnlists()
	if c.halted == nil && !c.orphaned.IsZero() && now.Sub(c.orphaned) >= c.cfg.ChunkTimeout {
		c.fail(fmt.Errorf("%w: none joined within %v", ErrNoWorkers, c.cfg.ChunkTimeout))
		c.halt(Reason{Why: NoWorkers})
	}
}

// checkOrphaned notes when the run is left without workers while work
// waits: a cluster's coordinator without workers of its own waits for a
// member to join, for as long as the chunk timeout, and then names what
// is left.
func (c *Core) checkOrphaned() {
	switch {
	case len(c.workers) > 0 || !c.workLeft():
		c.orphaned = time.Time{}
	case c.orphaned.IsZero() && c.halted == nil && !c.finished:
		c.orphaned = c.now
		c.fx.Wake(c.cfg.ChunkTimeout)
	}
}

// Finished reports whether the run has ended.
func (c *Core) Finished() bool { return c.finished }

// readMore asks for more blocks while the window has room.
func (c *Core) readMore() {
	for !c.finished && !c.eof && !c.draining && c.reading < readAhead && c.inFlight+c.reading < c.window() {
		c.reading++
		n := c.sizer.next(c.chunkTarget())
		if c.halted != nil {
			n = skipBlock
		}
		c.fx.Read(n)
	}
}

// skipBlock is the block size read once the run has halted: the rest of
// the input is only named, not factored.
const skipBlock = 1 << 14

// handOut gives queued chunks to the workers the router picks, canary
// chunks to the replacements that wait to prove themselves, and sieve
// requests to the workers left idle.
func (c *Core) handOut() {
	defer c.checkOrphaned()
	defer c.observeLoad()
	defer c.shareSieving()
	if len(c.queue) == 0 && c.sieveWanted() == nil {
		return // a replacement proves itself on a canary once there is work
	}
	for _, w := range c.probation {
		if !w.gone {
			c.sendCanary(w)
		}
	}
	c.probation = c.probation[:0]
	for len(c.queue) > 0 {
		if t := c.queue[0]; t.screened != c.triage.version {
			// The triage learned of suspect or quarantined numbers since t
			// was last screened: a suspect goes alone, a quarantined
			// number is skipped.
			send, skipped := c.triage.screen(t)
			c.queue = append(send, c.queue[1:]...)
			for _, s := range skipped {
				c.quarantine(s)
			}
			continue
		}
		w := c.pick(c.queue[0])
		if w == nil {
			return
		}
		t := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.sendChunk(w, t)
	}
}

// pick asks the router for the worker of t among the ready workers with
// room for it; nil: t waits.
func (c *Core) pick(t *chunk) *worker {
	c.views, c.viewed = c.views[:0], c.viewed[:0]
	for _, w := range c.workers {
		if w.state == ready && len(w.held) < c.holdLimit(w) {
			c.views = append(c.views, w.view())
			c.viewed = append(c.viewed, w)
		}
	}
	if len(c.views) == 0 {
		return nil
	}
	i := c.router.Pick(Chunk{Numbers: t.size(), Attempt: t.attempt, Key: t.key(t.lo)}, c.views)
	switch {
	case i < 0:
		return nil
	case i >= len(c.viewed):
		panic(fmt.Sprintf("core: the router picked worker %d of %d", i, len(c.viewed)))
	}
	return c.viewed[i]
}

// sendChunk dispatches t to w.
func (c *Core) sendChunk(w *worker, t *chunk) {
	d := c.ledger.add(w, t, c.now)
	w.asked = false
	c.stats.Chunks++
	observe(c, ChunkSent{Worker: w.id, Retry: t.attempt > 0})
	t.work = ChunkWork{Block: t.block, Lo: t.lo, Hi: t.hi, Attempt: t.attempt, ShareFrom: c.shareFrom(len(c.queue))}
	c.fx.Send(w.id, d.id, &t.work, c.cfg.ChunkTimeout)
}

// settle takes dispatch id, whose outcome came at now, out of the
// ledger; false when the run is over or the dispatch is not in flight (a
// stale outcome: it was settled already, or superseded by a re-dispatch).
func (c *Core) settle(now time.Time, id DispatchID) (*dispatch, bool) {
	c.now = now
	if c.finished {
		return nil, false
	}
	return c.ledger.take(id)
}

// Answered takes in a worker's reply to a chunk or a canary.
func (c *Core) Answered(now time.Time, id DispatchID, r Reply) {
	d, ok := c.settle(now, id)
	if !ok {
		return
	}
	if _, sieve := d.asks.(*job); sieve {
		panic("core: a sieve request answered as a chunk")
	}
	if r.Crashed {
		c.crashed(d, r)
	} else {
		c.succeeded(d, r)
	}
	c.handOut()
}

// TimedOut says that dispatch id was not answered within its timeout.
func (c *Core) TimedOut(now time.Time, id DispatchID) {
	if d, ok := c.settle(now, id); ok {
		c.timedOut(d)
		c.handOut()
	}
}

// Undelivered says that dispatch id never reached its worker, which was
// gone: its work is dispatched again, and the worker gets nothing more
// until it says it is ready.
func (c *Core) Undelivered(now time.Time, id DispatchID) {
	d, ok := c.settle(now, id)
	if !ok {
		return
	}
	if w := d.holder; !w.gone {
		w.state, w.asked = waiting, false
	}
	if t, ok := d.chunkOf(); ok {
		c.retry(t, d.holder)
	}
	c.handOut()
}

// succeeded records the reply to d.
func (c *Core) succeeded(d *dispatch, r Reply) {
	w := d.holder
	c.freshDeaths = 0
	t, ok := d.chunkOf()
	if !ok { // a canary
		if !w.gone {
			w.fresh, w.state = false, ready
		}
		return
	}
	c.fruitless = 0
	c.canary.learn(t, r)
	latency := c.now.Sub(d.sent)
	c.learnTrip(d, latency, r.Elapsed)
	c.stats.Latency.Record(latency)
	c.tally(w).Numbers += r.Numbers
	if w.member != nil {
		w.member.replaced = 0
	}
	observe(c, ChunkAnswered{Worker: w.id, Numbers: r.Numbers, Invalid: r.Invalid, Latency: latency})
	if !t.block.Heavy {
		c.sizer.observe(t.size(), r.Elapsed)
	}
	c.triage.answered(t)
	a := &t.answer
	*a = Answer{Lo: t.lo, Hi: t.hi, Reply: r.Payload}
	c.share(t, d.sent, r, a)
	if i := r.Slowest - 1; i >= 0 && (a.Shared == nil || !hasKey(a.Shared, i)) && c.stats.keeps(r.SlowestTime) {
		c.stats.noteTime(numberText(t, t.lo+i), r.SlowestTime)
	}
	c.answer(t.block, a)
}

func hasKey(m map[int]Resolution, k int) bool {
	_, ok := m[k]
	return ok
}

// retry dispatches t again after a failure: unless the run drains (then
// its numbers are named) or its numbers failed too often (then they are
// given up, by value).
func (c *Core) retry(t *chunk, holder *worker) {
	if c.draining {
		c.abandon(t, Reason{Why: Interrupted})
		return
	}
	if t.attempt++; t.attempt >= maxAttempts {
		for i := t.lo; i < t.hi; i++ {
			for _, s := range c.triage.quarantine(t.part(i, i+1), Reason{Why: Failing, Count: t.attempt}) {
				c.quarantine(s)
			}
		}
		return
	}
	c.stats.Retried++
	if holder != nil {
		c.tally(holder).Redispatched++
	}
	c.queue = append(c.queue, t)
}

// quarantine skips the numbers the triage gave up on.
func (c *Core) quarantine(s skip) {
	c.stats.Quarantined++
	c.fruitless = 0
	observe(c, NumbersQuarantined{Numbers: s.t.numbers(), Reason: s.reason})
	c.abandon(s.t, s.reason)
}

// rule applies a triage ruling.
func (c *Core) rule(retry []*chunk, skipped []skip, holder *worker) {
	for _, t := range retry {
		c.retry(t, holder)
	}
	for _, s := range skipped {
		c.quarantine(s)
	}
}

// abandon answers every number of t with a reason it was given up.
func (c *Core) abandon(t *chunk, reason Reason) {
	t.answer = Answer{Lo: t.lo, Hi: t.hi, Skipped: reason}
	c.answer(t.block, &t.answer)
}

// answer records an answer and completes its block when it is whole.
func (c *Core) answer(b *Block, a *Answer) {
	b.Answers = append(b.Answers, a)
	b.unanswered -= a.Hi - a.Lo
	switch {
	case b.unanswered < 0:
		panic(fmt.Sprintf("core: block %d answered twice", b.Seq))
	case b.unanswered == 0 && b.sharing == 0:
		c.complete(b)
	}
}

// complete hands a fully answered block to the writer, in order unless
// the run is unordered.
func (c *Core) complete(b *Block) {
	if c.cfg.Unordered {
		c.fx.Emit(b)
		return
	}
	c.order.add(b, c.fx.Emit)
}

// finishIfDone ends the run once nothing is computed or written and the
// input is exhausted, or, when draining, without waiting for a read that
// may never return (an interactive stdin).
func (c *Core) finishIfDone() {
	if c.finished || c.inFlight > 0 || (!c.draining && (c.reading > 0 || !c.eof)) {
		return
	}
	c.finished = true
	c.fx.Finish(c.stats, c.err)
}

// fail records the first error of the run.
func (c *Core) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// observeLoad tells the observer of the chunks in flight and queued, when
// they changed.
func (c *Core) observeLoad() {
	load := LoadChanged{InFlight: c.ledger.chunks, Queued: len(c.queue)}
	if load != c.lastLoad {
		c.lastLoad = load
		observe(c, load)
	}
}

// tally returns the counts of the process w lives in.
func (c *Core) tally(w *worker) *MemberStats {
	address := c.cfg.Address
	if w.member != nil {
		address = w.member.address
	}
	i, ok := c.memberIndex[address]
	if !ok {
		i = len(c.stats.Members)
		c.memberIndex[address] = i
		c.stats.Members = append(c.stats.Members, MemberStats{Address: address})
	}
	return &c.stats.Members[i]
}
