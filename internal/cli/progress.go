package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"

	"golang.org/x/term"

	"github.com/actorfactor/actorfactor/internal/progress"
)

// progressModes are the values of --progress.
var progressModes = []string{"auto", "always", "never"}

// startProgress draws the progress of the run that writes to sink, through
// an input of size (see inputSize), on stderr, when mode asks for it:
// always, or auto when stderr is a terminal. While it is drawn, the sink's
// messages go above the progress line, and so do its results when stdout
// is the same terminal: it returns the writer for results, and the
// function that removes the line and gives the sink its stderr back.
func startProgress(mode string, streams IO, size int64, sink *streamSink) (stdout io.Writer, stop func()) {
	if mode == "never" || (mode == "auto" && !isTerminal(streams.Stderr)) {
		return streams.Stdout, func() {}
	}
	display := progress.Start(streams.Stderr, sink.reached, progress.Options{
		Total: size,
		Color: os.Getenv("NO_COLOR") == "",
		Force: mode == "always",
	})
	above := display.Above()
	sink.stderr, stdout = above, streams.Stdout
	if sameFile(streams.Stdout, streams.Stderr) {
		stdout = above
	}
	return stdout, sync.OnceFunc(func() {
		above.Flush()
		display.Stop()
		sink.stderr = streams.Stderr
	})
}

// isTerminal reports whether w is a terminal (not /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// sameFile reports whether a and b are the same open file, such as one
// terminal.
func sameFile(a, b any) bool {
	fa, okA := a.(*os.File)
	fb, okB := b.(*os.File)
	if !okA || !okB {
		return false
	}
	var sa, sb syscall.Stat_t
	if syscall.Fstat(int(fa.Fd()), &sa) != nil || syscall.Fstat(int(fb.Fd()), &sb) != nil {
		return false
	}
	return sa.Dev == sb.Dev && sa.Ino == sb.Ino
}

// inputSize returns the size of the input in the unit of input.Piece.End:
// the number of arguments, or what is left to read of a regular file on
// stdin from origin (see inputOffset); 0 when unknown.
func inputSize(stdin io.Reader, args []string, origin int64) int64 {
	if len(args) > 0 {
		return int64(len(args))
	}
	f, ok := stdin.(*os.File)
	if !ok {
		return 0
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return 0
	}
	return info.Size() - origin
}

// inputOffset returns where reading a regular file on stdin begins, 0 for
// any other input.
func inputOffset(stdin io.Reader, args []string) int64 {
	f, ok := stdin.(*os.File)
	if !ok || len(args) > 0 {
		return 0
	}
	offset, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0
	}
	return offset
}

// validProgress checks a --progress mode.
func validProgress(mode string) error {
	for _, m := range progressModes {
		if m == mode {
			return nil
		}
	}
	return fmt.Errorf("unknown --progress %q (want auto, always or never)", mode)
}
