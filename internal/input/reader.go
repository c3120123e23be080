package input

import (
	"bufio"
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
	in   *bufio.Reader
	line int
	tok  []byte
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{in: bufio.NewReaderSize(r, 64<<10), line: 1}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// Next returns the next token, or io.EOF when the input is exhausted. Any
// other error is a read error of the underlying reader.
func (r *Reader) Next() (Token, error) {
	if err := r.skipSpace(); err != nil {
		return Token{}, err
	}
	line := r.line
	r.tok = r.tok[:0]
	for {
		c, err := r.in.ReadByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Token{}, fmt.Errorf("read input: %w", err)
		}
		if isSpace(c) {
			if c == '\n' {
				r.line++
			}
			break
		}
		if len(r.tok) <= MaxTokenLen {
			r.tok = append(r.tok, c)
		}
	}
	return locate(Parse(r.tok), "line", line), nil
}

// skipSpace consumes whitespace up to the next token, counting lines.
func (r *Reader) skipSpace() error {
	for {
		c, err := r.in.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return fmt.Errorf("read input: %w", err)
		}
		if !isSpace(c) {
			return r.in.UnreadByte()
		}
		if c == '\n' {
			r.line++
		}
	}
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
