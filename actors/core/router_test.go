package core

import (
	"fmt"
	"hash/fnv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleet returns n workers as a router sees them.
func fleet(n int) []Worker {
	workers := make([]Worker, n)
	for i := range workers {
		workers[i] = Worker{ID: WorkerID(fmt.Sprintf("test/worker-%d", i+1)), Seq: uint64(i + 1), Asked: true}
	}
	return workers
}

func chunkAt(value uint64) Chunk { return Chunk{Numbers: 1, Key: []byte(fmt.Sprint(value))} }

func newRouter(t *testing.T, name string) Router {
	t.Helper()
	r, err := NewRouter(name, 1)
	require.NoError(t, err)
	return r
}

func TestEveryRouterPicksAWorkerItIsGiven(t *testing.T) {
	for _, name := range RouterNames() {
		t.Run(name, func(t *testing.T) {
			r := newRouter(t, name)
			for n := 1; n <= 4; n++ {
				workers := fleet(n)
				for i := range 20 {
					got := r.Pick(chunkAt(uint64(i)), workers)
					assert.True(t, got >= 0 && got < n, "picked %d of %d", got, n)
				}
			}
		})
	}
}

func TestAnUnknownRouterIsAnErrorThatNamesTheKnownOnes(t *testing.T) {
	_, err := NewRouter("fastest", 0)
	require.Error(t, err)
	assert.Equal(t, `unknown router "fastest" (want one of round-robin, random, consistent-hash, least-loaded, work-pulling)`, err.Error())
}

func TestRegisterRouterRefusesATakenOrBadName(t *testing.T) {
	assert.Panics(t, func() { RegisterRouter(LeastLoaded, func(uint64) Router { return leastLoaded{} }) })
	assert.Panics(t, func() { RegisterRouter("two words", func(uint64) Router { return leastLoaded{} }) })
	assert.Panics(t, func() { RegisterRouter("", func(uint64) Router { return leastLoaded{} }) })
}

func TestRoundRobinTakesTurns(t *testing.T) {
	workers := fleet(3)
	r := newRouter(t, RoundRobin)
	var got []int
	for range 6 {
		got = append(got, r.Pick(chunkAt(1), workers))
	}
	assert.Equal(t, []int{0, 1, 2, 0, 1, 2}, got)
	// A worker that is full is skipped: the turn goes on from the last.
	withRoom := []Worker{workers[0], workers[2]}
	assert.Equal(t, 0, r.Pick(chunkAt(1), withRoom), "after the last worker, the first")
	assert.Equal(t, 1, r.Pick(chunkAt(1), withRoom), "the second is full: the third's turn")
}

func TestLeastLoadedPicksTheWorkerHoldingFewest(t *testing.T) {
	workers := fleet(3)
	workers[0].Load, workers[1].Load, workers[2].Load = 1, 0, 1
	assert.Equal(t, 1, newRouter(t, LeastLoaded).Pick(chunkAt(1), workers))
}

func TestWorkPullingGivesChunksOnlyToWorkersThatAsked(t *testing.T) {
	workers := fleet(2)
	workers[0].Asked, workers[1].Asked = false, false
	r := newRouter(t, WorkPulling)
	assert.Equal(t, -1, r.Pick(chunkAt(1), workers))
	workers[1].Asked = true
	assert.Equal(t, 1, r.Pick(chunkAt(1), workers))
	assert.True(t, Pulls(r))
	assert.False(t, Pulls(newRouter(t, LeastLoaded)))
}

func TestRandomReachesEveryWorkerAndReplaysFromItsSeed(t *testing.T) {
	workers := fleet(3)
	a, b := newRouter(t, Random), newRouter(t, Random)
	seen := make(map[int]bool)
	for range 100 {
		i := a.Pick(chunkAt(1), workers)
		assert.Equal(t, i, b.Pick(chunkAt(1), workers), "the same seed, the same choices")
		seen[i] = true
	}
	assert.Len(t, seen, 3)
}

func TestConsistentHashMovesOnlyTheKeysOfAWorkerGone(t *testing.T) {
	workers := fleet(4)
	r := newRouter(t, ConsistentHash)
	before := make(map[uint64]WorkerID)
	for k := range uint64(400) {
		before[k] = workers[r.Pick(chunkAt(k), workers)].ID
		assert.Equal(t, before[k], workers[r.Pick(chunkAt(k), workers)].ID, "the same key goes to the same worker")
	}
	gone := workers[2].ID
	rest := []Worker{workers[0], workers[1], workers[3]}
	moved := 0
	for k, id := range before {
		now := rest[r.Pick(chunkAt(k), rest)].ID
		if id == gone {
			moved++
			continue
		}
		require.Equal(t, id, now, fmt.Sprintf("key %d moved although its worker is there", k))
	}
	assert.Positive(t, moved)
}

func TestHashIsFNV1aOfStringsAndBytesAlike(t *testing.T) {
	for _, key := range []string{"", "7", "1000000007", "127.0.0.1:7420/worker-12", "\xff\x00"} {
		h := fnv.New64a()
		h.Write([]byte(key))
		assert.Equal(t, h.Sum64(), hash([]byte(key)), "%q", key)
		assert.Equal(t, h.Sum64(), hash(key), "%q", key)
	}
}
