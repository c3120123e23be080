// Package output writes factorizations in GNU factor's text format (byte
// compatible with coreutils 9.x), or as JSON lines or CSV.
package output

import (
	"bufio"
	"fmt"
	"io"
	"math/big"
	"strconv"
)

// Format is an output format.
type Format int

// The output formats.
const (
	// Text is GNU factor's "N: p1 p2 ..." format.
	Text Format = iota
	// JSON is one object per line: {"number":"N","factors":["p1",...]}.
	JSON
	// CSV is a header line "number,factors" and then "N,p1 p2 ..." rows.
	CSV
)

// ParseFormat returns the Format named text, json or csv.
func ParseFormat(name string) (Format, error) {
	switch name {
	case "text":
		return Text, nil
	case "json":
		return JSON, nil
	case "csv":
		return CSV, nil
	}
	return 0, fmt.Errorf("unknown format %q (want text, json or csv)", name)
}

// String returns the name ParseFormat accepts.
func (f Format) String() string {
	return [...]string{"text", "json", "csv"}[f]
}

// Options configures a Writer.
type Options struct {
	Format Format
	// Exponents prints repeated factors as p^e in the text format.
	Exponents bool
}

// Writer writes one line per factored number through a buffer; call Flush
// when done. It is not safe for concurrent use.
type Writer struct {
	out        *bufio.Writer
	opts       Options
	line       []byte
	headerDone bool
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer, opts Options) *Writer {
	return &Writer{out: bufio.NewWriterSize(w, 64<<10), opts: opts, line: make([]byte, 0, 256)}
}

// Write64 writes the line of n < 2^64 with its ascending prime factors.
func (w *Writer) Write64(n uint64, factors []uint64) error {
	return w.write(strconv.AppendUint(w.line[:0], n, 10), len(factors),
		func(dst []byte, i int) []byte { return strconv.AppendUint(dst, factors[i], 10) },
		func(i, j int) bool { return factors[i] == factors[j] })
}

// WriteWide writes the line of any n with its ascending prime factors.
func (w *Writer) WriteWide(n *big.Int, factors []*big.Int) error {
	return w.write(n.Append(w.line[:0], 10), len(factors),
		func(dst []byte, i int) []byte { return factors[i].Append(dst, 10) },
		func(i, j int) bool { return factors[i].Cmp(factors[j]) == 0 })
}

// write finishes the line that starts with the number's digits in line.
// appendFactor appends factor i; same reports whether factors i and j are equal.
func (w *Writer) write(line []byte, count int, appendFactor func([]byte, int) []byte, same func(i, j int) bool) error {
	switch w.opts.Format {
	case JSON:
		line = append(append([]byte(`{"number":"`), line...), `","factors":[`...)
		for i := range count {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(appendFactor(append(line, '"'), i), '"')
		}
		line = append(line, "]}\n"...)
	case CSV:
		if !w.headerDone {
			w.headerDone = true
			if _, err := w.out.WriteString("number,factors\n"); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
		line = append(line, ',')
		for i := range count {
			if i > 0 {
				line = append(line, ' ')
			}
			line = appendFactor(line, i)
		}
		line = append(line, '\n')
	default:
		line = append(line, ':')
		for i := 0; i < count; {
			line = appendFactor(append(line, ' '), i)
			e := 1
			for w.opts.Exponents && i+e < count && same(i, i+e) {
				e++
			}
			if e > 1 {
				line = strconv.AppendInt(append(line, '^'), int64(e), 10)
			}
			i += e
		}
		line = append(line, '\n')
	}
	w.line = line
	if _, err := w.out.Write(line); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// Flush writes any buffered output.
func (w *Writer) Flush() error {
	if err := w.out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
