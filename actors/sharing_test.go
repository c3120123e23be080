package actors

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/factor/factortest"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/internal/sharing"
	"github.com/actorfactor/actorfactor/messages"
)

// runText runs the batch text within runLimit.
func runText(t *testing.T, cfg Config, text string) (*recorder, Summary, error) {
	t.Helper()
	return runWithin(t, cfg, input.NewReader(strings.NewReader(text)))
}

func TestSharedSievesAnswerEveryNumberExactlyInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	p := func(bits int) *big.Int { return factortest.Prime(rng, bits) }
	small := big.NewInt
	// Each number by its prime factors.
	numbers := [][]*big.Int{
		{small(2), small(2), small(3)},
		{p(66), p(66)}, // shared
		{},             // 1
		{small(3), small(3), p(40), p(66), p(66)}, // 9 found by the worker; shared, and a 132-bit part may be shared in turn
		{p(50), p(50), p(50)},                     // shared, split into a prime and a composite
		{p(200)},                                  // prime: nothing to share
		{small(97)},
	}
	square := []*big.Int{p(66), p(65)}
	numbers = append(numbers, append(slices.Clone(square), square...)) // two composites shared
	var text, want strings.Builder
	for _, primes := range numbers {
		slices.SortFunc(primes, func(a, b *big.Int) int { return a.Cmp(b) })
		n := product(primes...)
		text.WriteString(n.String() + "\n")
		want.Write(output.Options{}.AppendWide(nil, n, primes))
	}
	// With a window of one block, nothing else waits whenever a chunk goes
	// out, so every composite the sieve needs is shared; with a wide
	// window, only those that meet idle workers are.
	windows := []int{1, 24}
	if raceEnabled {
		windows = windows[:1] // the sieve's arithmetic is slow under -race; both in .ci/run's step without it
	}
	for _, window := range windows {
		cfg := DefaultConfig()
		cfg.Workers, cfg.Window, cfg.ShareSieveBits = 3, window, 129
		cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 3}

		rec, summary, err := runText(t, cfg, text.String())
		require.NoError(t, err)
		assert.Equal(t, want.String(), rec.out.String(), "window %d", window)
		assert.Empty(t, rec.abandoned)
		assert.Equal(t, len(numbers), summary.Numbers)
		assert.GreaterOrEqual(t, summary.SieveRequests, summary.SharedSieves)
		if window == 1 {
			assert.GreaterOrEqual(t, summary.SharedSieves, 5, "every composite of 129 bits or more, the square's twice")
		}
	}
}

func TestSharedSievesSurviveWorkersThatCrash(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	p, q := factortest.Prime(rng, 70), factortest.Prime(rng, 70)
	if p.Cmp(q) > 0 {
		p, q = q, p
	}
	n := product(p, q)
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window, cfg.ShareSieveBits = 2, 1, 129
	cfg.Chaos = Chaos{PanicRate: 0.25, Seed: 3}
	cfg.Supervision.MaxRestarts = 1000 // restart, never replace

	rec, summary, err := runText(t, cfg, "12\n"+n.String()+"\n35\n")
	require.NoError(t, err)
	assert.Equal(t, "12: 2 2 3\n"+n.String()+": "+p.String()+" "+q.String()+"\n35: 5 7\n", rec.out.String())
	assert.Empty(t, rec.abandoned)
	assert.Equal(t, 1, summary.SharedSieves)
	assert.Positive(t, summary.Supervision.Restarts, "chaos struck")
}

func TestANumberWhoseSieveCrashesEveryWorkerIsGivenUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	composite := product(factortest.Prime(rng, 80), factortest.Prime(rng, 80))
	n := product(big.NewInt(2), composite) // the worker finds 2 and shares the composite
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window, cfg.ShareSieveBits = 2, 1, 129
	cfg.Chaos = Chaos{Poison: []*big.Int{composite}}
	cfg.Supervision.MaxRestarts = 1000 // restart, never replace

	rec, summary, err := runText(t, cfg, "6\n"+n.String()+"\n35\n")
	require.NoError(t, err)
	assert.Equal(t, "6: 2 3\n35: 5 7\n", rec.out.String())
	assert.Equal(t, []string{n.String() + ": crashed 10 workers in the quadratic sieve"}, rec.abandoned)
	assert.Equal(t, 3, summary.Numbers)
	assert.Equal(t, 1, summary.SharedSieves)
	// The tenth crash gives the number up; the other worker may hold one
	// more request by then.
	assert.GreaterOrEqual(t, summary.SieveRequests, sharing.CrashLimit)
	assert.LessOrEqual(t, summary.SieveRequests, sharing.CrashLimit+cfg.Workers-1)
	// The supervisor counts a restart after the crash's reply has left, so
	// the last may come after the run ends.
	assert.GreaterOrEqual(t, summary.Supervision.Restarts, int64(sharing.CrashLimit-1))
}

func TestASharedNumberPastItsTimeoutIsNamedAndTheRestAnswered(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	hard := product(factortest.Prime(rng, 150), factortest.Prime(rng, 150)) // beyond any sieve in a test's time
	// Two workers with nothing else waiting share it; so do one worker,
	// and two with a wide window, for it has more than alwaysShareBits.
	for _, c := range []struct{ workers, window int }{{2, 1}, {1, 8}, {2, 16}} {
		cfg := DefaultConfig()
		cfg.Workers, cfg.Window, cfg.NumberTimeout = c.workers, c.window, 300*time.Millisecond

		rec, summary, err := runText(t, cfg, "6\n"+hard.String()+"\n35\n")
		require.NoError(t, err)
		assert.Equal(t, "6: 2 3\n35: 5 7\n", rec.out.String())
		assert.Equal(t, []string{hard.String() + ": not factored within 300ms"}, rec.abandoned)
		assert.Equal(t, 3, summary.Numbers)
		assert.Equal(t, 1, summary.SharedSieves, "%+v", c)
	}
}

func TestInsertLineShiftsTheLinesAfterIt(t *testing.T) {
	reply := &messages.FactorReply{Output: []byte("a\nc\n"), LineEnds: []uint32{2, 2, 4}}
	insertLine(reply, 1, []byte("b\n"))
	assert.Equal(t, "a\nb\nc\n", string(reply.Output))
	assert.Equal(t, []uint32{2, 4, 6}, reply.LineEnds)
}
