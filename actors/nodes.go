package actors

import (
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/eventstream"
	"github.com/asynkron/protoactor-go/remote"

	"github.com/actorfactor/actorfactor/messages"
)

// node is another member of the cluster, whose agent lends the run workers.
type node struct {
	id, address string
	agent       *actor.PID
	// gone is set once the member died or left: its workers are lost and
	// not replaced.
	gone bool
	// replaced counts the workers replaced on the node since one of its
	// workers last answered a chunk: past giveUpAfter, the node is lost.
	replaced int
	// leaving is set when the node said it leaves: its workers stop once
	// they answered what they hold, and are not replaced.
	leaving bool
	// listed is set while the cluster's latest topology lists the member.
	listed bool
	// enlisting counts the node's Enlist requests in flight; resending is
	// set while another one waits to be sent.
	enlisting int
	resending bool
}

// enlistTimeout bounds the wait for a node's agent to spawn workers.
const enlistTimeout = 5 * time.Second

// enlistAttempts is how many times an Enlist is sent while its node is
// listed and it fails: a closing connection drops what it holds.
const enlistAttempts = 3

// resendAfter is how long after a broken connection another Enlist goes to
// a node met anew whose Enlist may have gone down with it: long enough for
// the connections that protoactor closes one after the other to be done.
const resendAfter = 500 * time.Millisecond

// joinCluster has the membership events of the actor system's cluster
// forwarded to the coordinator, and enlists the workers of every member
// already there.
func (c *Coordinator) joinCluster(ctx actor.Context) {
	self, root := ctx.Self(), ctx.ActorSystem().Root
	c.membership = ctx.ActorSystem().EventStream.Subscribe(func(evt any) {
		switch evt.(type) {
		case *cluster.ClusterTopology, *remote.EndpointTerminatedEvent:
			root.Send(self, evt)
		}
	})
	c.meet(ctx, cluster.GetCluster(ctx.ActorSystem()).MemberList.Members().Members())
}

// leaveCluster stops forwarding membership events.
func (c *Coordinator) leaveCluster(stream *eventstream.EventStream) {
	if c.membership != nil {
		stream.Unsubscribe(c.membership)
		c.membership = nil
	}
}

// topologyChanged loses the workers of the members that left, at once,
// and enlists those of the members that joined. Nodes are known by member
// ID: a node restarted at the address of one that died is another member.
func (c *Coordinator) topologyChanged(ctx actor.Context, t *cluster.ClusterTopology) {
	listed := make(map[string]bool, len(t.Members))
	for _, m := range t.Members {
		listed[m.Id] = true
	}
	for _, n := range c.nodes {
		n.listed = listed[n.id]
	}
	for _, m := range t.Left {
		if n, ok := c.nodes[m.Id]; ok && !n.gone {
			c.nodeLost(ctx, n)
		}
	}
	c.meet(ctx, t.Members)
}

// endpointTerminated handles a broken connection to address, which is how
// a killed member is noticed first (in milliseconds). It is only a hint:
// protoactor also reports the address when any member that lived there
// leaves the topology, and then closes the connection that a new process
// at that address (a node restarted there) uses; and a connection may
// break while its member lives on. So the nodes at the address are lost
// at once (what their workers held is dispatched again; late replies are
// dropped by dispatch ID), and those that the topology still lists are
// enlisted again, as if met anew: a dead one leaves the topology within
// seconds, a live one gets fresh workers over a fresh connection.
//
// A node met anew, with no worker yet, keeps its record: each connection
// that protoactor closes reports its address terminated once more, which
// would close the next one. Its Enlist may have gone down with the
// connection: another goes once the closing is over (resendEnlist), and a
// failed one is sent again (enlistAttempt).
func (c *Coordinator) endpointTerminated(ctx actor.Context, address string) {
	for id, n := range c.nodes {
		if n.address != address || n.gone {
			continue
		}
		if n.enlisting > 0 && len(c.workers.on(n)) == 0 {
			c.resendEnlist(ctx, n)
			continue
		}
		c.nodeLost(ctx, n)
		if n.listed && !n.leaving {
			c.enlistNode(ctx, id, address)
		}
	}
}

// resendEnlist sends n another Enlist after resendAfter, unless it has
// workers, left or leaves by then, or the run is over.
func (c *Coordinator) resendEnlist(ctx actor.Context, n *node) {
	if n.resending {
		return
	}
	n.resending = true
	ctx.ReenterAfter(actor.NewFuture(ctx.ActorSystem(), resendAfter), func(any, error) {
		defer c.recoverPanic()
		n.resending = false
		if !c.finished && !n.gone && n.listed && !n.leaving && len(c.workers.on(n)) == 0 {
			c.enlist(ctx, n, c.cfg.NodeWorkers, false)
		}
	})
}

