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

// Append64 appends the line of n < 2^64 with its ascending prime factors.
// digits, when not nil, are n's decimal digits at hand, as an input
// token's are: they are copied instead of computed.
func (o Options) Append64(dst []byte, n uint64, digits []byte, factors []uint64) []byte {
	if o.Format == Text && !o.Exponents {
		// GNU factor's own format, the hot path of cheap numbers, without
		// appendLine's calls through function values, its digits written
		// in place.
		if digits != nil {
			dst = append(dst, digits...)
		} else {
			dst = appendDecimal(dst, n)
		}
		dst = append(dst, ':')
		for _, f := range factors {
			dst = appendDecimal(append(dst, ' '), f)
		}
		return append(dst, '\n')
	}
	return o.appendLine(dst, func(dst []byte) []byte { return appendDecimal(dst, n) }, len(factors),
		func(dst []byte, i int) []byte { return appendDecimal(dst, factors[i]) },
		func(i, j int) bool { return factors[i] == factors[j] })
}

// AppendWide appends the line of any n with its ascending prime factors.
func (o Options) AppendWide(dst []byte, n *big.Int, factors []*big.Int) []byte {
	return o.appendLine(dst, func(dst []byte) []byte { return n.Append(dst, 10) }, len(factors),
		func(dst []byte, i int) []byte { return factors[i].Append(dst, 10) },
		func(i, j int) bool { return factors[i].Cmp(factors[j]) == 0 })
}

// appendLine appends a number's line: appendNumber appends its digits,
// appendFactor factor i, and same reports whether factors i and j are equal.
func (o Options) appendLine(line []byte, appendNumber func([]byte) []byte, count int,
	appendFactor func([]byte, int) []byte, same func(i, j int) bool) []byte {
	switch o.Format {
	case JSON:
		line = append(appendNumber(append(line, `{"number":"`...)), `","factors":[`...)
		for i := range count {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(appendFactor(append(line, '"'), i), '"')
		}
		return append(line, "]}\n"...)
	case CSV:
		line = append(appendNumber(line), ',')
		for i := range count {
			if i > 0 {
				line = append(line, ' ')
			}
			line = appendFactor(line, i)
		}
		return append(line, '\n')
	}
	line = append(appendNumber(line), ':')
	for i := 0; i < count; {
		line = appendFactor(append(line, ' '), i)
		e := 1
		for o.Exponents && i+e < count && same(i, i+e) {
			e++
		}
		if e > 1 {
			line = strconv.AppendInt(append(line, '^'), int64(e), 10)
		}
		i += e
	}
	return append(line, '\n')
}

// Writer writes lines of factored numbers, as Options.Append64 and
// AppendWide make them, through a buffer, the CSV header first; call Flush
// when done. It is not safe for concurrent use.
type Writer struct {
	out        *bufio.Writer
	opts       Options
	headerDone bool
}

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer, opts Options) *Writer {
	return &Writer{out: bufio.NewWriterSize(w, 64<<10), opts: opts}
}

// WriteLines writes whole lines formatted with the Writer's options.
func (w *Writer) WriteLines(lines []byte) error {
	if w.opts.Format == CSV && !w.headerDone {
		w.headerDone = true
		if _, err := w.out.WriteString("number,factors\n"); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if _, err := w.out.Write(lines); err != nil {
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
