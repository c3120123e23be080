package actors

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/input"
)

// textBlock returns a block of the given tokens.
func textBlock(tokens ...string) *block {
	p, _ := input.NewReader(strings.NewReader(strings.Join(tokens, " "))).Cut(len(tokens))
	return &block{piece: p}
}

// spans renders tasks as their [lo, hi) ranges.
func spans(tasks []*task) [][2]int {
	var out [][2]int
	for _, t := range tasks {
		out = append(out, [2]int{t.lo, t.hi})
	}
	return out
}

func TestTriageSplitsACrashedChunkAndQuarantinesItsCulprit(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("4", "6", "8", "9", "10", "12", "14", "15", "16", "18")
	retry, skipped := g.crashed(&task{block: b, lo: 0, hi: 10}, 0)
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{0, 5}, {5, 10}}, spans(retry), "split in two")
	var tokens []string
	for i := range 2*crashSplit + 1 {
		tokens = append(tokens, fmt.Sprint(i+2))
	}
	retry, _ = g.crashed(&task{block: textBlock(tokens...), hi: len(tokens)}, 0)
	assert.Equal(t, [][2]int{{0, 64}, {64, 128}, {128, 129}}, spans(retry), "a large chunk is cut at once")

	// A single number is a suspect after its first crash: it travels alone.
	retry, skipped = g.crashed(&task{block: b, lo: 5, hi: 6}, 0)
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{5, 6}}, spans(retry))
	send, skipped := g.screen(&task{block: b, lo: 4, hi: 8})
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{4, 5}, {5, 6}, {6, 8}}, spans(send))

	// Its second crash quarantines the value, wherever it occurs.
	retry, skipped = g.crashed(&task{block: b, lo: 5, hi: 6}, 0)
	assert.Empty(t, retry)
	require.Len(t, skipped, 1)
	assert.Equal(t, "crashed 2 workers", skipped[0].reason)
	other := textBlock("12", "3", "+0012")
	send, skipped = g.screen(&task{block: other, lo: 0, hi: 3})
	assert.Equal(t, [][2]int{{1, 2}}, spans(send))
	assert.Len(t, skipped, 2)
}

func TestAValueIsTheSameHoweverItIsWritten(t *testing.T) {
	b := textBlock("+0012", "12", "0", "000", "+0", "18446744073709551616", "x1")
	var keys []string
	for i := range b.tokens() {
		keys = append(keys, string(b.key(i)))
	}
	assert.Equal(t, []string{"12", "12", "0", "0", "0", "18446744073709551616", "x1"}, keys)
}

func TestTriageIsolatesTheNumberAWorkerCrashedOn(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("4", "6", "12", "9", "10")
	retry, skipped := g.crashed(&task{block: b, lo: 0, hi: 5}, 3) // on token 2
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{0, 2}, {2, 3}, {3, 5}}, spans(retry))
	assert.Equal(t, 1, g.crashes["12"], "the number is a suspect")

	retry, skipped = g.crashed(&task{block: b, lo: 2, hi: 5}, 1) // on its first token
	assert.Equal(t, [][2]int{{3, 5}}, spans(retry))
	require.Len(t, skipped, 1)
	assert.Equal(t, "crashed 2 workers", skipped[0].reason)
}

func TestTriageScreenPassesAHealthyChunkWhole(t *testing.T) {
	g := newTriage(3, time.Second)
	b := textBlock("4", "6", "8")
	whole := &task{block: b, lo: 0, hi: 3}
	send, skipped := g.screen(whole)
	assert.Equal(t, []*task{whole}, send)
	assert.Empty(t, skipped)

	g.crashes["99"] = 1 // a suspect elsewhere changes nothing here
	send, _ = g.screen(whole)
	assert.Equal(t, []*task{whole}, send)
}

func TestTriageQuarantinesASingleNumberThatTimesOut(t *testing.T) {
	g := newTriage(3, 2*time.Second)
	b := textBlock("4", "18446744073709551616", "8")
	retry, skipped := g.timedOut(&task{block: b, lo: 0, hi: 3})
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{0, 1}, {1, 2}, {2, 3}}, spans(retry), "several numbers are sent again one by one")

	retry, skipped = g.timedOut(&task{block: b, lo: 1, hi: 2})
	assert.Empty(t, retry, "a slow number is not sent on to wedge another worker")
	require.Len(t, skipped, 1)
	assert.Equal(t, "not answered within 2s", skipped[0].reason)
	elsewhere := textBlock("+018446744073709551616")
	_, skipped = g.screen(&task{block: elsewhere, lo: 0, hi: 1})
	assert.Len(t, skipped, 1, "values are quarantined however they are written")
}

func TestReorderReleasesBlocksInSequence(t *testing.T) {
	r := newReorder()
	var released []uint64
	release := func(b *block) { released = append(released, b.seq) }
	for _, seq := range []uint64{2, 0, 3, 1, 4} {
		r.add(&block{seq: seq}, release)
	}
	assert.Equal(t, []uint64{0, 1, 2, 3, 4}, released)
	assert.Empty(t, r.held)
}

func TestLedgerKnowsEveryChunkByIDAndHolder(t *testing.T) {
	l := newLedger()
	a, b := &member{}, &member{}
	ids := []uint64{l.add(&task{holder: a}), l.add(&task{holder: b, block: &block{}}), l.add(&task{holder: a})}
	assert.Equal(t, 2, a.outstanding)
	assert.True(t, l.busy())

	_, ok := l.take(ids[0])
	assert.True(t, ok)
	_, ok = l.take(ids[0])
	assert.False(t, ok, "a late or duplicate reply finds nothing")
	assert.Len(t, l.takeHeldBy(a), 1)
	assert.Zero(t, a.outstanding)
	assert.Len(t, l.takeAll(), 1)
	assert.Zero(t, b.outstanding)
	assert.False(t, l.busy())
}
