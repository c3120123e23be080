package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/actorfactor/actorfactor/actors"
)

// SignalContext returns a context that is done at the first SIGINT or
// SIGTERM, when a run drains, which it says on stderr; a second signal
// exits at once with status 130, also when the signals were ignored when
// the process started (a background job of a script). Call stop when the
// run is over.
func SignalContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-signals
		fmt.Fprintf(stderr, "actorfactor: %v: finishing the chunks in flight; signal again to abort\n", sig)
		cancel()
		<-signals
		os.Exit(ExitInterrupted)
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel()
	}
}

// errDeadline is the cause of a run's context when --deadline passed.
var errDeadline = errors.New("deadline passed")

// stopError ends a run that stopped before the end of its input: it says
// how many numbers were answered, where the answers end in the input, and
// how to go on.
type stopError struct {
	// reason is actors.ErrInterrupted or errDeadline.
	reason error
	// deadline is the --deadline that passed, if that is the reason.
	deadline time.Duration
	// answered counts the numbers printed; where describes the input they
	// cover; next says how to go on.
	answered int64
	where    string
	next     string
}

func (e *stopError) Error() string {
	cause := "interrupted"
	if errors.Is(e.reason, errDeadline) {
		cause = fmt.Sprintf("deadline %v passed", e.deadline)
	}
	msg := fmt.Sprintf("%s: %d numbers answered", cause, e.answered)
	if e.where != "" {
		msg += ", " + e.where
	}
	if e.next != "" {
		msg += "\nactorfactor: to go on, " + e.next
	}
	return msg
}

func (e *stopError) Unwrap() error { return e.reason }

// stopped describes a run that ended early because ctx was done: ctx's
// cause tells an interrupt from a deadline.
func stopped(ctx context.Context, f factorFlags, args []string, sink *streamSink) *stopError {
	e := &stopError{reason: actors.ErrInterrupted, answered: sink.answered()}
	if errors.Is(context.Cause(ctx), errDeadline) {
		e.reason, e.deadline = errDeadline, f.deadline
	}
	end := sink.end.Load()
	switch {
	case f.journal != "":
		e.next = journalNote(f.journal)
	case f.unordered:
		e.where = "in no order (--unordered): rerun the whole input"
	case len(args) > 0:
		e.where = fmt.Sprintf("the first %d arguments", end)
		if int(end) < len(args) {
			e.next = fmt.Sprintf("pass the arguments from number %d on", end+1)
		}
	default:
		end += sink.origin
		e.where = fmt.Sprintf("the input up to byte %d", end)
		e.next = fmt.Sprintf("factor the rest of the input: tail -c +%d FILE | actorfactor ...", end+1)
	}
	return e
}
