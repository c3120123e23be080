package actors

import (
	"bytes"
	"fmt"
	"time"

	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/messages"
)

// task is one chunk: numbers[lo:hi] of a block; or a slice of sieving
// for a shared composite; or, with neither, the canary a replacement
// worker must answer before it gets real chunks.
type task struct {
	block  *block
	sieve  *sieveJob
	lo, hi int
	// attempt counts the earlier dispatches of these numbers that failed.
	attempt int
	// holder is the worker the chunk was sent to; sent says when.
	holder *member
	sent   time.Time
	// screened is the triage version the task was last screened at.
	screened int
}

func (t *task) size() int { return t.hi - t.lo }

// isCanary reports whether t is a canary.
func (t *task) isCanary() bool { return t.block == nil && t.sieve == nil }

// part returns the task of numbers[lo:hi] of t's block.
func (t *task) part(lo, hi int) *task {
	return &task{block: t.block, lo: lo, hi: hi, attempt: t.attempt}
}

// canary is a number some worker has answered: a chunk that a healthy
// worker answers without fail.
type canary struct {
	index uint64
	// text is the number as the input wrote it; nil until one is known.
	text []byte
	// sent counts the canaries dispatched; it seeds each one's chaos anew.
	sent uint32
}

// learn remembers the first token of an answered chunk, if it is a number
// that is not long.
func (c *canary) learn(t *task, reply *messages.FactorReply) {
	if c.text != nil || t.block.heavy {
		return
	}
	_, invalid := reply.Invalid[0]
	if _, shared := reply.Shared[0]; !invalid && !shared {
		// A copy: the block's text, the whole input with --chunk static,
		// must not live as long as the run.
		c.index, c.text = t.block.first+uint64(t.lo), bytes.Clone(t.block.text(t.lo, t.lo+1))
	}
}

// request returns the next canary chunk: the known-good number, or no
// token at all before any is known.
func (c *canary) request(id uint64, algorithm messages.Algorithm) *messages.FactorRequest {
	c.sent++
	return &messages.FactorRequest{ChunkId: id, FirstIndex: c.index, Text: c.text, FirstLine: 1, Algorithm: algorithm, Attempt: c.sent}
}

// numbers names the numbers of t: the number itself when it is one,
// shortened when long.
func (t *task) numbers() string {
	if t.size() == 1 {
		return input.Shorten(string(t.block.key(t.lo)))
	}
	return fmt.Sprintf("%d numbers from %s", t.size(), input.Shorten(string(t.block.key(t.lo))))
}
