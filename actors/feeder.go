package actors

import (
	"errors"
	"io"

	"github.com/actorfactor/actorfactor/internal/input"
)

// feeder reads the input on its own goroutine, so that no actor ever blocks
// on I/O. It reads only when the coordinator asks, one block at a time:
// that is the backpressure that keeps memory bounded.
type feeder struct {
	src input.Source
	// asks carries the number of tokens to read next; closing it stops the feeder.
	asks chan int
	// deliver hands a block to the coordinator.
	deliver func(*block)
}

func (f *feeder) run() {
	var seq, index uint64
	for n := range f.asks {
		b := &block{seq: seq, first: index, numbers: make([]uint64, 0, min(n, 1<<16))}
		for range n {
			tok, err := f.src.Next()
			if errors.Is(err, io.EOF) {
				b.eof = true
				break
			}
			if err != nil {
				b.err, b.eof = err, true
				break
			}
			switch {
			case tok.Err != nil:
				b.invalid = append(b.invalid, misfit{offset: len(b.numbers), err: tok.Err})
			case tok.Wide != nil:
				if b.wide == nil {
					b.wide = make(map[uint32][]byte)
				}
				b.wide[uint32(len(b.numbers))] = tok.Wide.Bytes()
				b.numbers = append(b.numbers, 0)
			default:
				b.numbers = append(b.numbers, tok.Value)
			}
		}
		seq++
		index += uint64(len(b.numbers))
		f.deliver(b)
	}
}
