package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// runGNU pipes the batch, one number a line, through the GNU factor at
// path. Its CPU time is the child process's.
func runGNU(path string) runFunc {
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		in := make([]byte, 0, 21*len(batch))
		for _, n := range batch {
			in = append(strconv.AppendUint(in, n, 10), '\n')
		}
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, path)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), out, &stderr
		if err := cmd.Run(); err != nil {
			return outcome{}, fmt.Errorf("%s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
		}
		return outcome{cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
	}
}
