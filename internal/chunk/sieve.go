package chunk

import (
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/factor/qs"
	"github.com/actorfactor/actorfactor/messages"
)

// Siever answers sieve requests: it sieves polynomial families of the
// quadratic sieve for a composite whose relations are collected elsewhere.
// It keeps the plan and sieve of the last composite, since a worker gets
// many requests for the same one. The zero value is ready to use.
type Siever struct {
	number []byte
	sieve  *qs.Sieve // nil when the last composite has no plan
}

// Sieve sieves the families req's seed draws until its budget has passed
// and returns the relations found, or runs ECM instead when req says so. The reply's Worker field is left empty
// for the caller to fill in.
func (s *Siever) Sieve(req *messages.SieveRequest) *messages.SieveReply {
	deadline := time.Now().Add(time.Duration(req.BudgetNanos))
	reply := &messages.SieveReply{TaskId: req.TaskId}
	if req.Ecm {
		if d := factor.ECMUntil(new(big.Int).SetBytes(req.Number), deadline); d != nil {
			reply.Factor = d.Bytes()
		}
		return reply
	}
	plan := s.plan(req.Number)
	if plan == nil {
		return reply // the collector finds the factor itself
	}
	emit := func(r qs.Relation) { reply.Relations = append(reply.Relations, wireRelation(r)) }
	stop := func() bool { return time.Now().After(deadline) }
	families := plan.NewFamilies(req.Seed)
	for !stop() {
		idx, ok := families.Next()
		if !ok {
			break
		}
		s.sieve.Family(idx, emit, stop)
	}
	return reply
}

// plan returns the plan of the composite, from the last request's when it
// is the same number; nil when the sieve cannot take it or a factor-base
// prime divides it.
func (s *Siever) plan(number []byte) *qs.Plan {
	if string(number) == string(s.number) {
		if s.sieve == nil {
			return nil
		}
		return s.sieve.Plan()
	}
	s.number, s.sieve = append(s.number[:0], number...), nil
	plan, d, err := qs.NewPlan(new(big.Int).SetBytes(number))
	if err != nil || d != nil {
		return nil
	}
	s.sieve = plan.NewSieve()
	return plan
}

// wireRelation returns r as it crosses the wire: with two large primes,
// each, so that the collector need not split their product again.
func wireRelation(r qs.Relation) *messages.Relation {
	w := &messages.Relation{X: r.X.Bytes(), Columns: r.Columns, Large: r.Large}
	if r.Split[0] != 0 {
		w.Large, w.Large2 = r.Split[0], r.Split[1]
	}
	return w
}

// Relations returns the relations a sieve reply carries.
func Relations(reply *messages.SieveReply) []qs.Relation {
	relations := make([]qs.Relation, len(reply.Relations))
	for i, w := range reply.Relations {
		relations[i] = qs.Relation{X: new(big.Int).SetBytes(w.X), Columns: w.Columns, Large: w.Large}
		if w.Large2 != 0 {
			relations[i].Large, relations[i].Split = w.Large*w.Large2, [2]uint64{w.Large, w.Large2}
		}
	}
	return relations
}
