package actors

import (
	"fmt"
	"testing"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleet returns n ready members with distinct hashes.
func fleet(n int) []*member {
	s := workerSet{spawnActor: func(name string) *actor.PID { return actor.NewPID("test", name) }}
	for range n {
		s.spawn(false).state = ready
	}
	return s.members
}

func chunkAt(value uint64) *task {
	return &task{block: textBlock(fmt.Sprint(value)), hi: 1}
}

func TestEveryDispatcherPicksOnlyReadyWorkers(t *testing.T) {
	for _, r := range Routers {
		t.Run(string(r), func(t *testing.T) {
			workers := fleet(3)
			for _, m := range workers {
				m.idle = true
			}
			workers[0].state, workers[2].state = waiting, onProbation
			d := r.dispatcher()
			for i := range 20 {
				assert.Same(t, workers[1], d.pick(chunkAt(uint64(i)), workers))
			}
			workers[1].state = waiting
			assert.Nil(t, d.pick(chunkAt(1), workers), "no ready worker: the chunk stays queued")
		})
	}
}

func TestRoundRobinTakesTurns(t *testing.T) {
	workers := fleet(3)
	d := RoundRobin.dispatcher()
	var got []*member
	for range 6 {
		got = append(got, d.pick(chunkAt(1), workers))
	}
	assert.Equal(t, []*member{workers[0], workers[1], workers[2], workers[0], workers[1], workers[2]}, got)
}

func TestLeastLoadedKeepsAtMostThePrefetchPerWorker(t *testing.T) {
	workers := fleet(2)
	d := LeastLoaded.dispatcher()
	workers[0].outstanding = 1
	assert.Same(t, workers[1], d.pick(chunkAt(1), workers))
	workers[1].outstanding = leastLoadedPrefetch
	assert.Same(t, workers[0], d.pick(chunkAt(1), workers))
	workers[0].outstanding = leastLoadedPrefetch
	assert.Nil(t, d.pick(chunkAt(1), workers))
}

func TestWorkPullingGivesChunksOnlyToWorkersThatAsked(t *testing.T) {
	workers := fleet(2)
	d := WorkPulling.dispatcher()
	assert.Nil(t, d.pick(chunkAt(1), workers))
	workers[1].idle = true
	assert.Same(t, workers[1], d.pick(chunkAt(1), workers))
}

func TestRandomReachesEveryReadyWorker(t *testing.T) {
	workers := fleet(3)
	d := Random.dispatcher()
	seen := make(map[*member]bool)
	for i := 0; i < 1000 && len(seen) < 3; i++ {
		seen[d.pick(chunkAt(1), workers)] = true
	}
	assert.Len(t, seen, 3)
}

func TestConsistentHashMovesOnlyTheKeysOfAReplacedWorker(t *testing.T) {
	workers := fleet(4)
	d := ConsistentHash.dispatcher()
	before := make(map[uint64]*member)
	for k := range uint64(400) {
		before[k] = d.pick(chunkAt(k), workers)
		assert.Same(t, before[k], d.pick(chunkAt(k), workers), "the same key goes to the same worker")
	}
	gone := workers[2]
	gone.state = waiting
	moved := 0
	for k, m := range before {
		now := d.pick(chunkAt(k), workers)
		if m == gone {
			moved++
			continue
		}
		require.Same(t, m, now, fmt.Sprintf("key %d moved although its worker is ready", k))
	}
	assert.Positive(t, moved)
}
