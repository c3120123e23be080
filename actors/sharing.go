package actors

// Shared sieving: a number whose cofactor needs the quadratic sieve is
// sieved by every worker with nothing else to do. The worker that meets
// it answers its chunk with the number's line left empty and what it
// found in the reply's shared map. The coordinator spawns a sieveCollector
// per composite left, gives idle workers sieve requests for it, each with
// a seed of its own so that they sieve different polynomials, and passes
// the relations on. The number's line is written once every composite is
// split into primes.

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/messages"
)

// sharedNumber is a number whose line waits for shared sieves.
type sharedNumber struct {
	block  *block
	reply  *messages.FactorReply
	offset uint32 // of the number in reply
	// text names the number; started is when its chunk was sent.
	text    string
	started time.Time
	primes  []*big.Int
	// pending counts the composites not yet split; failed, once set,
	// names why the number is given up.
	pending int
	failed  string
}

// sieveJob is one composite being sieved by the workers.
type sieveJob struct {
	id        uint64
	number    []byte // big-endian
	bits      int
	of        *sharedNumber
	collector *actor.PID
	// phase is where its collector stands. pretested is set once a worker
	// was asked for the ECM pretest. seed is the next sieve request's;
	// deadline (zero: none) is when the number is given up; crashes counts
	// the requests in a row that workers crashed on.
	phase     sievePhase
	pretested bool
	seed      uint64
	deadline  time.Time
	crashes   int
}

// share takes in the numbers the reply to chunk t left to shared sieves.
func (c *Coordinator) share(ctx actor.Context, t *task, reply *messages.FactorReply) {
	b := t.block
	for offset, entry := range reply.Shared {
		s := &sharedNumber{block: b, reply: reply, offset: offset, started: t.sent,
			text: input.Shorten(string(b.key(t.lo + int(offset))))}
		for _, p := range entry.Primes {
			s.primes = append(s.primes, new(big.Int).SetBytes(p))
		}
		b.sharing++
		for _, composite := range entry.Composites {
			c.startJob(ctx, s, new(big.Int).SetBytes(composite))
		}
	}
}

// shareFrom returns the size in bits from which a composite that needs the
// sieve is left to a shared sieve now, while waiting other chunks wait for
// the workers; 0: never. Sharing gains speed only with more than one
// worker and nothing else to do: otherwise the workers' own numbers keep
// them busy better, and only the composites of alwaysShareBits or more
// are shared.
func (c *Coordinator) shareFrom(waiting int) int {
	from := c.cfg.ShareSieveBits
	alone := c.cfg.Workers < 2 && !c.cfg.Cluster
	if from > 0 && (alone || waiting > 0 || len(c.jobs) > 0) {
		return max(from, alwaysShareBits)
	}
	return from
}

// alwaysShareBits is the size from which a composite's sieve is shared
// even by a single worker or while other work waits: it takes minutes on
// one core, and shared, its short requests prove the workers alive where
// one long chunk would outlast the chunk timeout.
const alwaysShareBits = 240

// startJob spawns the collector of a composite of s.
func (c *Coordinator) startJob(ctx actor.Context, s *sharedNumber, composite *big.Int) {
	c.nextJob++
	job := &sieveJob{id: c.nextJob, number: composite.Bytes(), bits: composite.BitLen(), of: s}
	effort := factor.Effort{ShareFrom: c.shareFrom(len(c.queue))} // for its parts
	if c.cfg.NumberTimeout > 0 {
		job.deadline = time.Now().Add(c.cfg.NumberTimeout)
		effort.Deadline = job.deadline
	}
	job.collector = ctx.Spawn(collectorProps(job.id, composite, effort, c.cfg.Logger))
	c.stats.SharedSieves++
	s.pending++
	c.jobs = append(c.jobs, job)
}

// shareSieving gives every idle worker a sieve request for the oldest
// shared composite that needs relations, when no chunk waits; the first
// request runs the composite's ECM pretest while the others sieve.
func (c *Coordinator) shareSieving(ctx actor.Context) {
	i := slices.IndexFunc(c.jobs, func(j *sieveJob) bool { return j.phase != matrix })
	if i < 0 || len(c.queue) > 0 {
		return
	}
	job := c.jobs[i]
	for _, m := range c.workers.members {
		if m.state == ready && m.outstanding == 0 {
			c.sendSieve(ctx, m, job)
		}
	}
}

// sendSieve requests a slice of sieving for job from worker m.
func (c *Coordinator) sendSieve(ctx actor.Context, m *member, job *sieveJob) {
	t := &task{sieve: job, holder: m, sent: time.Now()}
	m.idle = false
	id := c.ledger.add(t)
	c.stats.SieveRequests++
	req := &messages.SieveRequest{TaskId: id, Number: job.number, Seed: job.seed, BudgetNanos: uint64(sieveSlice(job.bits))}
	if job.phase == nearlyDone {
		req.BudgetNanos = uint64(minSieveSlice)
	}
	if !job.pretested {
		job.pretested = true
		// Well within the chunk timeout, or the worker would count as
		// wedged.
		pretest := min(factor.PretestBudget(job.bits), c.cfg.ChunkTimeout/2)
		if !job.deadline.IsZero() {
			pretest = min(pretest, time.Until(job.deadline))
		}
		if pretest > 0 {
			req.Ecm, req.BudgetNanos = true, uint64(pretest)
		}
	}
	job.seed++
	future := ctx.RequestFuture(m.pid, req, c.cfg.ChunkTimeout)
	ctx.ReenterAfter(future, func(res any, err error) {
		defer c.recoverPanic()
		c.answered(ctx, id, res, err)
	})
}

