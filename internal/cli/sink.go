package cli

import (
	"fmt"
	"io"
	"sync/atomic"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
)

// streamSink writes results to stdout through an output.Writer, names
// invalid input on stderr at once, gathers the skipped numbers to name
// each value once when the run is over, and follows how far the written
// results reach.
type streamSink struct {
	out    *output.Writer
	stderr io.Writer
	// tokens counts the tokens written; end is where they end in the
	// input (see input.Piece.End). Both may be read while a run goes on.
	tokens, end atomic.Int64
	// origin is where reading began: a regular file on stdin may have been
	// read in part before.
	origin int64
	// invalid counts the invalid tokens named; lost the numbers reported
	// as skipped; skipped holds each skipped value once, in order of first
	// occurrence.
	invalid, lost int
	skipped       []*skippedNumber
	skippedAt     map[string]*skippedNumber
}

// skippedNumber is a value that was skipped, why, and how often.
type skippedNumber struct {
	number string
	reason core.Reason
	count  int
}

func (s *streamSink) Lines(lines []byte) error { return s.out.WriteLines(lines) }

func (s *streamSink) Invalid(message string) error {
	s.invalid++
	return s.complain("%s", message)
}

func (s *streamSink) Skipped(number string, reason core.Reason) error {
	s.lost++
	if seen, ok := s.skippedAt[number]; ok {
		seen.count++
		return nil
	}
	if s.skippedAt == nil {
		s.skippedAt = make(map[string]*skippedNumber)
	}
	skip := &skippedNumber{number: number, reason: reason, count: 1}
	s.skippedAt[number] = skip
	s.skipped = append(s.skipped, skip)
	return nil
}

func (s *streamSink) Written(p input.Piece) error {
	if p.Len() > 0 { // the empty blocks read after the end say nothing
		s.tokens.Add(int64(p.Len()))
		s.end.Store(p.End)
	}
	return nil
}

func (s *streamSink) Flush() error { return s.out.Flush() }

// reached returns how many tokens were written and where they end in the
// input; it may be called while a run goes on.
func (s *streamSink) reached() (tokens, end int64) { return s.tokens.Load(), s.end.Load() }

// answered returns how many numbers got their line of factors.
func (s *streamSink) answered() int64 { return s.tokens.Load() - int64(s.invalid+s.lost) }

// maxGivenUp is the longest number named whole when given up for its
// number timeout.
const maxGivenUp = 1000

// nameSkipped names every skipped value on stderr, once, with its count
// when it occurred more than once.
func (s *streamSink) nameSkipped() error {
	for _, skip := range s.skipped {
		times := ""
		if skip.count > 1 {
			times = fmt.Sprintf(" (%d times)", skip.count)
		}
		format, number := "actorfactor: %s skipped: %s%s\n", input.Shorten(skip.number)
		if skip.reason.Why == core.NotFactored && len(skip.number) <= maxGivenUp {
			// "N not factored within D", N whole: the user will try it elsewhere.
			format, number = "actorfactor: %s %s%s\n", skip.number
		}
		if _, err := fmt.Fprintf(s.stderr, format, number, skip.reason, times); err != nil {
			return fmt.Errorf("write stderr: %w", err)
		}
	}
	return nil
}

// complain flushes stdout first, so that a terminal shows both streams in
// input order, then writes one error line.
func (s *streamSink) complain(format string, args ...any) error {
	if err := s.out.Flush(); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(s.stderr, "actorfactor: "+format+"\n", args...); err != nil {
		return fmt.Errorf("write stderr: %w", err)
	}
	return nil
}
