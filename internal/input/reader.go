package input

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Source yields tokens one at a time; Next returns io.EOF after the last.
type Source interface {
	Next() (Token, error)
}

// Reader is a Source over whitespace-separated text, read in a streaming way.
type Reader struct {
	in       io.Reader
	buf      []byte
	pos, end int
	// err is the error that ended reading: io.EOF or a read error.
	err  error
	line int
	// tok holds a token that straddles two reads.
	tok []byte
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{in: r, buf: make([]byte, 64<<10), line: 1}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// Next returns the next token, or io.EOF when the input is exhausted. Any
// other error is a read error of the underlying reader.
func (r *Reader) Next() (Token, error) {
	if !r.skipSpace() {
		return Token{}, r.err
	}
	line := r.line
	start := r.pos
	for r.pos < r.end && !isSpace(r.buf[r.pos]) {
		r.pos++
	}
	if r.pos < r.end {
		return locate(Parse(r.buf[start:r.pos]), "line", line), nil
	}
	// The token runs to the end of the buffer: gather the rest of it.
	r.tok = append(r.tok[:0], r.buf[start:r.pos]...)
	for r.fill() {
		start = r.pos
		for r.pos < r.end && !isSpace(r.buf[r.pos]) {
			r.pos++
		}
		if len(r.tok) <= MaxTokenLen {
			r.tok = append(r.tok, r.buf[start:r.pos]...)
		}
		if r.pos < r.end {
			break
		}
	}
	if r.err != nil && !errors.Is(r.err, io.EOF) {
		return Token{}, r.err
	}
	return locate(Parse(r.tok), "line", line), nil
}

// skipSpace consumes whitespace up to the next token, counting lines, and
// reports whether there is one.
func (r *Reader) skipSpace() bool {
	for {
		for ; r.pos < r.end; r.pos++ {
			c := r.buf[r.pos]
			if !isSpace(c) {
				return true
			}
			if c == '\n' {
				r.line++
			}
		}
		if !r.fill() {
			return false
		}
	}
}

// fill reads the next buffer; it reports false once the input is done.
func (r *Reader) fill() bool {
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

// Args is a Source over command-line arguments, one token each.
type Args struct {
	args []string
	next int
}

// NewArgs returns a Source over args.
func NewArgs(args []string) *Args { return &Args{args: args} }

// Next returns the token of the next argument, or io.EOF after the last.
func (a *Args) Next() (Token, error) {
	if a.next >= len(a.args) {
		return Token{}, io.EOF
	}
	a.next++
	n := a.next
	return locate(Parse([]byte(a.args[n-1])), "argument", n), nil
}

// locate names the position of an invalid token, e.g. "line 3".
func locate(t Token, unit string, n int) Token {
	if pe, ok := t.Err.(*ParseError); ok {
		pe.Where = unit + " " + strconv.Itoa(n)
	}
	return t
}

// Values is a Source over numbers already in memory.
type Values struct {
	values []uint64
}

// NewValues returns a Source over values.
func NewValues(values []uint64) *Values { return &Values{values: values} }

// Next returns the next value, or io.EOF after the last.
func (v *Values) Next() (Token, error) {
	if len(v.values) == 0 {
		return Token{}, io.EOF
	}
	t := Token{Value: v.values[0]}
	v.values = v.values[1:]
	return t, nil
}
