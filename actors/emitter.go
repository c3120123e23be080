package actors

import (
	"cmp"
	"slices"

	"github.com/actorfactor/actorfactor/messages"
)

// Sink receives the results of a run, in emission order, from one goroutine.
type Sink interface {
	// Lines receives output lines of factored numbers, formatted by the
	// workers as Config.Output says.
	Lines(lines []byte) error
	// Invalid receives the error of a token that is not a number.
	Invalid(err error) error
	// Abandoned receives a number that was given up, and why.
	Abandoned(number string, reason string) error
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
// reply go out in one piece unless an invalid token falls among them.
func (e *emitter) write(b *block) error {
	slices.SortFunc(b.replies, func(x, y *messages.FactorReply) int {
		return cmp.Compare(x.FirstIndex, y.FirstIndex)
	})
	misfits := b.invalid
	// invalidBefore reports the invalid tokens that come before number off.
	invalidBefore := func(off int) error {
		for len(misfits) > 0 && misfits[0].offset <= off {
			if err := e.sink.Invalid(misfits[0].err); err != nil {
				return err
			}
			misfits = misfits[1:]
		}
		return nil
	}
	for _, r := range b.replies {
		lo := int(r.FirstIndex - b.first)
		if len(r.Failed) > 0 {
			for i := range int(r.Count) {
				if err := invalidBefore(lo + i); err != nil {
					return err
				}
				if err := e.sink.Abandoned(b.numberString(lo+i), r.Failed[uint32(i)]); err != nil {
					return err
				}
			}
			continue
		}
		var done uint32 // bytes of r.Output written
		for i := range r.LineEnds {
			if len(misfits) == 0 || misfits[0].offset > lo+i {
				continue
			}
			if i > 0 {
				if err := e.sink.Lines(r.Output[done:r.LineEnds[i-1]]); err != nil {
					return err
				}
				done = r.LineEnds[i-1]
			}
			if err := invalidBefore(lo + i); err != nil {
				return err
			}
		}
		if err := e.sink.Lines(r.Output[done:]); err != nil {
			return err
		}
	}
	return invalidBefore(len(b.numbers))
}
