package input

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
)

// Piece is a run of whole tokens of the input, cut without parsing them.
type Piece struct {
	// Text holds the tokens: text input as it was read, from the first
	// token to the last; arguments separated by NUL bytes.
	Text []byte
	// Starts holds the offset of each token in Text.
	Starts []uint32
	// FirstLine is the line of the first token, or its argument number.
	FirstLine int
	// Args says that the tokens are command-line arguments.
	Args bool
	// End is where the piece ends in the input: the offset of the byte
	// after its last token, or for arguments the number of the last.
	End int64
}

// Len returns the number of tokens of the piece.
func (p Piece) Len() int { return len(p.Starts) }

// Range returns the text of tokens [lo, hi), as the text of a piece of
// its own whose first line is Line(lo).
func (p Piece) Range(lo, hi int) []byte {
	end := len(p.Text)
	if hi < p.Len() {
		end = int(p.Starts[hi]) - 1 // the separator before token hi
		if !p.Args {
			end = len(trimSpace(p.Text[:end]))
		}
	}
	return p.Text[p.Starts[lo]:end]
}

// Line returns the line (or argument number) of token i.
func (p Piece) Line(i int) int {
	if p.Args {
		return p.FirstLine + i
	}
	return p.FirstLine + bytes.Count(p.Text[:p.Starts[i]], []byte{'\n'})
}

// LongToken is the longest token a Piece shares with others: a longer one
// (a number of more than 96 bits) is a piece of its own.
const LongToken = 29

// Cutter cuts the input into pieces.
type Cutter interface {
	// Cut returns the next piece of at most n tokens, fewer at the end of
	// the input or before a long token. It returns io.EOF with the last
	// piece, which may be empty, and a read error with the tokens read
	// before it.
	Cut(n int) (Piece, error)
}

// Reader is a Cutter over whitespace-separated text, read in a streaming way.
type Reader struct {
	in       io.Reader
	buf      []byte
	pos, end int
	// base is the input offset of buf[0]; tokenEnd that of the byte after
	// the last token cut.
	base, tokenEnd int64
	// err is the error that ended reading: io.EOF or a read error.
	err  error
	line int
	// long holds a long token found at the end of the last piece, longLine
	// its line and longEnd its end: it is the next piece.
	long     []byte
	longLine int
	longEnd  int64
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{in: r, buf: make([]byte, 64<<10), line: 1}
}

// space marks the bytes that separate tokens: ASCII whitespace.
var space = [256]bool{' ': true, '\n': true, '\t': true, '\r': true, '\v': true, '\f': true}

// Cut returns the next piece of at most n tokens. Its text is the input's
// own, from the first token to the last, copied a buffer at a time.
func (r *Reader) Cut(n int) (Piece, error) {
	if r.long != nil {
		p := Piece{Text: r.long, Starts: []uint32{0}, FirstLine: r.longLine, End: r.longEnd}
		r.long = nil
		return p, nil
	}
	p := Piece{End: r.tokenEnd}
	if !r.skipSpace(nil, nil) {
		return p, r.err
	}
	expect := min(n, 1<<12)
	p.Text, p.Starts, p.FirstLine = make([]byte, 0, 8*expect), make([]uint32, 0, expect), r.line
	from := r.pos // the start of the bytes of buf not yet in p.Text
	for len(p.Starts) < n {
		if len(p.Starts) > 0 {
			// Inline first: the whitespace after a token is mostly in the
			// buffer at hand, and the call costs a quarter of the cut.
			r.pos, r.line = skipSpaceIn(r.buf[:r.end], r.pos, r.line)
			if r.pos == r.end && !r.skipSpace(&p.Text, &from) {
				break
			}
		}
		start, line := len(p.Text)+r.pos-from, r.line
		for r.scanToken() {
			// The token runs to the end of the buffer: keep what there is,
			// at most MaxTokenLen+1 bytes of it, and read on.
			keep := min(r.pos, from+max(0, start+MaxTokenLen+1-len(p.Text)))
			p.Text = append(p.Text, r.buf[from:max(keep, from)]...)
			from = 0
			if !r.fill() {
				break
			}
		}
		if r.pos == r.end && r.err != nil && !errors.Is(r.err, io.EOF) {
			// A read error cut the token short: drop it.
			p.Text = trimSpace(append(p.Text, r.buf[from:r.pos]...)[:start])
			r.tokenEnd = p.End
			return p, r.err
		}
		if len(p.Text)+r.pos-from-start > LongToken {
			if len(p.Starts) > 0 {
				// A long token is the next piece: cut this one before it.
				p.Text = append(p.Text, r.buf[from:r.pos]...)
				r.long, r.longLine = append([]byte(nil), p.Text[start:]...), line
				r.longEnd, r.tokenEnd = r.base+int64(r.pos), r.base+int64(r.pos)
				p.Text = trimSpace(p.Text[:start])
				return p, nil
			}
			p.Starts = append(p.Starts, 0)
			p.End = r.base + int64(r.pos)
			break
		}
		p.Starts = append(p.Starts, uint32(start))
		p.End = r.base + int64(r.pos)
	}
	r.tokenEnd = p.End
	p.Text = trimSpace(append(p.Text, r.buf[from:r.pos]...))
	if r.pos == r.end && r.err != nil {
		return p, r.err
	}
	return p, nil
}

