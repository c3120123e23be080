package cluster

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/eventstream"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/messages"
)

// AgentName is the name of the agent on every node, so that a coordinator
// addresses it as actor.NewPID(memberAddress, AgentName).
const AgentName = "actorfactor-agent"

// AgentConfig configures a node's agent.
type AgentConfig struct {
	// Workers is how many workers a coordinator gets when it does not say.
	Workers int
	// Worker returns the props of a worker for a coordinator: it asks the
	// coordinator for work (after every chunk when pull is set), returns
	// from chaos's stalls once runEnded is closed, and tells its parent,
	// the agent, of every chunk it answers with an *Answered.
	Worker func(coordinator *actor.PID, runEnded <-chan struct{}, pull bool) *actor.Props
	// Strategy supervises the node's workers: they are supervised on
	// their node.
	Strategy actor.SupervisorStrategy
	// Observer, if set, is told of each worker spawned.
	Observer core.Observer
}

// Answered is what a node's worker tells its parent, the agent, after
// each chunk it answered (not with a crash reply): the reply went to the
// coordinator, but the node's strategy supervises the worker and may want
// to know (see successObserver). It never crosses the wire.
type Answered struct{ Worker *actor.PID }

// successObserver is a strategy that wants to know when a worker it
// supervises answers a chunk (actors.SuccessObserver).
type successObserver interface {
	Succeeded(child *actor.PID)
}

// Agent hosts workers on a node for the coordinators that enlist them. It
// spawns them as its children, supervises them with the node's strategy,
// and stops a run's workers when its coordinator vanishes, so that the
// node is free for the next one.
type Agent struct {
	cfg AgentConfig
	// runs holds the work of each coordinator, by its PID.
	runs    map[string]*agentRun
	spawned int
	// leaving is set once the node leaves: it enlists no more workers;
	// leaver is told when the last one has stopped.
	leaving bool
	leaver  *actor.PID
	// membership brings the cluster's topology events.
	membership *eventstream.Subscription
}

// agentRun is the work of one coordinator on the node.
type agentRun struct {
	// member is the actor system ID of the coordinator's process, which
	// its cluster member ID holds: IDs are never reused, addresses are.
	// seen is set once the node's topology listed it.
	member      string
	seen        bool
	coordinator *actor.PID
	workers     map[string]*actor.PID
	// ended is closed when the coordinator vanished: chaos stalls return.
	ended chan struct{}
}

// LeaveNode asks the agent to enlist no more workers and to stop its
// workers once they have answered the chunks they hold; it answers with
// LeaveNode when they have. It never crosses the wire.
type LeaveNode struct{}

var (
	_ actor.Actor              = (*Agent)(nil)
	_ actor.SupervisorStrategy = (*Agent)(nil)
)

// NewAgent returns the producer of a node's agent.
func NewAgent(cfg AgentConfig) actor.Producer {
	return func() actor.Actor { return &Agent{cfg: cfg, runs: make(map[string]*agentRun)} }
}

// Receive handles one message; any other is ignored.
func (a *Agent) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		a.followMembers(ctx)
	case *actor.Stopping:
		a.endRuns()
	case *actor.Stopped:
		ctx.ActorSystem().EventStream.Unsubscribe(a.membership)
	case *cluster.ClusterTopology:
		a.membersChanged(ctx, msg)
	case *messages.Enlist:
		ctx.Respond(a.enlist(ctx, msg))
	case *Answered:
		a.answered(msg.Worker)
	case *actor.Terminated:
		a.terminated(ctx, msg.Who)
	case *LeaveNode:
		a.leave(ctx)
	}
}

// HandleFailure applies the node's strategy to a worker that panicked;
// the worker has already answered its chunk with a crash reply.
func (a *Agent) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, message any) {
	a.cfg.Strategy.HandleFailure(system, supervisor, child, rs, reason, message)
}

// answered tells the node's strategy that worker answered a chunk, as
// the coordinator tells its own: exponential-backoff starts its delays
// over. The reply went to the coordinator, so the worker says it.
func (a *Agent) answered(worker *actor.PID) {
	if s, ok := a.cfg.Strategy.(successObserver); ok {
		s.Succeeded(worker)
	}
}

