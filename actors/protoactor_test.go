package actors

// These tests pin the behaviour of the pinned protoactor-go (see go.mod)
// that the coordinator relies on, so that an upgrade that changes it
// fails here first.

import (
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
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
	res, err := f.system.Root.RequestFuture(f.child, "after", runLimit).Result()
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

// recovering answers "boom" with a crash reply before panicking again, as
// a worker does.
type recovering struct{}

func (recovering) Receive(ctx actor.Context) {
	if msg, ok := ctx.Message().(string); ok {
		defer func() {
			if r := recover(); r != nil {
				ctx.Respond("crashed " + msg)
				panic(r)
			}
		}()
		panic(msg)
	}
}

func TestProtoactorSupervisesAPanicThatWasAnsweredAndRaisedAgain(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	var directives directiveCounter
	defer system.EventStream.Unsubscribe(directives.subscribe(system.EventStream))
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return recovering{} },
		actor.WithGuardian(actor.NewRestartingStrategy())))
	res, err := system.Root.RequestFuture(pid, "boom", runLimit).Result()
	require.NoError(t, err)
	assert.Equal(t, "crashed boom", res, "the answer sent before panicking again arrives")
	require.Eventually(t, func() bool { return directives.counts().Restarts == 1 }, runLimit, time.Millisecond,
		"the supervisor still sees the failure")
}

func TestProtoactorGuardianStopsARootActorThatPanics(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	starts := make(chan struct{}, 2)
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor { return &panicky{starts: starts} },
		actor.WithGuardian(stopOnPanic)))
	<-starts
	stopped := system.Root.StopFuture(pid) // completes once the actor is gone
	system.Root.Send(pid, "boom")
	require.NoError(t, stopped.Wait())
	assert.Empty(t, starts, "not restarted")
}

// blocker blocks on its first message until release is closed.
type blocker struct{ busy, release chan struct{} }

func (b *blocker) Receive(ctx actor.Context) {
	if _, ok := ctx.Message().(string); ok {
		close(b.busy)
		<-b.release
	}
}

func TestProtoactorParentStopWaitsForABusyChild(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	b := &blocker{busy: make(chan struct{}), release: make(chan struct{})}
	children := make(chan *actor.PID, 1)
	parent := system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		if _, ok := ctx.Message().(*actor.Started); ok {
			children <- ctx.Spawn(actor.PropsFromProducer(func() actor.Actor { return b }))
		}
	}))
	system.Root.Send(<-children, "work")
	<-b.busy
	stopped := make(chan error, 1)
	go func() { stopped <- system.Root.StopFuture(parent).Wait() }()
	assert.Never(t, func() bool { return len(stopped) > 0 }, 100*time.Millisecond, 10*time.Millisecond,
		"a parent is not stopped while a child computes: Run must not wait for it")
	close(b.release)
	require.NoError(t, <-stopped)
}
