package cli

import (
	"fmt"
	"io"
	"math/big"

	"github.com/actorfactor/actorfactor/internal/output"
)

// streamSink writes results to stdout through an output.Writer and names
// invalid or abandoned input on stderr.
type streamSink struct {
	out    *output.Writer
	stderr io.Writer
	// lost counts the numbers reported as skipped.
	lost int
}

func (s *streamSink) Factored(n uint64, factors []uint64) error { return s.out.Write64(n, factors) }

func (s *streamSink) FactoredWide(n *big.Int, factors []*big.Int) error {
	return s.out.WriteWide(n, factors)
}

func (s *streamSink) Invalid(err error) error { return s.complain("%v", err) }

func (s *streamSink) Abandoned(number, reason string) error {
	s.lost++
	return s.complain("%s skipped: %s", number, reason)
}

func (s *streamSink) Flush() error { return s.out.Flush() }

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
