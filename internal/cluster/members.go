package cluster

import (
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/eventstream"
	"github.com/asynkron/protoactor-go/remote"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/messages"
)

// Membership follows the cluster's members for a coordinator: it has the
// actor system's membership events forwarded to the coordinator, turns
// them into the inputs of the coordinator's core, and reaches the members'
// agents. It is used from the coordinator's goroutine.
type Membership struct {
	core         *core.Core
	self         string // the coordinator's address
	subscription *eventstream.Subscription
	// addresses holds the address of every member met, by ID.
	addresses map[core.MemberID]string
	// earlyRequests holds the work requests of remote workers that came
	// before their agent said it had spawned them.
	earlyRequests map[core.WorkerID]uint64
}

// enlistTimeout bounds the wait for a member's agent to spawn workers.
const enlistTimeout = 5 * time.Second

// Follow has the membership events of the cluster forwarded to the
// coordinator whose context ctx is, for its core c: ClusterTopology and
// EndpointTerminatedEvent messages, which it passes to TopologyChanged
// and EndpointTerminated. Meet then tells the core of the members already
// there.
func Follow(ctx actor.Context, c *core.Core) *Membership {
	self, root := ctx.Self(), ctx.ActorSystem().Root
	m := &Membership{core: c, self: self.Address, addresses: make(map[core.MemberID]string), earlyRequests: make(map[core.WorkerID]uint64)}
	m.subscription = ctx.ActorSystem().EventStream.Subscribe(func(evt any) {
		switch evt.(type) {
		case *cluster.ClusterTopology, *remote.EndpointTerminatedEvent:
			root.Send(self, evt)
		}
	})
	return m
}

// Meet tells the core of every member already in the cluster.
func (m *Membership) Meet(ctx actor.Context) {
	m.meet(time.Now(), cluster.GetCluster(ctx.ActorSystem()).MemberList.Members().Members())
}

// Stop stops forwarding membership events.
func (m *Membership) Stop(stream *eventstream.EventStream) {
	if m.subscription != nil {
		stream.Unsubscribe(m.subscription)
		m.subscription = nil
	}
}

// TopologyChanged tells the core which members the topology lists,
// loses those that left, at once, and meets those that joined. Members
// are known by ID: a node restarted at the address of one that died is
// another member.
func (m *Membership) TopologyChanged(now time.Time, t *cluster.ClusterTopology) {
	listed := make([]core.MemberID, len(t.Members))
	for i, member := range t.Members {
		listed[i] = core.MemberID(member.Id)
	}
	m.core.Topology(now, listed)
	for _, left := range t.Left {
		m.lost(now, core.MemberID(left.Id))
	}
	m.meet(now, t.Members)
}

// meet tells the core of every member not met before but the
// coordinator's own.
func (m *Membership) meet(now time.Time, members []*cluster.Member) {
	for _, member := range members {
		id := core.MemberID(member.Id)
		if _, known := m.addresses[id]; known || member.Address() == m.self {
			continue
		}
		m.addresses[id] = member.Address()
		m.core.MemberJoined(now, id, member.Address())
	}
}

// EndpointTerminated tells the core that the connection to address broke:
// a hint, which it weighs (core.Core.ConnectionBroken).
func (m *Membership) EndpointTerminated(now time.Time, address string) {
	m.forgetEarly(address)
	m.core.ConnectionBroken(now, address)
}

// lost tells the core that a member is gone, and forgets the early work
// requests of its workers.
func (m *Membership) lost(now time.Time, id core.MemberID) {
	if address, ok := m.addresses[id]; ok {
		m.forgetEarly(address)
		m.core.MemberLost(now, id)
	}
}

// WorkerKey names a worker: "address/id", which tells apart the workers
// of different members.
func WorkerKey(pid *actor.PID) core.WorkerID { return core.WorkerID(pid.Address + "/" + pid.Id) }

// forgetEarly forgets the early work requests of the workers at address.
func (m *Membership) forgetEarly(address string) {
	for key := range m.earlyRequests {
		if strings.HasPrefix(string(key), address+"/") {
			delete(m.earlyRequests, key)
		}
	}
}

// Leaving tells the core that the member at address leaves.
func (m *Membership) Leaving(now time.Time, address string) {
	for id, a := range m.addresses {
		if a == address {
			m.core.MemberLeaving(now, id)
		}
	}
}

// Enlist asks member id's agent for workers (0: as many as it lends) and
// passes their PIDs to enlisted when it answers; ok is false when it does
// not answer in time.
func (m *Membership) Enlist(ctx actor.Context, id core.MemberID, workers int, pull bool, enlisted func(now time.Time, pids []*actor.PID, ok bool)) {
	address := m.addresses[id]
	req := &messages.Enlist{
		CoordinatorAddress: ctx.Self().Address,
		CoordinatorId:      ctx.Self().Id,
		CoordinatorMember:  ctx.ActorSystem().ID,
		Workers:            uint32(workers),
		Pull:               pull,
	}
	ctx.ReenterAfter(ctx.RequestFuture(actor.NewPID(address, AgentName), req, enlistTimeout), func(res any, _ error) {
		reply, ok := res.(*messages.Enlisted)
		if !ok {
			enlisted(time.Now(), nil, false)
			return
		}
		pids := make([]*actor.PID, len(reply.Workers))
		for i, w := range reply.Workers {
			pids[i] = actor.NewPID(address, w)
		}
		enlisted(time.Now(), pids, true)
	})
}

// Early keeps the work request of a remote worker not known yet: it came
// before its agent's answer named it.
func (m *Membership) Early(id core.WorkerID, incarnation uint64) {
	m.earlyRequests[id] = max(m.earlyRequests[id], incarnation)
}

// TakeEarly returns and forgets the work request a worker made early.
func (m *Membership) TakeEarly(id core.WorkerID) (uint64, bool) {
	incarnation, ok := m.earlyRequests[id]
	delete(m.earlyRequests, id)
	return incarnation, ok
}