// sieveSlice is how long a worker sieves for one request on a composite
// of the given size: an eightieth of the sieve's expected time, within 5-100
// ms. Short enough that relations reach the collector soon after they are
// found and that little is sieved in vain once it has enough; long enough
// that a request's cost, a few families' setup, is lost in the noise.
func sieveSlice(bits int) time.Duration {
	return min(max(factor.PretestBudget(bits)/4, minSieveSlice), 100*time.Millisecond)
}

// sieveCrashLimit is how many sieve requests in a row may crash before
// the number is given up: a number that crashes the sieve crashes every
// request, while chaos that strikes a quarter of them makes such a run
// about once in a million requests.
const sieveCrashLimit = 10

// minSieveSlice is the shortest sieve request, and the length of all of
// them once a collector is nearly done.
const minSieveSlice = 5 * time.Millisecond

// sieved handles the outcome of a sieve request: relations go to the
// job's collector; a crash counts against the composite.
func (c *Coordinator) sieved(ctx actor.Context, t *task, reply *messages.SieveReply) {
	job, m := t.sieve, t.holder
	crashed := reply == nil || reply.Crashed
	if crashed {
		c.workerCrashed(m, reply.GetIncarnation())
	}
	if !slices.Contains(c.jobs, job) {
		return // split or given up meanwhile
	}
	if crashed {
		if job.crashes++; job.crashes == sieveCrashLimit {
			c.giveUpShared(job.of, fmt.Sprintf("crashed %d workers in the quadratic sieve", job.crashes))
		}
		return
	}
	job.crashes = 0
	if !job.deadline.IsZero() && time.Now().After(job.deadline) {
		c.giveUpShared(job.of, fmt.Sprintf("%s %v", chunk.GaveUp, c.cfg.NumberTimeout))
		return
	}
	ctx.Send(job.collector, reply)
}

// jobIndex returns the index in c.jobs of the job numbered id, or -1 when
// it is done or given up.
func (c *Coordinator) jobIndex(id uint64) int {
	return slices.IndexFunc(c.jobs, func(j *sieveJob) bool { return j.id == id })
}

// progressed notes the phase a job's collector has reached.
func (c *Coordinator) progressed(msg *sieveProgress) {
	if i := c.jobIndex(msg.job); i >= 0 {
		c.jobs[i].phase = msg.phase
	}
}

// split takes in a collector's report: the composite's primes join its
// number's, and its composites are shared in turn.
func (c *Coordinator) split(ctx actor.Context, report *sieveSplit) {
	i := c.jobIndex(report.job)
	if i < 0 {
		return // given up meanwhile
	}
	job := c.jobs[i]
	c.jobs = slices.Delete(c.jobs, i, i+1)
	s := job.of
	if report.gaveUp {
		s.pending--
		c.giveUpShared(s, fmt.Sprintf("%s %v", chunk.GaveUp, c.cfg.NumberTimeout))
		return
	}
	s.primes = append(s.primes, report.primes...)
	for _, composite := range report.composites {
		c.startJob(ctx, s, composite)
	}
	if s.pending--; s.pending == 0 {
		c.resolve(s)
	}
}

// giveUpShared names s as failed for reason and stops its sieves.
func (c *Coordinator) giveUpShared(s *sharedNumber, reason string) {
	s.failed = reason
	c.jobs = slices.DeleteFunc(c.jobs, func(j *sieveJob) bool {
		if j.of != s {
			return false
		}
		c.self.Stop(j.collector)
		s.pending--
		return true
	})
	if s.pending == 0 {
		c.resolve(s)
	}
}

// giveUpAllShared names every number that waits for a shared sieve as
// failed for reason.
func (c *Coordinator) giveUpAllShared(reason string) {
	for len(c.jobs) > 0 {
		c.giveUpShared(c.jobs[0].of, reason)
	}
}

// resolve writes the line of s, or names it as failed, and completes its
// block when nothing else of it is missing.
func (c *Coordinator) resolve(s *sharedNumber) {
	if s.failed != "" {
		if s.reply.Failed == nil {
			s.reply.Failed = make(map[uint32]string)
		}
		s.reply.Failed[s.offset] = s.failed
	} else {
		slices.SortFunc(s.primes, func(a, b *big.Int) int { return a.Cmp(b) })
		n := big.NewInt(1)
		for _, p := range s.primes {
			n.Mul(n, p)
		}
		insertLine(s.reply, s.offset, c.cfg.Output.AppendWide(nil, n, s.primes))
		c.stats.noteTime(s.text, time.Since(s.started))
	}
	b := s.block
	if b.sharing--; b.sharing == 0 && b.unanswered == 0 {
		c.complete(b)
	}
}

// insertLine puts line in as the (empty) line of token i of the reply.
func insertLine(reply *messages.FactorReply, i uint32, line []byte) {
	at := uint32(0)
	if i > 0 {
		at = reply.LineEnds[i-1]
	}
	reply.Output = slices.Insert(reply.Output, int(at), line...)
	for j := i; j < uint32(len(reply.LineEnds)); j++ {
		reply.LineEnds[j] += uint32(len(line))
	}
}