// scanToken moves past the bytes of a token; it reports true when the
// token runs to the end of the buffer.
func (r *Reader) scanToken() bool {
	buf, pos := r.buf[:r.end], r.pos
	for ; pos+8 <= len(buf); pos += 8 {
		if m := spaceMask(binary.LittleEndian.Uint64(buf[pos:])); m != 0 {
			r.pos = pos + bits.TrailingZeros64(m)/8
			return false
		}
	}
	for pos < len(buf) && !space[buf[pos]] {
		pos++
	}
	r.pos = pos
	return pos == len(buf)
}

// spaceMask returns the high bit of each byte of w that is whitespace (as
// space says), eight bytes at a time: a byte below 0x80 is whitespace when
// it is in [9, 14) or [32, 33). Adding 0x80-k to the low seven bits of a
// byte sets its high bit exactly when they are at least k, and never
// carries into the next byte.
func spaceMask(w uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x80 * ones
	)
	low := w &^ high
	atLeast := func(k uint64) uint64 { return low + (0x80-k)*ones }
	return (atLeast(9)&^atLeast(14) | atLeast(32)&^atLeast(33)) &^ w & high
}

// skipSpaceIn returns the position of the first byte from pos on in buf
// that is not whitespace (or len(buf)), and line advanced by the line
// breaks on the way.
func skipSpaceIn(buf []byte, pos, line int) (int, int) {
	for pos < len(buf) && space[buf[pos]] {
		if buf[pos] == '\n' {
			line++
		}
		pos++
	}
	return pos, line
}

// trimSpace returns text without its trailing whitespace.
func trimSpace(text []byte) []byte {
	for len(text) > 0 && space[text[len(text)-1]] {
		text = text[:len(text)-1]
	}
	return text
}

// skipSpace consumes whitespace up to the next token, counting lines, and
// reports whether there is one. Inside a piece (text not nil) the bytes of
// buf from *from on are kept in text before the buffer is read anew: the
// whitespace separates the piece's tokens, and its line breaks count.
func (r *Reader) skipSpace(text *[]byte, from *int) bool {
	for {
		if r.pos, r.line = skipSpaceIn(r.buf[:r.end], r.pos, r.line); r.pos < r.end {
			return true
		}
		if text != nil {
			*text = append(*text, r.buf[*from:r.pos]...)
			*from = 0
		}
		if !r.fill() {
			return false
		}
	}
}

// fill reads the next buffer; it reports false once the input is done.
func (r *Reader) fill() bool {
	r.base += int64(r.end)
	r.pos, r.end = 0, 0 // also when a read returned data with its error
	for r.err == nil {
		n, err := r.in.Read(r.buf)
		if err != nil && !errors.Is(err, io.EOF) {
			err = fmt.Errorf("read input: %w", err)
		}
		r.pos, r.end, r.err = 0, n, err
		if n > 0 {
			return true
		}
	}
	return false
}

// Args is a Cutter over command-line arguments, one token each.
type Args struct {
	args []string
	next int
}

