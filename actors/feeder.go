package actors

import (
	"errors"
	"io"

	"github.com/actorfactor/actorfactor/internal/input"
)

// heavyBits is the size above which a number is read as a block of its
// own: factoring it may take seconds or never end, and alone it holds back
// no other number's output and wedges no chunk of healthy numbers.
const heavyBits = 96

// feeder reads the input on its own goroutine, so that no actor ever blocks
// on I/O. It reads only when the coordinator asks, one block at a time:
// that is the backpressure that keeps memory bounded.
type feeder struct {
	src input.Source
	// asks carries the number of tokens to read next; closing it stops the feeder.
	asks chan int
	// deliver hands a block to the coordinator.
	deliver func(*block)
	// pending is a heavy number read at the end of the last block, which
	// starts the next one, when hasPending is set.
	pending    input.Token
	hasPending bool
	// ended is set once a block ended the input (at its end or on an
	// error): the source is not read again, later asks get empty blocks.
	ended bool
}

func (f *feeder) run() {
	var seq, index uint64
	for n := range f.asks {
		b := &block{seq: seq, first: index, eof: f.ended}
		if !f.ended {
			b.numbers = make([]uint64, 0, min(n, 1<<16))
			f.fill(b, n)
			f.ended = b.eof
		}
		seq++
		index += uint64(len(b.numbers))
		f.deliver(b)
	}
}

// fill reads up to n tokens into b. A heavy number ends the block before
// it, unless it is the block's first number: then it is the only one.
func (f *feeder) fill(b *block, n int) {
	for range n {
		tok, err := f.next()
		if errors.Is(err, io.EOF) {
			b.eof = true
			return
		}
		if err != nil {
			b.err, b.eof = err, true
			return
		}
		switch {
		case tok.Err != nil:
			b.invalid = append(b.invalid, misfit{offset: len(b.numbers), err: tok.Err})
		case tok.Wide != nil && tok.Wide.BitLen() > heavyBits && len(b.numbers) > 0:
			f.pending, f.hasPending = tok, true
			return
		case tok.Wide != nil:
			if b.wide == nil {
				b.wide = make(map[uint32][]byte)
			}
			b.wide[uint32(len(b.numbers))] = tok.Wide.Bytes()
			b.numbers = append(b.numbers, 0)
			if tok.Wide.BitLen() > heavyBits {
				b.heavy = true
				return
			}
		default:
			b.numbers = append(b.numbers, tok.Value)
		}
	}
}

// next returns the pending token, if any, else the next one of the source.
func (f *feeder) next() (input.Token, error) {
	if f.hasPending {
		f.hasPending = false
		return f.pending, nil
	}
	return f.src.Next()
}
