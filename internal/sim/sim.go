package sim

import (
	"container/heap"
	"fmt"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/sharing"
)

// Bounds of a simulated run: one that needs more virtual time, or more
// steps (events) than maxSteps or stepsPerToken for each token, does not
// end, which is a failure.
const (
	maxVirtual    = time.Hour
	maxSteps      = 5_000_000
	stepsPerToken = 50
)

// The supervision limits of the simulated strategies.
const (
	restartWindow = 10 * time.Second
	backoffMin    = time.Millisecond
	backoffMax    = 100 * time.Millisecond
	// detectLoss is how long the loss of a member takes to notice;
	// detectFreeze how long a frozen member stays before it is evicted.
	detectLoss   = 20 * time.Millisecond
	detectFreeze = 500 * time.Millisecond
)

// Sim is one simulated run of a Schedule; it implements core.Effects.
type Sim struct {
	s      Schedule
	rng    *rand.Rand
	router core.Router
	core   *core.Core
	start  time.Time
	now    time.Time
	queue  events
	seq    uint64
	steps  int
	// service is the coordinator's own time per input; inbox holds the
	// inputs that wait for it, serving says it is taking one.
	service time.Duration
	inbox   []func()
	serving bool

	workers  map[core.WorkerID]*worker
	local    []*worker
	spawned  int
	members  []*member
	futures  map[core.DispatchID]*future
	jobs     map[core.JobID]*collector
	poison   map[string]bool
	stall    map[string]bool
	bigs     map[string]bool
	cut      int // tokens cut by the reader
	read     int // tokens the core took in
	blocks   int // blocks read
	emitted  int // blocks emitted
	written  int // blocks written
	nextSeq  uint64
	outcomes []outcome
	sent     []int // dispatches per token
	// work lists when the workers computed; engaged is when the answer
	// to the last of their first chunks came back, drained when the input
	// ran out.
	work             []interval
	engaged, drained time.Time
	result           Result
	// Trace, if set, is told of every input and effect.
	Trace func(string)
}

// Result is how a simulated run ended.
type Result struct {
	// Finished says the core ended the run; At is when, in virtual time
	// since the start; Err and Summary are what it ended with.
	Finished bool
	At       time.Duration
	Err      error
	Summary  core.Summary
	// Answered and Skipped count the tokens read, by outcome.
	Answered, Skipped int
	// Violations lists the invariants the run broke.
	Violations []string
	// Busy is the share of their time the workers spent computing in
	// the steady part of the run: from when the answer to the last of
	// their first chunks came back (the core knows their round trip then)
	// to when the input ran out. It answers capacity questions.
	Busy float64
}

// outcome is what became of one token.
type outcome struct {
	answers int
	skipped bool
	reason  core.Reason
}

// Run runs the schedule to its end and checks the core's invariants.
func Run(s Schedule) Result { return New(s, 0).Run() }

// New returns the simulation of s; service is the coordinator's own time
// per input (0: instant).
func New(s Schedule, service time.Duration) *Sim {
	router, err := core.NewRouter(s.Router, s.Seed)
	if err != nil {
		panic(err)
	}
	sim := &Sim{
		s:       s,
		rng:     rand.New(rand.NewPCG(s.Seed, 0x51)),
		router:  router,
		start:   time.Unix(1_000_000, 0),
		service: service,
		workers: make(map[core.WorkerID]*worker),
		futures: make(map[core.DispatchID]*future),
		jobs:    make(map[core.JobID]*collector),
		poison:  setOf(s.Poison),
		stall:   setOf(s.Stall),
		bigs:    setOf(s.Big),
		sent:    make([]int, len(s.Values)),
	}
	sim.now = sim.start
	cfg := s.Config
	cfg.Router = router
	sim.core = core.New(cfg, sim)
	return sim
}