// enlist spawns workers for the coordinator msg names.
func (a *Agent) enlist(ctx actor.Context, msg *messages.Enlist) *messages.Enlisted {
	if a.leaving || msg.CoordinatorAddress == "" || msg.CoordinatorId == "" || msg.CoordinatorMember == "" {
		return &messages.Enlisted{}
	}
	coordinator := actor.NewPID(msg.CoordinatorAddress, msg.CoordinatorId)
	run, ok := a.runs[coordinator.String()]
	if !ok {
		run = &agentRun{member: msg.CoordinatorMember, coordinator: coordinator,
			workers: make(map[string]*actor.PID), ended: make(chan struct{})}
		a.runs[coordinator.String()] = run
	}
	n := int(msg.Workers)
	if n == 0 {
		n = a.cfg.Workers
	}
	reply := &messages.Enlisted{}
	for range min(n, core.MaxWorkers) {
		a.spawned++
		name := fmt.Sprintf("node-worker-%d", a.spawned)
		pid, err := ctx.SpawnNamed(a.cfg.Worker(coordinator, run.ended, msg.Pull), name)
		if err != nil {
			continue
		}
		run.workers[pid.Id] = pid
		reply.Workers = append(reply.Workers, pid.Id)
		if a.cfg.Observer != nil {
			a.cfg.Observer.Observe(core.WorkerAdded{Worker: WorkerKey(pid)})
		}
	}
	return reply
}

// followMembers has the cluster's topology events sent to the agent.
func (a *Agent) followMembers(ctx actor.Context) {
	self, root := ctx.Self(), ctx.ActorSystem().Root
	a.membership = ctx.ActorSystem().EventStream.Subscribe(func(evt any) {
		if t, ok := evt.(*cluster.ClusterTopology); ok {
			root.Send(self, t)
		}
	})
}

// membersChanged drops the work of the coordinators whose process left
// the cluster: it died or vanished. A coordinator the node has not seen
// yet as a member may just not be known here yet.
func (a *Agent) membersChanged(ctx actor.Context, t *cluster.ClusterTopology) {
	present, left := make(map[string]bool, len(t.Members)), make(map[string]bool, len(t.Left))
	for _, m := range t.Members {
		present[systemID(m.Id)] = true
	}
	for _, m := range t.Left {
		left[systemID(m.Id)] = true
	}
	for key, run := range a.runs {
		run.seen = run.seen || present[run.member]
		if !left[run.member] && (present[run.member] || !run.seen) {
			continue
		}
		delete(a.runs, key)
		close(run.ended)
		for _, w := range run.workers {
			ctx.Stop(w)
		}
	}
	a.leftIfDone(ctx)
}

// systemID returns the actor system ID in a cluster member ID, which
// is that ID with the automanaged provider, and CLUSTER@ID with etcd. A
// coordinator names its process by its actor system's ID.
func systemID(memberID string) string {
	return memberID[strings.LastIndexByte(memberID, '@')+1:]
}

// endRuns ends every run of a stopping agent (a node that joins the
// cluster again under a new member ID): a worker stalled by chaos returns,
// so that it can stop, since a parent stops once its children have.
func (a *Agent) endRuns() {
	for key, run := range a.runs {
		delete(a.runs, key)
		close(run.ended)
	}
}

// terminated forgets a worker that stopped.
func (a *Agent) terminated(ctx actor.Context, who *actor.PID) {
	for _, run := range a.runs {
		delete(run.workers, who.Id)
	}
	a.leftIfDone(ctx)
}

// leave enlists no more workers, tells each coordinator, and once it
// knows (or after leaveNotice) lets the workers finish what they hold
// before they stop: a coordinator that knows does not replace them.
func (a *Agent) leave(ctx actor.Context) {
	a.leaving, a.leaver = true, ctx.Sender()
	for _, run := range a.runs {
		told := ctx.RequestFuture(run.coordinator, &messages.NodeLeaving{Address: ctx.ActorSystem().Address()}, leaveNotice)
		ctx.ReenterAfter(told, func(any, error) {
			for _, w := range run.workers {
				ctx.Poison(w)
			}
		})
	}
	a.leftIfDone(ctx)
}

// leaveNotice bounds the wait for a coordinator to hear that a node leaves.
const leaveNotice = 2 * time.Second

// leftIfDone answers the leave request once no worker is left.
func (a *Agent) leftIfDone(ctx actor.Context) {
	if !a.leaving || a.leaver == nil {
		return
	}
	for _, run := range a.runs {
		if len(run.workers) > 0 {
			return
		}
	}
	ctx.Send(a.leaver, &LeaveNode{})
	a.leaver = nil
}

// Validate reports every invalid setting at once.
func (c AgentConfig) Validate() error {
	var errs []error
	if c.Workers < 1 || c.Workers > core.MaxWorkers {
		errs = append(errs, fmt.Errorf("workers must be within 1..%d, got %d", core.MaxWorkers, c.Workers))
	}
	if c.Worker == nil || c.Strategy == nil {
		errs = append(errs, errors.New("an agent needs its workers' props and their strategy"))
	}
	return errors.Join(errs...)
}
