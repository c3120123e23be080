package core

// Shared sieving: a number whose cofactor needs the quadratic sieve is
// sieved by every worker with nothing else to do. The worker that meets
// it answers its chunk with the number's line left out and what it found
// of its factors. The Core starts a collector per composite left, gives
// idle workers sieve requests for it, each with a seed of its own so that
// they sieve different polynomials, and relays their relations. The
// number's line is written once every composite is split into primes.

import (
	"math/big"
	"slices"
	"time"

	"github.com/actorfactor/actorfactor/internal/sharing"
)

// sharedNumber is a number whose line waits for shared sieves.
type sharedNumber struct {
	block  *Block
	answer *Answer
	offset int // from answer.Lo
	// text names the number; started is when its chunk was sent.
	text    string
	started time.Time
	primes  []*big.Int
	// pending counts the composites not yet split; failed, once set,
	// says why the number is given up.
	pending int
	failed  *Reason
}

// job is one composite being sieved by the workers.
type job struct {
	id     JobID
	number []byte // big-endian
	bits   int
	of     *sharedNumber
	// phase is where its collector stands. pretested is set once a worker
	// was asked for the ECM pretest. seed is the next sieve request's;
	// deadline (zero: none) is when the number is given up; crashes counts
	// the requests in a row that workers crashed on.
	phase     sharing.Phase
	pretested bool
	seed      uint64
	deadline  time.Time
	crashes   int
}

// share takes in the numbers the reply to chunk t, sent at sent, left to
// shared sieves; a is the chunk's answer, where their lines will go.
func (c *Core) share(t *chunk, sent time.Time, r Reply, a *Answer) {
	for _, sn := range r.Shared {
		if a.Shared == nil {
			a.Shared = make(map[int]Resolution)
		}
		s := &sharedNumber{block: t.block, answer: a, offset: sn.Offset, started: sent,
			text: numberText(t, t.lo+sn.Offset), primes: slices.Clone(sn.Primes)}
		t.block.sharing++
		for _, composite := range sn.Composites {
			c.startJob(s, composite)
		}
		if s.pending == 0 {
			c.resolve(s)
		}
	}
}