func setOf(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// Run runs the simulation until the core finishes it, or a bound passes.
func (sim *Sim) Run() Result {
	sim.toCore(0, func() { sim.core.Start(sim.now) })
	for i, m := range sim.s.Members {
		sim.addMember(i, m)
	}
	if at := sim.s.Faults.SignalAt; at > 0 {
		sim.toCore(at, func() { sim.core.Drain(sim.now) })
	}
	for len(sim.queue) > 0 && !sim.result.Finished {
		e := heap.Pop(&sim.queue).(*event)
		sim.now = e.at
		if sim.steps++; sim.steps > max(maxSteps, stepsPerToken*len(sim.s.Values)) || sim.now.Sub(sim.start) > maxVirtual {
			break
		}
		e.do()
	}
	sim.check()
	return sim.result
}

// event is something that happens at a moment of virtual time; seq
// orders the events of one moment as they were scheduled.
type event struct {
	at  time.Time
	seq uint64
	do  func()
}

type events []*event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(*event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// after schedules do after d of virtual time.
func (sim *Sim) after(d time.Duration, do func()) {
	sim.seq++
	heap.Push(&sim.queue, &event{at: sim.now.Add(d), seq: sim.seq, do: do})
}

// toCore schedules an input of the core after d. The coordinator takes
// its inputs in the order they arrive, one at a time, each taking the
// service time.
func (sim *Sim) toCore(d time.Duration, input func()) {
	sim.after(d, func() {
		sim.inbox = append(sim.inbox, input)
		if !sim.serving {
			sim.serve()
		}
	})
}

// serve handles the oldest input in the coordinator's inbox and, after
// the service time, the next.
func (sim *Sim) serve() {
	if len(sim.inbox) == 0 {
		sim.serving = false
		return
	}
	input := sim.inbox[0]
	sim.inbox = sim.inbox[1:]
	if !sim.result.Finished {
		input()
	}
	if sim.service == 0 {
		sim.serve()
		return
	}
	sim.serving = true
	sim.after(sim.service, sim.serve)
}

// violate records a broken invariant.
func (sim *Sim) violate(format string, args ...any) {
	if len(sim.result.Violations) < 20 {
		sim.result.Violations = append(sim.result.Violations,
			fmt.Sprintf("at %v: ", sim.now.Sub(sim.start))+fmt.Sprintf(format, args...))
	}
}

// Read delivers the next block of the batch.
func (sim *Sim) Read(tokens int) {
	sim.effect()
	lo := sim.cut
	hi := lo + min(tokens, len(sim.s.Values)-lo) // a static split asks for MaxInt
	sim.cut = hi
	if hi == len(sim.s.Values) && sim.drained.IsZero() {
		sim.drained = sim.now
	}
	b := &core.Block{Seq: uint64(sim.blocks), First: uint64(lo), Tokens: hi - lo, EOF: hi == len(sim.s.Values),
		Keys: keys(sim.s.Values[lo:hi])}
	sim.blocks++
	sim.toCore(10*time.Microsecond, func() {
		sim.read = hi // the tokens the core took in
		sim.core.BlockRead(sim.now, b)
	})
}

// keys gives the values of a block's tokens.
type keys []string

func (k keys) Key(i int) []byte { return []byte(k[i]) }

// Emit checks a completed block and writes it.
func (sim *Sim) Emit(b *core.Block) {
	sim.effect()
	if !sim.s.Config.Unordered && b.Seq != sim.nextSeq {
		sim.violate("block %d emitted while block %d was due", b.Seq, sim.nextSeq)
	}
	sim.nextSeq = b.Seq + 1
	covered := make([]int, b.Tokens)
	for _, a := range b.Answers {
		if a.Lo < 0 || a.Hi > b.Tokens || a.Lo >= a.Hi {
			sim.violate("block %d has an answer of [%d, %d) of %d tokens", b.Seq, a.Lo, a.Hi, b.Tokens)
			continue
		}
		if a.Reply != nil {
			if r, ok := a.Reply.(*reply); !ok || r.first != int(b.First)+a.Lo || r.count != a.Hi-a.Lo {
				sim.violate("block %d: the answer of [%d, %d) is the reply %+v", b.Seq, a.Lo, a.Hi, a.Reply)
			}
		}
		for i := a.Lo; i < a.Hi; i++ {
			covered[i]++
			o := sim.outcome(int(b.First) + i)
			o.answers++
			res, shared := a.Shared[i-a.Lo]
			switch {
			case a.Reply == nil:
				o.skipped, o.reason = true, a.Skipped
			case shared && res.Primes == nil:
				o.skipped, o.reason = true, res.Failed
			}
		}
	}
	for i, n := range covered {
		if n != 1 {
			sim.violate("token %d answered %d times", int(b.First)+i, n)
		}
	}
	index := sim.emitted
	sim.emitted++
	var err error
	if index == sim.s.Faults.WriteFailsAt {
		err = errWrite
	}
	sim.toCore(10*time.Microsecond, func() {
		sim.written++
		sim.core.BlockWritten(sim.now, err)
	})
}

var errWrite = fmt.Errorf("simulated write error")

// outcome returns the outcome of token i.
func (sim *Sim) outcome(i int) *outcome {
	for len(sim.outcomes) <= i {
		sim.outcomes = append(sim.outcomes, outcome{})
	}
	return &sim.outcomes[i]
}

// Wake ticks the core after d.
func (sim *Sim) Wake(d time.Duration) {
	sim.effect()
	sim.toCore(d, func() { sim.core.Tick(sim.now) })
}

// Finish ends the run.
func (sim *Sim) Finish(s core.Summary, err error) {
	sim.effect()
	sim.result.Finished, sim.result.At, sim.result.Summary, sim.result.Err = true, sim.now.Sub(sim.start), s, err
}

// trace tells the trace, if any, of what happens.
func (sim *Sim) trace(format string, args ...any) {
	if sim.Trace != nil {
		sim.Trace(fmt.Sprintf("%v ", sim.now.Sub(sim.start)) + fmt.Sprintf(format, args...))
	}
}

// effect checks that the core acts only while the run goes on.
func (sim *Sim) effect() {
	if sim.result.Finished {
		sim.violate("an effect after the run finished")
	}
}

// StartCollector starts a simulated collector: it wants a few sieve
// replies, then runs its matrix and splits the composite.
func (sim *Sim) StartCollector(j core.JobID, n *big.Int, _ core.Effort) {
	sim.effect()
	c := &collector{id: j, n: n, needed: 1 + sim.rng.IntN(8)}
	sim.jobs[j] = c
	sim.toCore(time.Millisecond, func() { sim.core.JobProgressed(sim.now, j, sharing.Gathering) })
}

// Relay passes a sieve reply to its collector.
func (sim *Sim) Relay(j core.JobID, payload any) {
	sim.effect()
	c, ok := sim.jobs[j]
	if !ok || c.done {
		return
	}
	if r, _ := payload.(*sieveReply); r != nil && r.factor {
		c.split(sim)
		return
	}
	if c.got++; c.got == c.needed {
		sim.toCore(time.Microsecond, func() { sim.core.JobProgressed(sim.now, j, sharing.Matrix) })
		c.split(sim)
	}
}

// StopCollector stops a collector.
func (sim *Sim) StopCollector(j core.JobID) {
	sim.effect()
	if c, ok := sim.jobs[j]; ok {
		c.done = true
	}
}

// collector is a simulated collector.
type collector struct {
	id          core.JobID
	n           *big.Int
	needed, got int
	done        bool
}

// split reports the composite split, after its matrix.
func (c *collector) split(sim *Sim) {
	c.done = true
	sim.toCore(5*time.Millisecond, func() {
		sim.core.JobSplit(sim.now, c.id, sharing.Split{Primes: []*big.Int{c.n}})
	})
}
