package core

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testKeys gives the values of tokens written in decimal, with any
// leading '+' and zeros.
type testKeys []string

func (k testKeys) Key(i int) []byte {
	v := strings.TrimLeft(strings.TrimPrefix(k[i], "+"), "0")
	if v == "" {
		v = "0"
	}
	return []byte(v)
}

// textBlock returns a block of the given tokens.
func textBlock(tokens ...string) *Block {
	return &Block{Tokens: len(tokens), Keys: testKeys(tokens)}
}

// spans renders chunks as their [lo, hi) ranges.
func spans(chunks []*chunk) [][2]int {
	var out [][2]int
	for _, t := range chunks {
		out = append(out, [2]int{t.lo, t.hi})
	}
	return out
}

func TestTriageSplitsAChunkThatCrashedBetweenNumbers(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("4", "6", "8", "9", "10", "12", "14", "15", "16", "18")
	retry, skipped, attributed := g.crashed(&chunk{block: b, lo: 0, hi: 10}, 0)
	assert.Empty(t, skipped)
	assert.False(t, attributed)
	assert.Equal(t, [][2]int{{0, 5}, {5, 10}}, spans(retry), "split in two")
	var tokens []string
	for i := range 2*crashSplit + 1 {
		tokens = append(tokens, fmt.Sprint(i+2))
	}
	retry, _, _ = g.crashed(&chunk{block: textBlock(tokens...), hi: len(tokens)}, 0)
	assert.Equal(t, [][2]int{{0, 64}, {64, 128}, {128, 129}}, spans(retry), "a large chunk is cut at once")

	// A crash between numbers says nothing about them: a single number
	// that crashes so is no suspect, whatever the count.
	for range 5 {
		retry, skipped, _ = g.crashed(&chunk{block: b, lo: 5, hi: 6}, 0)
		assert.Empty(t, skipped)
		assert.Equal(t, [][2]int{{5, 6}}, spans(retry))
	}
	assert.Empty(t, g.crashes)
}

func TestTriageQuarantinesANumberThatCrashedWorkersOnItself(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("4", "6", "8", "9", "10", "12", "14", "15", "16", "18")
	// A single number is a suspect after its first crash: it travels alone.
	retry, skipped, attributed := g.crashed(&chunk{block: b, lo: 5, hi: 6}, 1)
	assert.True(t, attributed)
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{5, 6}}, spans(retry))
	send, skipped := g.screen(&chunk{block: b, lo: 4, hi: 8})
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{4, 5}, {5, 6}, {6, 8}}, spans(send))

	// Its second crash quarantines the value, wherever it occurs.
	retry, skipped, _ = g.crashed(&chunk{block: b, lo: 5, hi: 6}, 1)
	assert.Empty(t, retry)
	require.Len(t, skipped, 1)
	assert.Equal(t, "crashed 2 workers", skipped[0].reason.String())
	other := textBlock("12", "3", "+0012")
	send, skipped = g.screen(&chunk{block: other, lo: 0, hi: 3})
	assert.Equal(t, [][2]int{{1, 2}}, spans(send))
	assert.Len(t, skipped, 2)
}

func TestAValueAnsweredOnceIsNotPoison(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("12", "12", "12", "12")
	_, skipped, _ := g.crashed(&chunk{block: b, lo: 0, hi: 1}, 1)
	assert.Empty(t, skipped)
	g.answered(&chunk{block: b, lo: 1, hi: 2})
	for i := 2; i < 4; i++ {
		retry, skipped, _ := g.crashed(&chunk{block: b, lo: i, hi: i + 1}, 1)
		assert.Empty(t, skipped, "a copy of a value answered is never quarantined")
		assert.Equal(t, [][2]int{{i, i + 1}}, spans(retry))
	}
	send, _ := g.screen(&chunk{block: b, lo: 0, hi: 4})
	assert.Equal(t, [][2]int{{0, 4}}, spans(send), "nor isolated")
}

func TestTriageIsolatesTheNumberAWorkerCrashedOn(t *testing.T) {
	g := newTriage(2, time.Second)
	b := textBlock("4", "6", "12", "9", "10")
	retry, skipped, _ := g.crashed(&chunk{block: b, lo: 0, hi: 5}, 3) // on token 2
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{0, 2}, {2, 3}, {3, 5}}, spans(retry))
	assert.Equal(t, 1, g.crashes["12"], "the number is a suspect")

	retry, skipped, _ = g.crashed(&chunk{block: b, lo: 2, hi: 5}, 1) // on its first token
	assert.Equal(t, [][2]int{{3, 5}}, spans(retry))
	require.Len(t, skipped, 1)
	assert.Equal(t, "crashed 2 workers", skipped[0].reason.String())
}

func TestTriageScreenPassesAHealthyChunkWhole(t *testing.T) {
	g := newTriage(3, time.Second)
	b := textBlock("4", "6", "8")
	whole := &chunk{block: b, lo: 0, hi: 3}
	send, skipped := g.screen(whole)
	assert.Equal(t, []*chunk{whole}, send)
	assert.Empty(t, skipped)

	g.crashes["99"] = 1 // a suspect elsewhere changes nothing here
	send, _ = g.screen(whole)
	assert.Equal(t, []*chunk{whole}, send)
}

func TestTriageQuarantinesASingleNumberThatTimesOut(t *testing.T) {
	g := newTriage(3, 2*time.Second)
	b := textBlock("4", "18446744073709551616", "8")
	retry, skipped := g.timedOut(&chunk{block: b, lo: 0, hi: 3})
	assert.Empty(t, skipped)
	assert.Equal(t, [][2]int{{0, 1}, {1, 2}, {2, 3}}, spans(retry), "several numbers are sent again one by one")

	retry, skipped = g.timedOut(&chunk{block: b, lo: 1, hi: 2})
	assert.Empty(t, retry, "a slow number is not sent on to wedge another worker")
	require.Len(t, skipped, 1)
	assert.Equal(t, "not answered within 2s", skipped[0].reason.String())
	elsewhere := textBlock("+018446744073709551616")
	_, skipped = g.screen(&chunk{block: elsewhere, lo: 0, hi: 1})
	assert.Len(t, skipped, 1, "values are quarantined however they are written")
}

func TestReorderReleasesBlocksInSequence(t *testing.T) {
	r := newReorder()
	var released []uint64
	release := func(b *Block) { released = append(released, b.Seq) }
	for _, seq := range []uint64{2, 0, 3, 1, 4} {
		r.add(&Block{Seq: seq}, release)
	}
	assert.Equal(t, []uint64{0, 1, 2, 3, 4}, released)
	assert.Empty(t, r.held)
}

func TestLedgerKnowsEveryDispatchByIDAndHolder(t *testing.T) {
	l := newLedger()
	a, b := &worker{}, &worker{}
	now := time.Unix(0, 0)
	ids := []DispatchID{l.add(a, canaryAsked{}, now).id, l.add(b, &chunk{}, now).id, l.add(a, canaryAsked{}, now).id}
	assert.Len(t, a.held, 2)
	assert.Equal(t, 1, l.chunks)

	_, ok := l.take(ids[0])
	assert.True(t, ok)
	_, ok = l.take(ids[0])
	assert.False(t, ok, "a late or duplicate reply finds nothing")
	assert.Len(t, l.takeHeldBy(a), 1)
	assert.Empty(t, a.held)
	assert.Len(t, l.takeAll(), 1)
	assert.Empty(t, b.held)
	assert.Zero(t, l.chunks)
}
