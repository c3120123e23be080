package actors

import (
	"bytes"
	"errors"
	"io"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
)

// Source cuts the input into pieces of whole tokens: input.NewReader for
// text, input.NewArgs for arguments (the command line's own sources; Run
// reads an io.Reader).
type Source interface {
	// Cut returns the next piece of at most n tokens, fewer at the end of
	// the input or before a long token. It returns io.EOF with the last
	// piece, which may be empty, and a read error with the tokens read
	// before it.
	Cut(n int) (input.Piece, error)
}

// feeder cuts the input into blocks on its own goroutine, so that no actor
// ever blocks on I/O. It cuts only when the coordinator asks, one block at
// a time: that is the backpressure that keeps memory bounded. It does not
// parse: the workers do.
type feeder struct {
	src Source
	// asks carries the number of tokens to cut next; closing it stops the feeder.
	asks chan int
	// deliver hands a block to the coordinator.
	deliver func(*core.Block)
	// ended is set once a block ended the input (at its end or on an
	// error): the source is not read again, later asks get empty blocks.
	ended bool
}

func (f *feeder) run() {
	var seq, index uint64
	for n := range f.asks {
		fed := &struct { // one allocation for the block and its piece
			block core.Block
			piece input.Piece
		}{}
		piece, b := &fed.piece, &fed.block
		*b = core.Block{Seq: seq, First: index, EOF: f.ended, Data: piece, Keys: pieceKeys{piece}}
		if !f.ended {
			var err error
			*piece, err = f.src.Cut(n)
			b.Tokens, b.EOF = piece.Len(), err != nil
			if err != nil && !errors.Is(err, io.EOF) {
				b.Err = err
			}
			// A long token comes as a block of its own: a number that long
			// may take long, and alone it holds back no other number.
			b.Heavy = b.Tokens == 1 && len(piece.Text) > input.LongToken
			f.ended = b.EOF
		}
		seq++
		index += uint64(b.Tokens)
		f.deliver(b)
	}
}

// pieceOf returns the piece of input a block holds.
func pieceOf(b *core.Block) *input.Piece { return b.Data.(*input.Piece) }

// pieceKeys gives the values of a piece's tokens. It holds a pointer
// alone, so that as a core.Keys it takes no allocation.
type pieceKeys struct{ piece *input.Piece }

// Key returns the value of token i in decimal, the same for every way of
// writing it, or the token itself when it is not a number. It shares the
// piece's text.
func (k pieceKeys) Key(i int) []byte {
	text := bytes.TrimLeft(k.piece.Range(i, i+1), " ") // an argument may start with spaces
	digits := bytes.TrimLeft(bytes.TrimPrefix(text, []byte("+")), "0")
	if len(digits) == 0 && len(text) > 0 && text[len(text)-1] == '0' {
		return text[len(text)-1:]
	}
	return digits
}