// NewArgs returns a Cutter over args.
func NewArgs(args []string) *Args { return &Args{args: args} }

// Cut returns the next piece of at most n arguments.
func (a *Args) Cut(n int) (Piece, error) {
	p := Piece{Args: true, FirstLine: a.next + 1}
	for a.next < len(a.args) && len(p.Starts) < n {
		arg := a.args[a.next]
		if len(arg) > LongToken && len(p.Starts) > 0 {
			break
		}
		if len(p.Starts) > 0 {
			p.Text = append(p.Text, 0)
		}
		p.Starts = append(p.Starts, uint32(len(p.Text)))
		p.Text = append(p.Text, arg...)
		a.next++
		if len(arg) > LongToken {
			break
		}
	}
	p.End = int64(a.next)
	if a.next == len(a.args) {
		return p, io.EOF
	}
	return p, nil
}

// Values is a Cutter over numbers already in memory, one per line.
type Values struct {
	values []uint64
	line   int
}

// NewValues returns a Cutter over values.
func NewValues(values []uint64) *Values { return &Values{values: values, line: 1} }

// Cut returns the next piece of at most n values.
func (v *Values) Cut(n int) (Piece, error) {
	p := Piece{FirstLine: v.line}
	for len(v.values) > 0 && len(p.Starts) < n {
		if len(p.Starts) > 0 {
			p.Text = append(p.Text, '\n')
		}
		p.Starts = append(p.Starts, uint32(len(p.Text)))
		p.Text = strconv.AppendUint(p.Text, v.values[0], 10)
		v.values = v.values[1:]
		v.line++
	}
	if len(v.values) == 0 {
		return p, io.EOF
	}
	return p, nil
}

// Tokens walks the tokens of a piece's text, each parsed and, when
// invalid, named by its line or argument number, in the manner of a
// bufio.Scanner: Scan parses the next token and Token returns it.
type Tokens struct {
	text []byte
	pos  int
	line int
	args bool
	done bool
	tok  Token
}

// NewTokens returns the tokens of text, cut as a Piece's Text is, whose
// first token is on line firstLine (or is argument firstLine).
func NewTokens(text []byte, firstLine int, args bool) *Tokens {
	return &Tokens{text: text, line: firstLine, args: args, done: !args && len(text) == 0}
}

// Token returns the token the last Scan parsed; the next Scan overwrites
// it.
func (t *Tokens) Token() *Token { return &t.tok }

// Scan parses the next token; it reports false after the last.
func (t *Tokens) Scan() bool {
	if t.done {
		return false
	}
	if t.args {
		start := t.pos
		for t.pos < len(t.text) && t.text[t.pos] != 0 {
			t.pos++
		}
		arg := t.text[start:t.pos]
		// Like GNU factor, an argument may start with spaces.
		if t.tok = Parse(bytes.TrimLeft(arg, " ")); t.tok.Err != nil {
			t.tok = locate(Parse(arg), "argument", t.line)
		}
		t.line++
		t.pos++
		t.done = t.pos > len(t.text)
		return true
	}
	text := t.text
	start, line := skipSpaceIn(text, t.pos, t.line)
	// Most tokens are plain numbers below 10^19: they are parsed as they
	// are scanned, with no second pass.
	v, n := leadingDigits(text[start:])
	pos := start + n
	if n > 0 && (pos == len(text) || space[text[pos]]) {
		t.pos, t.line = pos, line
		t.tok.Value, t.tok.Wide, t.tok.Err, t.tok.Digits = v, nil, nil, nil
		if text[start] != '0' {
			t.tok.Digits = text[start:pos]
		}
		return true
	}
	for pos < len(text) && !space[text[pos]] {
		pos++
	}
	t.pos, t.line = pos, line
	if start == pos {
		t.done = true
		return false
	}
	if t.tok = Parse(text[start:pos]); t.tok.Err != nil {
		t.tok = locate(t.tok, "line", line)
	}
	return true
}

// locate names the position of an invalid token, e.g. "line 3".
func locate(t Token, unit string, n int) Token {
	if pe, ok := t.Err.(*ParseError); ok {
		pe.Where = unit + " " + strconv.Itoa(n)
	}
	return t
}
