package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/journal"
)

// Exit codes, as documented in the help text.
const (
	ExitOK          = 0
	ExitIncomplete  = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

// ErrIncomplete means some input was invalid or not factored; the details
// were already reported on stderr.
var ErrIncomplete = errors.New("some input was invalid or not factored")

// usageError is a command-line mistake.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// usageArgs makes a positional-argument check report a usage error.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// ExitCode maps the error returned by Run to the process exit code.
func ExitCode(err error) int {
	var usage *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage), errors.Is(err, journal.ErrMismatch):
		return ExitUsage
	case errors.Is(err, actors.ErrInterrupted):
		return ExitInterrupted
	}
	return ExitIncomplete
}
