package actors

import (
	"errors"
	"io"

	"github.com/actorfactor/actorfactor/internal/input"
)

// feeder cuts the input into blocks on its own goroutine, so that no actor
// ever blocks on I/O. It cuts only when the coordinator asks, one block at
// a time: that is the backpressure that keeps memory bounded. It does not
// parse: the workers do.
type feeder struct {
	src input.Cutter
	// asks carries the number of tokens to cut next; closing it stops the feeder.
	asks chan int
	// deliver hands a block to the coordinator.
	deliver func(*block)
	// ended is set once a block ended the input (at its end or on an
	// error): the source is not read again, later asks get empty blocks.
	ended bool
}

func (f *feeder) run() {
	var seq, index uint64
	for n := range f.asks {
		b := &block{seq: seq, first: index, eof: f.ended}
		if !f.ended {
			piece, err := f.src.Cut(n)
			b.piece, b.eof = piece, err != nil
			if err != nil && !errors.Is(err, io.EOF) {
				b.err = err
			}
			// A long token comes as a block of its own: a number that long
			// may take long, and alone it holds back no other number.
			b.heavy = b.tokens() == 1 && len(piece.Text) > input.LongToken
			f.ended = b.eof
		}
		seq++
		index += uint64(b.tokens())
		f.deliver(b)
	}
}
