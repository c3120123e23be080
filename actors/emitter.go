package actors

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/actorfactor/actorfactor/messages"
)

// Sink receives the results of a run, in emission order, from one goroutine.
type Sink interface {
	// Factored receives a number below 2^64 and its ascending prime factors.
	Factored(n uint64, factors []uint64) error
	// FactoredWide receives a number of 2^64 or more and its prime factors.
	FactoredWide(n *big.Int, factors []*big.Int) error
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
	wide    []*big.Int
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
func (e *emitter) write(b *block) error {
	slices.SortFunc(b.replies, func(x, y *messages.FactorReply) int {
		return cmp.Compare(x.FirstIndex, y.FirstIndex)
	})
	misfits := b.invalid
	for _, r := range b.replies {
		lo := int(r.FirstIndex - b.first)
		factors := r.Factors
		for i, count := range r.Counts {
			off := lo + i
			for len(misfits) > 0 && misfits[0].offset <= off {
				if err := e.sink.Invalid(misfits[0].err); err != nil {
					return err
				}
				misfits = misfits[1:]
			}
			var err error
			if reason, ok := r.Failed[uint32(i)]; ok {
				err = e.sink.Abandoned(b.numberString(off), reason)
			} else if wf, ok := r.Wide[uint32(i)]; ok {
				err = e.writeWide(b.wide[uint32(off)], wf)
			} else {
				err = e.sink.Factored(b.numbers[off], factors[:count])
			}
			if err != nil {
				return err
			}
			factors = factors[count:]
		}
	}
	for _, m := range misfits {
		if err := e.sink.Invalid(m.err); err != nil {
			return err
		}
	}
	return nil
}

func (e *emitter) writeWide(mag []byte, wf *messages.WideFactors) error {
	e.wide = e.wide[:0]
	for _, f := range wf.Factors {
		e.wide = append(e.wide, new(big.Int).SetBytes(f))
	}
	return e.sink.FactoredWide(new(big.Int).SetBytes(mag), e.wide)
}
