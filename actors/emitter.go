package actors

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// Sink receives the results of a run, in emission order, from one goroutine.
type Sink interface {
	// Lines receives output lines of factored numbers, formatted by the
	// workers as Config.Format says. Like io.Writer's Write, it must not
	// keep lines after it returns: their buffer is reused.
	Lines(lines []byte) error
	// Invalid receives the message naming a token that is not a number.
	Invalid(message string) error
	// Skipped receives a number that was given up (as the input wrote its
	// value), and why.
	Skipped(number string, reason core.Reason) error
	// Written is called once the results of every token of a piece of the
	// input went to the sink.
	Written(piece input.Piece) error
	// Flush is called whenever no more results are immediately at hand.
	Flush() error
}

// emitter writes completed blocks to the sink on its own goroutine, so that
// no actor ever blocks on output, and reports each block back as written.
type emitter struct {
	sink   Sink
	opts   output.Options
	blocks chan *core.Block
	// numberTimeout names the failures the workers report.
	numberTimeout core.Reason
	// written tells the coordinator that a block is out (err: write failed).
	written func(err error)
	// numbers, invalid and skipped count the tokens written; Run reads
	// them once the emitter is done.
	numbers, invalid, skipped int
}

func (e *emitter) run() {
	for b := range e.blocks {
		err := e.write(b)
		if err == nil && len(e.blocks) == 0 {
			err = e.sink.Flush()
		}
		e.written(err)
	}
}

// write writes one block: every token in input order.
func (e *emitter) write(b *core.Block) error {
	slices.SortFunc(b.Answers, func(x, y *core.Answer) int { return cmp.Compare(x.Lo, y.Lo) })
	piece := pieceOf(b)
	for _, a := range b.Answers {
		var err error
		if a.Reply == nil {
			err = e.writeSkipped(piece, a)
		} else {
			reply := a.Reply.(*messages.FactorReply)
			err = e.writeReply(piece, a, reply)
			chunk.Recycle(reply)
		}
		if err != nil {
			return err
		}
	}
	return e.sink.Written(*piece)
}

// writeReply writes a worker's reply; the lines of the numbers it left to
// shared sieves go in their places. The lines go out in one piece unless
// an invalid or failed token falls among them.
func (e *emitter) writeReply(piece *input.Piece, a *core.Answer, r *messages.FactorReply) error {
	failed := len(r.Failed)
	for i := range a.Shared {
		if primes := a.Shared[i].Primes; primes != nil {
			insertLine(r, uint32(i), e.opts.AppendWide(nil, product(primes...), primes))
		} else {
			failed++
		}
	}
	e.numbers += int(r.Count) - len(r.Invalid)
	e.invalid += len(r.Invalid)
	if len(r.Invalid) == 0 && failed == 0 {
		return e.sink.Lines(r.Output)
	}
	var done uint32 // bytes of r.Output written
	for i := range r.Count {
		msg, invalid := r.Invalid[i]
		reason, failed := e.failure(a, r, int(i))
		if !invalid && !failed {
			continue
		}
		if end := r.LineEnds[i]; end > done {
			if err := e.sink.Lines(r.Output[done:end]); err != nil {
				return err
			}
			done = end
		}
		var err error
		if invalid {
			err = e.sink.Invalid(msg)
		} else {
			e.skipped++
			err = e.sink.Skipped(string(pieceKeys{piece}.Key(a.Lo+int(i))), reason)
		}
		if err != nil {
			return err
		}
	}
	return e.sink.Lines(r.Output[done:])
}

// failure returns why token i of a reply was given up, if it was: by its
// worker, which gives up numbers only for their timeout, or by its shared
// sieves.
func (e *emitter) failure(a *core.Answer, r *messages.FactorReply, i int) (core.Reason, bool) {
	if _, failed := r.Failed[uint32(i)]; failed {
		return e.numberTimeout, true
	}
	if res, shared := a.Shared[i]; shared && res.Primes == nil {
		return res.Failed, true
	}
	return core.Reason{}, false
}

// writeSkipped names every token of an answer that gave them up: a token
// that is not a number as such.
func (e *emitter) writeSkipped(piece *input.Piece, a *core.Answer) error {
	tokens := input.NewTokens(piece.Range(a.Lo, a.Hi), piece.Line(a.Lo), piece.Args)
	for i := a.Lo; i < a.Hi; i++ {
		tokens.Scan()
		var err error
		if bad := tokens.Token().Err; bad != nil {
			e.invalid++
			err = e.sink.Invalid(bad.Error())
		} else {
			e.numbers++
			e.skipped++
			err = e.sink.Skipped(string(pieceKeys{piece}.Key(i)), a.Skipped)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// product returns the product of primes.
func product(primes ...*big.Int) *big.Int {
	n := big.NewInt(1)
	for _, p := range primes {
		n.Mul(n, p)
	}
	return n
}

// insertLine puts line in as the (empty) line of token i of the reply.
func insertLine(reply *messages.FactorReply, i uint32, line []byte) {
	at := uint32(0)
	if i > 0 {
		at = reply.LineEnds[i-1]
	}
	reply.Output = slices.Insert(reply.Output, int(at), line...)
	for j := i; j < uint32(len(reply.LineEnds)); j++ {
		reply.LineEnds[j] += uint32(len(line))
	}
}
