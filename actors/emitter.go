package actors

import (
	"cmp"
	"slices"

	"github.com/actorfactor/actorfactor/internal/chunk"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/messages"
)

// Sink receives the results of a run, in emission order, from one goroutine.
type Sink interface {
	// Lines receives output lines of factored numbers, formatted by the
	// workers as Config.Output says. Like io.Writer's Write, it must not
	// keep lines after it returns: their buffer is reused.
	Lines(lines []byte) error
	// Invalid receives the message naming a token that is not a number.
	Invalid(message string) error
	// Abandoned receives a number that was given up, and why.
	Abandoned(number string, reason string) error
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
	blocks chan *block
	// written tells the coordinator that a block is out (err: write failed).
	written func(err error)
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

// write writes one block: every token in input order. The lines of a
// reply go out in one piece unless an invalid or failed token falls among
// them.
func (e *emitter) write(b *block) error {
	slices.SortFunc(b.replies, func(x, y *messages.FactorReply) int {
		return cmp.Compare(x.FirstIndex, y.FirstIndex)
	})
	for _, r := range b.replies {
		if err := e.writeReply(b, r); err != nil {
			return err
		}
		chunk.Recycle(r)
	}
	return e.sink.Written(b.piece)
}

func (e *emitter) writeReply(b *block, r *messages.FactorReply) error {
	if len(r.Invalid) == 0 && len(r.Failed) == 0 {
		return e.sink.Lines(r.Output)
	}
	lo := int(r.FirstIndex - b.first)
	var done uint32 // bytes of r.Output written
	for i := range r.Count {
		msg, invalid := r.Invalid[i]
		reason, failed := r.Failed[i]
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
			err = e.sink.Abandoned(string(b.key(lo+int(i))), reason)
		}
		if err != nil {
			return err
		}
	}
	return e.sink.Lines(r.Output[done:])
}
