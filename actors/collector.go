package actors

import (
	"log/slog"
	"math/big"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/factor/qs"
	"github.com/actorfactor/actorfactor/messages"
)

// sieveCollector is the actor that gathers the relations of one composite
// sieved by all the workers. Once they make a factor, it factors both
// parts and tells its parent, the coordinator, with a *sieveSplit, then
// stops. A restart loses the relations gathered, nothing else: the
// workers sieve on.
type sieveCollector struct {
	job    uint64
	number *big.Int
	effort factor.Effort // for the parts
	col    *qs.Collector
	// logger, if not nil, is told of the sieve's phases; logged is the
	// tenth of the rows needed last logged.
	logger *slog.Logger
	logged int
	phase  sievePhase
	// barren counts the replies in a row that brought no relation.
	barren int
}

// maxBarren is how many replies in a row may bring no relation before the
// collector factors its composite itself: the workers' families have run
// out, which only a tiny factor base allows, and its own sieve hands over
// to ECM then.
const maxBarren = 100

// sieveSplit reports the parts of a shared composite: primes, and
// composites to share in turn. gaveUp says the effort's deadline passed
// while the parts were factored.
type sieveSplit struct {
	job        uint64
	primes     []*big.Int
	composites []*big.Int
	gaveUp     bool
}

// sieveProgress tells the coordinator that the collector of job has
// reached a phase.
type sieveProgress struct {
	job   uint64
	phase sievePhase
}

// sievePhase is where a collector stands, which says what sieving the
// coordinator asks of the workers for it.
type sievePhase int

const (
	// gathering: relations wanted, in requests of the usual length.
	gathering sievePhase = iota
	// nearlyDone: most relations are in; short requests, so that little
	// is sieved in vain once they all are.
	nearlyDone
	// matrix: the collector works on its matrix; no requests, so that it
	// has a core of its own. One whose matrix gave no factor is nearly
	// done again.
	matrix
)

// nearlyDoneShare is the share of the rows needed from which a collector
// is nearly done.
const nearlyDoneShare = 0.9

// collectorProps returns the props of the collector of job's composite.
func collectorProps(job uint64, number *big.Int, effort factor.Effort, logger *slog.Logger) *actor.Props {
	return actor.PropsFromProducer(func() actor.Actor {
		return &sieveCollector{job: job, number: number, effort: effort, logger: logger}
	})
}

// Receive handles one message.
func (s *sieveCollector) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		plan, d, err := qs.NewPlan(s.number)
		switch {
		case d != nil:
			s.split(ctx, d)
		case err != nil: // not for the sieve after all
			s.factorHere(ctx)
		default:
			s.col = plan.NewCollector()
			s.log("shared sieve started", "factor_base", plan.BaseSize())
			s.enter(ctx, gathering) // after a restart, the coordinator may think otherwise
		}
	case *messages.SieveReply:
		s.add(ctx, msg)
	}
}

// add keeps the relations of a reply and looks for a factor once there
// are enough.
func (s *sieveCollector) add(ctx actor.Context, reply *messages.SieveReply) {
	if s.col == nil {
		return // split already
	}
	if len(reply.Factor) > 0 {
		s.split(ctx, new(big.Int).SetBytes(reply.Factor))
		return
	}
	if len(reply.Relations) > 0 {
		s.barren = 0
	} else if s.barren++; s.barren == maxBarren {
		s.factorHere(ctx)
		return
	}
	for _, r := range reply.Relations {
		s.col.Add(qs.Relation{X: new(big.Int).SetBytes(r.X), Columns: r.Columns, Large: r.Large})
	}
	rows, needed, partials := s.col.Progress()
	if tenth := 10 * rows / needed; tenth > s.logged {
		s.logged = tenth
		s.log("shared sieve relations", "rows", rows, "needed", needed, "partials", partials)
	}
	if s.phase == gathering && float64(rows) >= nearlyDoneShare*float64(needed) {
		s.enter(ctx, nearlyDone)
	}
	if !s.col.Ready() {
		return
	}
	s.enter(ctx, matrix)
	start := time.Now()
	d := s.col.Factor()
	s.log("shared sieve matrix", "rows", rows, "columns", needed, "elapsed", time.Since(start), "split", d != nil)
	if d != nil {
		s.split(ctx, d)
		return
	}
	s.col.More()
	s.enter(ctx, nearlyDone)
}

// enter moves the collector to phase and tells the coordinator.
func (s *sieveCollector) enter(ctx actor.Context, phase sievePhase) {
	s.phase = phase
	ctx.Send(ctx.Parent(), &sieveProgress{job: s.job, phase: phase})
}

// factorHere factors the composite in the collector, without sharing it
// again.
func (s *sieveCollector) factorHere(ctx actor.Context) {
	s.effort.ShareFrom = 0
	s.split(ctx, s.number)
}

// split factors d and number/d, sharing their large composites again,
// reports them and stops.
func (s *sieveCollector) split(ctx actor.Context, d *big.Int) {
	s.col = nil
	report := &sieveSplit{job: s.job}
	for _, part := range []*big.Int{d, new(big.Int).Quo(s.number, d)} {
		primes, composites, err := factor.AppendFactorsBigWith(nil, part, s.effort)
		if err != nil {
			report.gaveUp = true
			break
		}
		report.primes = append(report.primes, primes...)
		report.composites = append(report.composites, composites...)
	}
	ctx.Send(ctx.Parent(), report)
	ctx.Stop(ctx.Self())
}

// log tells the logger, if any, of a phase of the sieve.
func (s *sieveCollector) log(msg string, args ...any) {
	if s.logger != nil {
		s.logger.Info(msg, append([]any{"bits", s.number.BitLen()}, args...)...)
	}
}
