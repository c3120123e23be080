package actors

import (
	"log/slog"
	"math/big"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/sharing"
	"github.com/actorfactor/actorfactor/messages"
)

// collector is the actor of one shared sieve: it passes the workers'
// relations to a sharing.Collector and tells its parent, the
// coordinator, of the collector's phases with a *jobProgress and of the
// split with a *jobSplit, then stops. A restart loses the relations
// gathered, nothing else: the workers sieve on.
type collector struct {
	job core.JobID
	col *sharing.Collector
	// told is the phase the coordinator was told of last.
	told sharing.Phase
}

// Messages a collector sends its parent.
type (
	jobProgress struct {
		job   core.JobID
		phase sharing.Phase
	}
	jobSplit struct {
		job   core.JobID
		split sharing.Split
	}
)

// collectorProps returns the props of the collector of job's composite n.
func collectorProps(job core.JobID, n *big.Int, effort core.Effort, logger *slog.Logger) *actor.Props {
	return actor.PropsFromProducer(func() actor.Actor {
		e := factor.Effort{ShareFrom: effort.ShareFrom, Deadline: effort.Deadline}
		return &collector{job: job, col: sharing.NewCollector(n, e, logger)}
	})
}

// Receive handles one message.
func (c *collector) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		if split := c.col.Start(); split != nil {
			c.report(ctx, split)
			return
		}
		c.tell(ctx) // after a restart, the coordinator may think otherwise
	case *messages.SieveReply:
		c.add(ctx, msg)
	}
}

// add passes a reply's relations on, and runs the matrix once there are
// enough.
func (c *collector) add(ctx actor.Context, reply *messages.SieveReply) {
	var d *big.Int
	if len(reply.Factor) > 0 {
		d = new(big.Int).SetBytes(reply.Factor)
	}
	split := c.col.Add(chunk.Relations(reply), d)
	if split == nil && c.col.Phase() == sharing.Matrix {
		c.tell(ctx) // no sieving is asked for while the matrix runs
		split = c.col.Solve()
	}
	switch {
	case split != nil:
		c.report(ctx, split)
	case c.col.Phase() != c.told:
		c.tell(ctx)
	}
}

// tell tells the coordinator of the collector's phase.
func (c *collector) tell(ctx actor.Context) {
	c.told = c.col.Phase()
	ctx.Send(ctx.Parent(), &jobProgress{job: c.job, phase: c.col.Phase()})
}

// report tells the coordinator of the split and stops.
func (c *collector) report(ctx actor.Context, split *sharing.Split) {
	ctx.Send(ctx.Parent(), &jobSplit{job: c.job, split: *split})
	ctx.Stop(ctx.Self())
}