// shareFrom returns the size in bits from which a composite that needs the
// sieve is left to a shared sieve now, while waiting other chunks wait for
// the workers; 0: never. Sharing gains speed only with more than one
// worker and nothing else to do: otherwise the workers' own numbers keep
// them busy better, and only the composites of alwaysShareBits or more
// are shared, by a single worker too.
func (c *Core) shareFrom(waiting int) int {
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

// startJob starts the collector of a composite of s.
func (c *Core) startJob(s *sharedNumber, composite *big.Int) {
	c.nextJob++
	j := &job{id: c.nextJob, number: composite.Bytes(), bits: composite.BitLen(), of: s}
	effort := Effort{ShareFrom: c.shareFrom(len(c.queue))} // for its parts
	if c.cfg.NumberTimeout > 0 {
		j.deadline = c.now.Add(c.cfg.NumberTimeout)
		effort.Deadline = j.deadline
	}
	c.fx.StartCollector(j.id, composite, effort)
	c.stats.SharedSieves++
	s.pending++
	c.jobs = append(c.jobs, j)
}

// shareSieving gives every idle worker a sieve request for the oldest
// shared composite that needs relations, when no chunk waits; the first
// request runs the composite's ECM pretest while the others sieve.
func (c *Core) shareSieving() {
	j := c.sieveWanted()
	if j == nil || len(c.queue) > 0 {
		return
	}
	for _, w := range c.workers {
		if w.state == ready && len(w.held) == 0 {
			c.sendSieve(w, j)
		}
	}
}

// sieveWanted returns the oldest shared composite that needs relations,
// or nil.
func (c *Core) sieveWanted() *job {
	if i := slices.IndexFunc(c.jobs, func(j *job) bool { return j.phase != sharing.Matrix }); i >= 0 {
		return c.jobs[i]
	}
	return nil
}

// sendSieve asks worker w for a slice of sieving for j.
func (c *Core) sendSieve(w *worker, j *job) {
	d := c.ledger.add(w, j, c.now)
	w.asked = false
	c.stats.SieveRequests++
	work := &SieveWork{Job: j.id, Number: j.number, Seed: j.seed, Budget: sharing.Slice(j.bits)}
	if j.phase == sharing.NearlyDone {
		work.Budget = sharing.MinSlice
	}
	if !j.pretested {
		j.pretested = true
		// Well within the chunk timeout, or the worker would count as
		// wedged.
		pretest := min(sharing.Pretest(j.bits), c.cfg.ChunkTimeout/2)
		if !j.deadline.IsZero() {
			pretest = min(pretest, j.deadline.Sub(c.now))
		}
		if pretest > 0 {
			work.ECM, work.Budget = true, pretest
		}
	}
	j.seed++
	c.fx.Send(w.id, d.id, work, c.cfg.ChunkTimeout)
}

// Sieved takes in a worker's reply to a sieve request: relations go to the
// job's collector; a crash counts against the composite.
func (c *Core) Sieved(now time.Time, id DispatchID, r SieveReply) {
	d, ok := c.settle(now, id)
	if !ok {
		return
	}
	j, ok := d.asks.(*job)
	if !ok {
		panic("core: a chunk answered as a sieve request")
	}
	c.sieved(d, j, r)
	c.handOut()
}

func (c *Core) sieved(d *dispatch, j *job, r SieveReply) {
	if r.Crashed {
		c.workerCrashed(d.holder, r.Incarnation)
	}
	if !slices.Contains(c.jobs, j) {
		return // split or given up meanwhile
	}
	if r.Crashed {
		if j.crashes++; j.crashes == sharing.CrashLimit {
			c.giveUpShared(j.of, Reason{Why: SieveCrashed, Count: j.crashes})
		}
		return
	}
	j.crashes = 0
	if !j.deadline.IsZero() && c.now.After(j.deadline) {
		c.giveUpShared(j.of, Reason{Why: NotFactored, Timeout: c.cfg.NumberTimeout})
		return
	}
	c.fx.Relay(j.id, r.Payload)
}

// jobIndex returns the index in c.jobs of job id, or -1 when it is done
// or given up.
func (c *Core) jobIndex(id JobID) int {
	return slices.IndexFunc(c.jobs, func(j *job) bool { return j.id == id })
}

// JobProgressed says that the collector of job id reached phase.
func (c *Core) JobProgressed(now time.Time, id JobID, phase sharing.Phase) {
	c.now = now
	if i := c.jobIndex(id); !c.finished && i >= 0 {
		c.jobs[i].phase = phase
		c.handOut()
	}
}

// JobSplit takes in how the composite of job id split: its primes join
// its number's, and its composites are shared in turn.
func (c *Core) JobSplit(now time.Time, id JobID, split sharing.Split) {
	c.now = now
	i := c.jobIndex(id)
	if c.finished || i < 0 {
		return // given up meanwhile
	}
	j := c.jobs[i]
	c.jobs = slices.Delete(c.jobs, i, i+1)
	s := j.of
	s.pending--
	if split.GaveUp {
		c.giveUpShared(s, Reason{Why: NotFactored, Timeout: c.cfg.NumberTimeout})
	} else {
		s.primes = append(s.primes, split.Primes...)
		for _, composite := range split.Composites {
			c.startJob(s, composite)
		}
		if s.pending == 0 {
			c.resolve(s)
		}
	}
	c.handOut()
}

// giveUpShared names s as given up for reason and stops its sieves.
func (c *Core) giveUpShared(s *sharedNumber, reason Reason) {
	s.failed = &reason
	c.jobs = slices.DeleteFunc(c.jobs, func(j *job) bool {
		if j.of != s {
			return false
		}
		c.fx.StopCollector(j.id)
		s.pending--
		return true
	})
	if s.pending == 0 {
		c.resolve(s)
	}
}

// giveUpAllShared names every number that waits for a shared sieve as
// given up for reason.
func (c *Core) giveUpAllShared(reason Reason) {
	for len(c.jobs) > 0 {
		c.giveUpShared(c.jobs[0].of, reason)
	}
}

// resolve records how s ended and completes its block when nothing else
// of it is missing.
func (c *Core) resolve(s *sharedNumber) {
	if s.failed != nil {
		s.answer.Shared[s.offset] = Resolution{Failed: *s.failed}
	} else {
		slices.SortFunc(s.primes, func(a, b *big.Int) int { return a.Cmp(b) })
		s.answer.Shared[s.offset] = Resolution{Primes: s.primes}
		c.stats.noteTime(s.text, c.now.Sub(s.started))
	}
	b := s.block
	if b.sharing--; b.sharing == 0 && b.unanswered == 0 {
		c.complete(b)
	}
}
