package cluster_test

import (
	"bytes"
	"math/big"
	"runtime"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	protocluster "github.com/asynkron/protoactor-go/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/cluster"
	"github.com/actorfactor/actorfactor/messages"
)

// strategySpy restarts every failed worker and reports the workers it is
// told of.
type strategySpy struct {
	succeeded, failed chan *actor.PID
}

func (s strategySpy) HandleFailure(_ *actor.ActorSystem, supervisor actor.Supervisor, child *actor.PID,
	_ *actor.RestartStatistics, _, _ any) {
	supervisor.RestartChildren(child)
	s.failed <- child
}

func (s strategySpy) Succeeded(child *actor.PID) { s.succeeded <- child }

// agentOf spawns an agent with one worker per coordinator, and a
// coordinator that ignores the workers' requests for work, and enlists a
// worker.
func agentOf(t *testing.T, cfg cluster.AgentConfig) (system *actor.ActorSystem, agent, worker *actor.PID) {
	t.Helper()
	system = actors.NewActorSystem(nil)
	t.Cleanup(system.Shutdown)
	agent = system.Root.Spawn(actor.PropsFromProducer(cluster.NewAgent(cfg)))
	coordinator := system.Root.Spawn(actor.PropsFromFunc(func(actor.Context) {}))
	res, err := system.Root.RequestFuture(agent, &messages.Enlist{CoordinatorAddress: coordinator.Address,
		CoordinatorId: coordinator.Id, CoordinatorMember: "coordinator"}, time.Minute).Result()
	require.NoError(t, err)
	require.Len(t, res.(*messages.Enlisted).Workers, 1)
	return system, agent, system.NewLocalPID(res.(*messages.Enlisted).Workers[0])
}

func TestANodesStrategyHearsEveryChunkItsWorkersAnswer(t *testing.T) {
	spy := strategySpy{make(chan *actor.PID, 8), make(chan *actor.PID, 8)}
	system, _, worker := agentOf(t, cluster.AgentConfig{Workers: 1, Strategy: spy,
		Worker: actors.NodeWorker(actors.Chaos{Poison: []*big.Int{big.NewInt(4)}})})
	for _, chunk := range []string{"6", "4", "4", "35"} {
		res, err := system.Root.RequestFuture(worker, &messages.FactorRequest{Text: []byte(chunk)}, time.Minute).Result()
		require.NoError(t, err, chunk)
		if res.(*messages.FactorReply).Crashed {
			assert.True(t, worker.Equal(receive(t, spy.failed)), "the poison %s crashed the worker", chunk)
			continue
		}
		assert.True(t, worker.Equal(receive(t, spy.succeeded)), "the strategy heard that the worker answered %s", chunk)
	}
	assert.Empty(t, spy.succeeded, "one word per chunk answered, none for a crash")
}

func TestAnAgentDropsTheRunOfACoordinatorThatLeft(t *testing.T) {
	// The topology names the coordinator's process by its member ID: its
	// actor system's ID, prefixed with the cluster's name on etcd.
	for name, memberID := range map[string]string{"automanaged": "coordinator", "etcd": "prod@coordinator"} {
		t.Run(name, func(t *testing.T) {
			strategy, err := actors.DefaultSupervision().NewStrategy()
			require.NoError(t, err)
			system, agent, worker := agentOf(t, cluster.AgentConfig{Workers: 1, Strategy: strategy, Worker: actors.NodeWorker(actors.Chaos{})})
			stopped := make(chan *actor.PID, 1)
			system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
				switch msg := ctx.Message().(type) {
				case *actor.Started:
					ctx.Watch(worker)
				case *actor.Terminated:
					stopped <- msg.Who
				}
			}))
			member := &protocluster.Member{Id: memberID}
			system.Root.Send(agent, &protocluster.ClusterTopology{Members: []*protocluster.Member{member}})
			system.Root.Send(agent, &protocluster.ClusterTopology{Left: []*protocluster.Member{member}})
			assert.True(t, worker.Equal(receive(t, stopped)), "the run's worker was stopped")
		})
	}
}

// receive returns the next value from ch, failing the test if none comes
// in a long while.
func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatal("nothing came")
		panic("unreachable")
	}
}

func TestAStoppingAgentEndsTheStallsOfItsWorkers(t *testing.T) {
	strategy, err := actors.DefaultSupervision().NewStrategy()
	require.NoError(t, err)
	system, agent, worker := agentOf(t, cluster.AgentConfig{Workers: 1, Strategy: strategy,
		Worker: actors.NodeWorker(actors.Chaos{Stall: []*big.Int{big.NewInt(12)}})})
	stalled := system.Root.RequestFuture(worker, &messages.FactorRequest{Text: []byte("12")}, time.Hour)
	require.Eventually(t, func() bool {
		stacks := make([]byte, 1<<20)
		return bytes.Contains(stacks[:runtime.Stack(stacks, true)], []byte("(*chaosMonkey).beforeNumber"))
	}, time.Minute, time.Millisecond, "the worker stalls on 12")

	// A parent stops once its children have: the stalled worker must
	// return, as it does when its run ends.
	stopped := make(chan error, 1)
	go func() { stopped <- system.Root.StopFuture(agent).Wait() }()
	require.NoError(t, receive(t, stopped))
	_, err = stalled.Result()
	assert.NoError(t, err, "the stalled chunk was answered")
}