// addressTerminated handles a remote worker that protoactor reports
// terminated because the connection to its address broke: a hint about
// the address (see endpointTerminated), not a worker that stopped. The
// workers already lost with their node are not heard of again.
func (c *Coordinator) addressTerminated(ctx actor.Context, who *actor.PID) {
	if m := c.workers.find(who); m != nil && m.node != nil {
		c.endpointTerminated(ctx, who.Address)
	}
}

// nodeLeaving notes that the node at address leaves.
func (c *Coordinator) nodeLeaving(address string) {
	for _, n := range c.nodes {
		if n.address == address {
			n.leaving = true
		}
	}
}

// meet enlists the workers of every member not met before, but this one.
func (c *Coordinator) meet(ctx actor.Context, members []*cluster.Member) {
	for _, m := range members {
		if _, known := c.nodes[m.Id]; known || m.Address() == ctx.Self().Address {
			continue
		}
		c.enlistNode(ctx, m.Id, m.Address())
	}
}

// enlistNode takes the member id at address in as a node and enlists its
// workers; a node met before under that id is replaced.
func (c *Coordinator) enlistNode(ctx actor.Context, id, address string) {
	n := &node{id: id, address: address, agent: actor.NewPID(address, AgentName), listed: true}
	c.nodes[id] = n
	c.observer.Member(n.address, "joined")
	c.enlist(ctx, n, c.cfg.NodeWorkers, false)
}

// enlist asks n's agent for workers (0: as many as the node hosts per
// coordinator), fresh ones when they replace workers lost.
func (c *Coordinator) enlist(ctx actor.Context, n *node, workers int, fresh bool) {
	c.enlistAttempt(ctx, n, workers, fresh, 1)
}

// enlistAttempt sends an Enlist, and sends it again when it fails while
// the node is listed, up to enlistAttempts in all.
func (c *Coordinator) enlistAttempt(ctx actor.Context, n *node, workers int, fresh bool, attempt int) {
	req := &messages.Enlist{
		CoordinatorAddress: ctx.Self().Address,
		CoordinatorId:      ctx.Self().Id,
		CoordinatorMember:  ctx.ActorSystem().ID,
		Workers:            uint32(workers),
		Pull:               c.cfg.Router == WorkPulling,
	}
	n.enlisting++
	ctx.ReenterAfter(ctx.RequestFuture(n.agent, req, enlistTimeout), func(res any, _ error) {
		defer c.recoverPanic()
		n.enlisting--
		reply, ok := res.(*messages.Enlisted)
		switch {
		case c.finished || n.gone:
			return
		case !ok:
			if n.listed && !n.leaving && attempt < enlistAttempts {
				c.enlistAttempt(ctx, n, workers, fresh, attempt+1)
			}
			return
		}
		if !fresh {
			c.stats.Workers += len(reply.Workers)
		}
		for _, id := range reply.Workers {
			m := c.workers.add(actor.NewPID(n.address, id), n, fresh)
			ctx.Watch(m.pid)
			if incarnation, early := c.earlyRequests[workerKey(m.pid)]; early {
				delete(c.earlyRequests, workerKey(m.pid))
				c.workRequested(ctx, m.pid, incarnation)
			}
		}
		c.handOut(ctx)
	})
}

// nodeLost takes the workers of n out of the run and dispatches what they
// held again, at once.
func (c *Coordinator) nodeLost(ctx actor.Context, n *node) {
	n.gone = true
	c.observer.Member(n.address, "lost")
	for key := range c.earlyRequests {
		if strings.HasPrefix(key, n.address+"/") {
			delete(c.earlyRequests, key)
		}
	}
	for _, m := range c.workers.on(n) {
		c.workers.remove(m)
		c.lose(m)
	}
	c.handOut(ctx)
}

// tally returns the counts of the process m lives in.
func (c *Coordinator) tally(m *member) *MemberStats {
	address := c.self.Self().Address
	if m.node != nil {
		address = m.node.address
	}
	i, ok := c.memberIndex[address]
	if !ok {
		i = len(c.stats.Members)
		c.memberIndex[address] = i
		c.stats.Members = append(c.stats.Members, MemberStats{Address: address})
	}
	return &c.stats.Members[i]
}
