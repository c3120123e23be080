package cli

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// errClosedStdout is returned when the command was started with its
// standard output closed.
var errClosedStdout = errors.New("write error: standard output is closed (bad file descriptor)")

// checkOpen reports errClosedStdout when w is the process's standard output
// and it was closed at start (actorfactor >&-). The Go runtime then opens
// /dev/null read-write in its place, so that writes would vanish without
// an error; a shell redirection to /dev/null opens it write-only.
func checkOpen(w io.Writer) error {
	f, ok := w.(*os.File)
	if !ok || f.Fd() != uintptr(syscall.Stdout) {
		return nil
	}
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, f.Fd(), syscall.F_GETFL, 0)
	if errno != 0 || flags&syscall.O_ACCMODE != syscall.O_RDWR {
		return nil
	}
	var out, null syscall.Stat_t
	if syscall.Fstat(int(f.Fd()), &out) != nil || syscall.Stat(os.DevNull, &null) != nil {
		return nil
	}
	if out.Mode&syscall.S_IFMT == syscall.S_IFCHR && out.Rdev == null.Rdev {
		return errClosedStdout
	}
	return nil
}
