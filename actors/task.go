package actors

import (
	"time"

	"github.com/actorfactor/actorfactor/messages"
)

// task is one chunk: numbers[lo:hi] of a block, or, with a nil block, the
// canary a replacement worker must answer before it gets real chunks.
type task struct {
	block  *block
	lo, hi int
	// attempt counts the earlier dispatches of these numbers that failed.
	attempt int
	// holder is the worker the chunk was sent to; sent says when.
	holder *member
	sent   time.Time
}

func (t *task) size() int { return t.hi - t.lo }

// part returns the task of numbers[lo:hi] of t's block.
func (t *task) part(lo, hi int) *task {
	return &task{block: t.block, lo: lo, hi: hi, attempt: t.attempt}
}

// canary is a number some worker has answered: a chunk that a healthy
// worker answers without fail.
type canary struct {
	known        bool
	index, value uint64
	// sent counts the canaries dispatched; it seeds each one's chaos anew.
	sent uint32
}

// learn remembers the first number of an answered chunk, if it is below 2^64.
func (c *canary) learn(t *task) {
	if c.known || t.block.isWide(t.lo) {
		return
	}
	c.known, c.index, c.value = true, t.block.first+uint64(t.lo), t.block.numbers[t.lo]
}

// request returns the next canary chunk: the known-good number, or no
// number at all before any is known.
func (c *canary) request(id uint64, algorithm messages.Algorithm) *messages.FactorRequest {
	c.sent++
	req := &messages.FactorRequest{ChunkId: id, FirstIndex: c.index, Algorithm: algorithm, Attempt: c.sent}
	if c.known {
		req.Numbers = []uint64{c.value}
	}
	return req
}
