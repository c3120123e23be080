package actors

import (
	"bytes"
	"math/big"
	"runtime"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/messages"
)

// strategySpy passes everything on to a strategy and reports the workers
// it is told of.
type strategySpy struct {
	actor.SupervisorStrategy
	succeeded, failed chan *actor.PID
}

func (s strategySpy) HandleFailure(system *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason, message any) {
	s.SupervisorStrategy.HandleFailure(system, supervisor, child, rs, reason, message)
	s.failed <- child
}

func (s strategySpy) Succeeded(child *actor.PID) {
	s.SupervisorStrategy.(successObserver).Succeeded(child)
	s.succeeded <- child
}

func TestANodesStrategyHearsEveryChunkItsWorkersAnswer(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	supervision := DefaultSupervision()
	supervision.Strategy = ExponentialBackoff
	backoff := supervision.strategy().(*BackoffStrategy)
	spy := strategySpy{backoff, make(chan *actor.PID, 8), make(chan *actor.PID, 8)}
	cfg := AgentConfig{Workers: 1, Supervision: supervision, Chaos: Chaos{Poison: []*big.Int{big.NewInt(4)}}}
	agent := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		a := NewAgent(cfg)().(*Agent)
		a.strategy = spy
		return a
	}))
	// The coordinator gets the worker's work requests, and ignores them.
	coordinator := system.Root.Spawn(actor.PropsFromFunc(func(actor.Context) {}))
	res, err := system.Root.RequestFuture(agent, &messages.Enlist{CoordinatorAddress: coordinator.Address,
		CoordinatorId: coordinator.Id, CoordinatorMember: "coordinator"}, 10*time.Second).Result()
	require.NoError(t, err)
	require.Len(t, res.(*messages.Enlisted).Workers, 1)
	worker := system.NewLocalPID(res.(*messages.Enlisted).Workers[0])

	crashes := 0
	for _, chunk := range []string{"6", "4", "4", "35"} {
		res, err := system.Root.RequestFuture(worker, &messages.FactorRequest{Text: []byte(chunk)}, 10*time.Second).Result()
		require.NoError(t, err, chunk)
		if res.(*messages.FactorReply).Crashed {
			crashes++
			assert.True(t, worker.Equal(receive(t, spy.failed)), "the poison %s crashed the worker", chunk)
			assert.Equal(t, crashes, backoff.inARow[worker.Id], "each crash in a row doubles the delay")
			continue
		}
		assert.True(t, worker.Equal(receive(t, spy.succeeded)), "the strategy heard that the worker answered %s", chunk)
		assert.Zero(t, backoff.inARow[worker.Id], "a chunk answered starts the delays over")
		crashes = 0
	}
	assert.Empty(t, spy.succeeded, "one word per chunk answered")
}

// receive returns the next value from ch, failing the test if none comes
// in a long while.
func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatal("nothing came")
		panic("unreachable")
	}
}

func TestAnAgentDropsTheRunOfACoordinatorThatLeft(t *testing.T) {
	// The topology names the coordinator's process by its member ID: its
	// actor system's ID, prefixed with the cluster's name on etcd.
	for name, memberID := range map[string]string{"automanaged": "coordinator", "etcd": "prod@coordinator"} {
		t.Run(name, func(t *testing.T) {
			system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
			defer system.Shutdown()
			agent := system.Root.Spawn(actor.PropsFromProducer(NewAgent(AgentConfig{Workers: 1, Supervision: DefaultSupervision()})))
			coordinator := system.Root.Spawn(actor.PropsFromFunc(func(actor.Context) {}))
			res, err := system.Root.RequestFuture(agent, &messages.Enlist{CoordinatorAddress: coordinator.Address,
				CoordinatorId: coordinator.Id, CoordinatorMember: "coordinator"}, 10*time.Second).Result()
			require.NoError(t, err)
			worker := system.NewLocalPID(res.(*messages.Enlisted).Workers[0])
			stopped := make(chan *actor.PID, 1)
			system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
				switch msg := ctx.Message().(type) {
				case *actor.Started:
					ctx.Watch(worker)
				case *actor.Terminated:
					stopped <- msg.Who
				}
			}))

			member := &cluster.Member{Id: memberID}
			system.Root.Send(agent, &cluster.ClusterTopology{Members: []*cluster.Member{member}})
			system.Root.Send(agent, &cluster.ClusterTopology{Left: []*cluster.Member{member}})
			assert.True(t, worker.Equal(receive(t, stopped)), "the run's worker was stopped")
		})
	}
}

func TestAStoppingAgentEndsTheStallsOfItsWorkers(t *testing.T) {
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(loggerFactory(nil))))
	defer system.Shutdown()
	cfg := AgentConfig{Workers: 1, Supervision: DefaultSupervision(), Chaos: Chaos{Stall: []*big.Int{big.NewInt(12)}}}
	agent := system.Root.Spawn(actor.PropsFromProducer(NewAgent(cfg)))
	coordinator := system.Root.Spawn(actor.PropsFromFunc(func(actor.Context) {}))
	res, err := system.Root.RequestFuture(agent, &messages.Enlist{CoordinatorAddress: coordinator.Address,
		CoordinatorId: coordinator.Id, CoordinatorMember: "coordinator"}, 10*time.Second).Result()
	require.NoError(t, err)
	worker := system.NewLocalPID(res.(*messages.Enlisted).Workers[0])
	stalled := system.Root.RequestFuture(worker, &messages.FactorRequest{Text: []byte("12")}, time.Hour)
	require.Eventually(t, func() bool {
		stacks := make([]byte, 1<<20)
		return bytes.Contains(stacks[:runtime.Stack(stacks, true)], []byte("(*chaosMonkey).beforeNumber"))
	}, 30*time.Second, time.Millisecond, "the worker stalls on 12")

	// A parent stops once its children have: the stalled worker must
	// return, as it does when its run ends.
	stopped := make(chan error, 1)
	go func() { stopped <- system.Root.StopFuture(agent).Wait() }()
	require.NoError(t, receive(t, stopped))
	_, err = stalled.Result()
	assert.NoError(t, err, "the stalled chunk was answered")
}
