package cli

import (
	"errors"
	"fmt"

	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/journal"
	"github.com/actorfactor/actorfactor/internal/output"
)

// resume opens the journal at path for a run with output options opts:
// it checks that src starts with the tokens the journal holds, cuts them
// from src, and writes their results to sink from the journal.
func resume(path string, opts output.Options, src input.Cutter, sink *streamSink) (*journal.Journal, error) {
	j, err := journal.Open(path, outputFlags(opts))
	if err != nil {
		return nil, err
	}
	end, err := j.Skip(src)
	if err == nil {
		sink.tokens.Store(int64(j.Resumed()))
		sink.end.Store(end)
		err = j.Replay(sink)
	}
	if err != nil {
		return nil, errors.Join(err, j.Close())
	}
	return j, nil
}

// outputFlags names the flags that shape output as opts says: a journal
// holds output of one shape.
func outputFlags(opts output.Options) string {
	flags := "--format " + opts.Format.String()
	if opts.Exponents {
		flags += " -h"
	}
	return flags
}

// journaledSink passes every result both to the run's output and to its
// journal.
type journaledSink struct {
	*streamSink
	journal *journal.Journal
}

func (s journaledSink) Lines(lines []byte) error {
	return errors.Join(s.streamSink.Lines(lines), s.journal.Lines(lines))
}

func (s journaledSink) Invalid(message string) error {
	return errors.Join(s.streamSink.Invalid(message), s.journal.Invalid(message))
}

func (s journaledSink) Skipped(number string, reason core.Reason) error {
	return errors.Join(s.streamSink.Skipped(number, reason), s.journal.Skipped())
}

func (s journaledSink) Written(p input.Piece) error {
	return errors.Join(s.streamSink.Written(p), s.journal.Written(p))
}

// Flush flushes the journal first: what reaches stdout is in the journal.
func (s journaledSink) Flush() error {
	return errors.Join(s.journal.Flush(), s.streamSink.Flush())
}

// journalNote says how a journal's run goes on.
func journalNote(path string) string {
	return fmt.Sprintf("rerun the same command: journal %s holds the answers so far", path)
}
