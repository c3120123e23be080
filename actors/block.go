package actors

import (
	"bytes"

	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/messages"
)

// block is a run of consecutive input tokens, cut but not parsed: the unit
// in which the batch is read, ordered and written. Its tokens are
// dispatched as one or more chunks; the coordinator collects their replies
// here.
type block struct {
	// seq numbers the blocks in reading order.
	seq uint64
	// first is the batch-relative index of the block's first token.
	first uint64
	piece input.Piece
	// eof marks the last block; err is set when reading failed.
	eof bool
	err error
	// heavy marks a block of one number so large that it may take long: it
	// is read, dispatched and written on its own, so that it holds back no
	// other number.
	heavy bool

	// replies collects the answers of the block's chunks; tokens given up
	// are answered by a reply of their own that names the reason in Failed.
	replies []*messages.FactorReply
	// unanswered counts the tokens still waiting for a reply; sharing
	// the numbers whose lines wait for shared sieves.
	unanswered int
	sharing    int
}

// tokens returns the number of tokens of the block.
func (b *block) tokens() int { return b.piece.Len() }

// text returns the text of tokens [lo, hi).
func (b *block) text(lo, hi int) []byte { return b.piece.Range(lo, hi) }

// request builds the chunk request for tokens [lo, hi).
func (b *block) request(id uint64, lo, hi int, cfg Config) *messages.FactorRequest {
	return &messages.FactorRequest{
		ChunkId:    id,
		FirstIndex: b.first + uint64(lo),
		Text:       b.text(lo, hi),
		Count:      uint32(hi - lo),
		FirstLine:  uint64(b.piece.Line(lo)),
		Arguments:  b.piece.Args,
		Algorithm:  cfg.Algorithm,
		Format:     messages.Format(cfg.Output.Format),
		Exponents:  cfg.Output.Exponents,

		NumberTimeoutNanos: uint64(cfg.NumberTimeout),
	}
}

// tokensOf returns the tokens of t, parsed, each naming its position
// when invalid.
func (b *block) tokensOf(t *task) *input.Tokens {
	return input.NewTokens(b.text(t.lo, t.hi), b.piece.Line(t.lo), b.piece.Args)
}

// key returns the value of token i in decimal, the same for every way of
// writing it, or the token itself when it is not a number. It shares the
// block's text: look it up in a map as m[string(key)], which copies
// nothing.
func (b *block) key(i int) []byte {
	text := bytes.TrimLeft(b.text(i, i+1), " ") // an argument may start with spaces
	digits := bytes.TrimLeft(bytes.TrimPrefix(text, []byte("+")), "0")
	if len(digits) == 0 && len(text) > 0 && text[len(text)-1] == '0' {
		return text[len(text)-1:]
	}
	return digits
}
