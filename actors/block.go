package actors

import (
	"math/big"
	"strconv"

	"github.com/actorfactor/actorfactor/messages"
)

// block is a run of consecutive input tokens: the unit in which the batch is
// read, ordered and written. Its numbers are dispatched as one or more
// chunks; the coordinator collects their replies here.
type block struct {
	// seq numbers the blocks in reading order.
	seq uint64
	// first is the batch-relative index of numbers[0].
	first uint64
	// numbers holds the values below 2^64 (0 where wide has the value).
	numbers []uint64
	// wide maps an offset to the big-endian magnitude of a number >= 2^64.
	wide map[uint32][]byte
	// invalid lists the tokens that are not numbers, in input order.
	invalid []misfit
	// eof marks the last block; err is set when reading failed.
	eof bool
	err error
	// heavy marks a block of one number so large that it may take long: it
	// is read, dispatched and written on its own, so that it holds back no
	// other number.
	heavy bool

	// replies collects the answers of the block's chunks; numbers given up
	// are answered by a reply of their own that names the reason in Failed.
	replies []*messages.FactorReply
	// unanswered counts the numbers still waiting for a reply.
	unanswered int
}

// misfit is an invalid token; it is reported just before numbers[offset].
type misfit struct {
	offset int
	err    error
}

// request builds the chunk request for numbers[lo:hi].
func (b *block) request(id uint64, lo, hi int, cfg Config) *messages.FactorRequest {
	req := &messages.FactorRequest{
		ChunkId:    id,
		FirstIndex: b.first + uint64(lo),
		Numbers:    b.numbers[lo:hi],
		Algorithm:  cfg.Algorithm,
		Format:     messages.Format(cfg.Output.Format),
		Exponents:  cfg.Output.Exponents,
	}
	for off, mag := range b.wide {
		if int(off) >= lo && int(off) < hi {
			if req.Wide == nil {
				req.Wide = make(map[uint32][]byte)
			}
			req.Wide[off-uint32(lo)] = mag
		}
	}
	return req
}

// numberKey identifies a number by its value, wherever it occurs.
type numberKey struct {
	value uint64
	wide  string
}

// key returns the value of numbers[off].
func (b *block) key(off int) numberKey {
	if mag, ok := b.wide[uint32(off)]; ok {
		return numberKey{wide: string(mag)}
	}
	return numberKey{value: b.numbers[off]}
}

// isWide reports whether numbers[off] is 2^64 or more.
func (b *block) isWide(off int) bool {
	_, ok := b.wide[uint32(off)]
	return ok
}

// numberString returns numbers[off] in decimal.
func (b *block) numberString(off int) string {
	if mag, ok := b.wide[uint32(off)]; ok {
		return new(big.Int).SetBytes(mag).String()
	}
	return strconv.FormatUint(b.numbers[off], 10)
}
