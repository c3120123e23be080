package actors

// These tests pin the behaviour of the pinned protoactor-go that the
// coordinator relies on (see ../shared/notes/protoactor.md), so that an
// upgrade that changes it fails here first.

import (
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/router"
	cmap "github.com/orcaman/concurrent-map"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicky panics on "boom", answers anything else, and counts its starts.
type panicky struct{ starts chan<- struct{} }

func (p *panicky) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		if p.starts != nil {
			p.starts <- struct{}{}
		}
	case string:
		if msg == "boom" {
			panic("boom")
		}
		ctx.Respond("echo " + msg)
	}
}

// parent spawns one panicky child and reports what its supervision sees.
type parent struct {
	failures   chan<- any
	terminated chan<- *actor.PID
	strategy   actor.SupervisorStrategy
	child      chan<- *actor.PID
	childName  string
}

func (p *parent) Receive(ctx actor.Context) {
	switch msg := ctx.Message().(type) {
	case *actor.Started:
		pid, err := ctx.SpawnNamed(actor.PropsFromProducer(func() actor.Actor { return &panicky{} }), p.childName)
		if err == nil {
			p.child <- pid
		}
	case *actor.Terminated:
		p.terminated <- msg.Who
	case string: // respawn under the same name
		pid, err := ctx.SpawnNamed(actor.PropsFromProducer(func() actor.Actor { return &panicky{} }), p.childName)
		if err == nil {
			p.child <- pid
		}
	}
}

func (p *parent) HandleFailure(system *actor.ActorSystem, sup actor.Supervisor, child *actor.PID, rs *actor.RestartStatistics, reason, message any) {
	p.failures <- message
	p.strategy.HandleFailure(system, sup, child, rs, reason, message)
}

type family struct {
	system     *actor.ActorSystem
	parent     *actor.PID
	child      *actor.PID
	children   chan *actor.PID
	failures   chan any
	terminated chan *actor.PID
}

func newFamily(t *testing.T, strategy actor.SupervisorStrategy) *family {
	t.Helper()
	f := &family{
		system:     actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil)))),
		children:   make(chan *actor.PID, 2),
		failures:   make(chan any, 4),
		terminated: make(chan *actor.PID, 2),
	}
	t.Cleanup(f.system.Shutdown)
	f.parent = f.system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return &parent{failures: f.failures, terminated: f.terminated, strategy: strategy, child: f.children, childName: "child"}
	}))
	t.Cleanup(func() { _ = f.system.Root.StopFuture(f.parent).Wait() })
	f.child = <-f.children
	return f
}

func TestProtoactorLosesTheMessageAWorkerPanickedOn(t *testing.T) {
	f := newFamily(t, actor.NewRestartingStrategy())
	_, err := f.system.Root.RequestFuture(f.child, "boom", 50*time.Millisecond).Result()
	assert.ErrorIs(t, err, actor.ErrTimeout, "nobody answers the message a worker panicked on")
}

func TestProtoactorHandsTheFailedEnvelopeToTheParent(t *testing.T) {
	f := newFamily(t, actor.NewRestartingStrategy())
	future := f.system.Root.RequestFuture(f.child, "boom", time.Second)
	env, ok := (<-f.failures).(*actor.MessageEnvelope)
	require.True(t, ok, "the failure carries the message envelope")
	assert.Equal(t, "boom", env.Message)
	require.NotNil(t, env.Sender)
	assert.True(t, env.Sender.Equal(future.PID()), "the envelope names the future, so the parent can answer it")
}

func TestProtoactorRestartKeepsTheRestOfTheMailbox(t *testing.T) {
	f := newFamily(t, actor.NewRestartingStrategy())
	f.system.Root.Send(f.child, "boom")
	res, err := f.system.Root.RequestFuture(f.child, "after", time.Second).Result()
	require.NoError(t, err)
	assert.Equal(t, "echo after", res)
}

func TestProtoactorStopsAChildPastItsRestartLimitAndTellsTheParent(t *testing.T) {
	f := newFamily(t, actor.NewOneForOneStrategy(0, time.Second, actor.DefaultDecider))
	f.system.Root.Send(f.child, "boom")
	assert.True(t, f.child.Equal(<-f.terminated))

	// A request to the stopped child is answered at once by the dead-letter
	// process, not left to time out.
	_, err := f.system.Root.RequestFuture(f.child, "late", time.Minute).Result()
	assert.ErrorIs(t, err, actor.ErrDeadLetter)

	// A child spawned again under the same name gets the same PID.
	f.system.Root.Send(f.parent, "respawn")
	assert.True(t, f.child.Equal(<-f.children))
}

func TestProtoactorGroupRouterKeepsTheSender(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	worker := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return &panicky{} }))
	group := system.Root.Spawn(router.NewRoundRobinGroup(worker))
	res, err := system.Root.RequestFuture(group, "hi", time.Second).Result()
	require.NoError(t, err)
	assert.Equal(t, "echo hi", res)
	require.NoError(t, system.Root.StopFuture(group).Wait())
	require.NoError(t, system.Root.StopFuture(worker).Wait())
}

func TestNewSystemShrinksTheRegistryShards(t *testing.T) {
	s := NewSystem(nil)
	defer s.Close()
	assert.Len(t, cmap.New(), 1, "protoactor's registry maps use one shard each")
}
