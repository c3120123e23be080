package core

import (
	"math/big"
	"time"
)

// WorkerID names a worker; the caller chooses it, unique within a run.
type WorkerID string

// MemberID names a cluster member; IDs are never reused, addresses are.
type MemberID string

// DispatchID identifies one dispatch of work to a worker. A re-dispatch
// gets a new id, so a reply to an id the Core no longer holds is stale.
type DispatchID uint64

// JobID identifies a composite whose quadratic sieve the workers share.
type JobID uint64

// EnlistID identifies a request for a member's workers.
type EnlistID uint64

// Keys gives the value of each token of a block.
type Keys interface {
	// Key returns token i's value in decimal, the same for every way of
	// writing it, or the token itself when it is not a number. The Core
	// does not keep the slice.
	Key(i int) []byte
}

// Block is a run of consecutive input tokens: the unit in which the batch
// is read, ordered and written. The caller fills in what it read; the
// Core collects the answers of its tokens in Answers and emits it once
// every token is answered.
type Block struct {
	// Seq numbers the blocks in reading order, from 0.
	Seq uint64
	// First is the batch-relative index of the block's first token.
	First uint64
	// Tokens is how many tokens the block holds.
	Tokens int
	// Heavy marks a block of one number so large that it may take long: it
	// is dispatched alone and teaches nothing about the cost per number.
	Heavy bool
	// EOF marks the last block; Err is set when reading failed after the
	// tokens of the block.
	EOF bool
	Err error
	// Keys gives the tokens' values.
	Keys Keys
	// Data is the caller's: the tokens' text, untouched by the Core.
	Data any

	// Answers answer every token once when the block is emitted, in no
	// particular order.
	Answers []*Answer

	unanswered, sharing int
}

// Answer answers the tokens [Lo, Hi) of a block.
type Answer struct {
	Lo, Hi int
	// Reply is the worker's reply, as the caller passed it in; nil when
	// the tokens were given up.
	Reply any
	// Skipped, when Reply is nil, is why the tokens were given up: every
	// number among them is named with it (a token that is not a number is
	// named as such).
	Skipped Reason
	// Shared holds, by offset from Lo, how the numbers the reply left to
	// shared sieves ended: their prime factors, or why they were given up.
	Shared map[int]Resolution
}

// Resolution is how a number left to shared sieves ended.
type Resolution struct {
	// Primes are its prime factors, ascending, when it was factored.
	Primes []*big.Int
	// Failed, when Primes is nil, says why it was given up.
	Failed Reason
}

// Work is what a dispatch asks of a worker: a *ChunkWork, a *CanaryWork or
// a *SieveWork.
type Work interface{ isWork() }

// ChunkWork asks a worker to factor tokens [Lo, Hi) of Block.
type ChunkWork struct {
	Block  *Block
	Lo, Hi int
	// Attempt counts the earlier dispatches of these numbers that failed.
	Attempt int
	// ShareFrom, when not 0, is the size in bits from which a composite
	// that needs the quadratic sieve is left to a shared sieve.
	ShareFrom int
}

// CanaryWork asks a replacement worker to factor a number another worker
// answered, before it gets real chunks; Text is nil (no token) before any
// number is known.
type CanaryWork struct {
	// Index is the number's index in the batch; Text its value.
	Index uint64
	Text  []byte
	// Sent counts the canaries sent in the run, this one included: chaos
	// seeds its decision with it.
	Sent uint32
}

// SieveWork asks a worker for a slice of sieving on a shared composite.
type SieveWork struct {
	Job JobID
	// Number is the composite, a big-endian magnitude.
	Number []byte
	// Seed makes the worker draw polynomial families no other request
	// draws; Budget is how long to sieve.
	Seed   uint64
	Budget time.Duration
	// ECM asks for the composite's ECM pretest instead, for the budget.
	ECM bool
}

func (*ChunkWork) isWork()  {}
func (*CanaryWork) isWork() {}
func (*SieveWork) isWork()  {}

// Size returns the number of tokens of the chunk.
func (w *ChunkWork) Size() int { return w.Hi - w.Lo }

// Reply is a worker's answer to a chunk or a canary, as the Core needs it.
type Reply struct {
	// Crashed says the worker panicked on the chunk; CrashedOn is one more
	// than the offset of the token it was handling, 0 when it crashed
	// between tokens. Incarnation numbers the worker's start that crashed
	// (0: unknown): its work requests up to that one are stale.
	Crashed     bool
	CrashedOn   int
	Incarnation uint64
	// Numbers and Invalid count the tokens answered that are numbers and
	// that are not.
	Numbers, Invalid int
	// FirstAnswered says the first token is a number answered with its
	// line: a canary for replacement workers.
	FirstAnswered bool
	// Elapsed is the worker's compute time for the chunk.
	Elapsed time.Duration
	// Slowest is one more than the offset of the number above 64 bits that
	// took longest, SlowestTime how long; 0 when there is none.
	Slowest     int
	SlowestTime time.Duration
	// Shared lists the numbers left to shared sieves.
	Shared []SharedNumber
	// Payload is the caller's reply, kept in the block's answers.
	Payload any
}

// SharedNumber is a number a worker left to shared sieves: what it found
// of its factors.
type SharedNumber struct {
	// Offset is the number's offset in the chunk.
	Offset int
	// Primes are its prime factors found; Composites are left to sieves.
	Primes, Composites []*big.Int
}

// SieveReply is a worker's answer to a sieve request.
type SieveReply struct {
	// Crashed and Incarnation are as in Reply.
	Crashed     bool
	Incarnation uint64
	// Payload is the caller's reply, relayed to the job's collector.
	Payload any
}
