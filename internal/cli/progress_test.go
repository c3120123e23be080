package cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onTerminal runs the test binary as actorfactor on stdin with its stderr,
// and its stdout too when both is set, on a pseudo-terminal of 100x24; it
// returns what the terminal showed and what went to stdout otherwise.
func onTerminal(t *testing.T, stdin string, both bool, env []string, args ...string) (terminal, stdout string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	defer ptmx.Close()
	require.NoError(t, pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 100}))
	cmd := exec.Command(os.Args[0], append([]string{"--"}, args...)...)
	cmd.Env = append(append(os.Environ(), "ACTORFACTOR_AS_COMMAND=1"), env...)
	in, err := os.Open(stdin)
	require.NoError(t, err)
	defer in.Close()
	var out bytes.Buffer
	cmd.Stdin, cmd.Stderr, cmd.Stdout = in, tty, &out
	if both {
		cmd.Stdout = tty
	}
	require.NoError(t, cmd.Start())
	tty.Close()
	shown, _ := io.ReadAll(ptmx) // ends with EIO once the command is gone
	require.NoError(t, cmd.Wait())
	return string(shown), out.String()
}

// withoutEscapes returns what a terminal shows as text: the escape
// sequences removed and line ends made plain.
func withoutEscapes(shown string) string {
	return strings.ReplaceAll(regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]").ReplaceAllString(shown, ""), "\r\n", "\n")
}

// slowBatch writes a batch that takes about half a second to a file.
func slowBatch(t *testing.T) (path, answer string) {
	t.Helper()
	input, answer := batch(t, 1000)
	path = filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.WriteFile(path, []byte(input), 0o644))
	return path, answer
}

var slow = []string{"--chaos-delay", "4ms", "--chunk", "8", "--workers", "2"}

func TestProgressIsDrawnOnATerminalAndStdoutStaysPure(t *testing.T) {
	t.Parallel()
	stdin, answer := slowBatch(t)
	shown, stdout := onTerminal(t, stdin, false, nil, slow...)
	assert.Equal(t, answer, stdout)
	assert.Regexp(t, `\d+ numbers +\d+/s +\[=*>?-*\] +\d+ % ETA `, withoutEscapes(shown))
	assert.Contains(t, shown, "\x1b[32m", "the bar is green")
	assert.True(t, strings.HasSuffix(shown, "\x1b[J"), "the line is cleared at the end: %q", shown[max(0, len(shown)-40):])
}

func TestProgressHonoursNoColor(t *testing.T) {
	t.Parallel()
	stdin, _ := slowBatch(t)
	shown, _ := onTerminal(t, stdin, false, []string{"NO_COLOR=1"}, slow...)
	assert.Contains(t, shown, "numbers")
	assert.NotRegexp(t, "\x1b\\[[0-9;]*m", shown, "no colour")
}

func TestProgressNeverTearsResultLines(t *testing.T) {
	t.Parallel()
	stdin, answer := slowBatch(t)
	shown, _ := onTerminal(t, stdin, true, nil, slow...)
	text := withoutEscapes(shown)
	assert.Contains(t, text, " numbers ", "the progress line is drawn")
	var results []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.Contains(line, " numbers ") && line != "" {
			results = append(results, line+"\n")
		}
	}
	assert.Equal(t, answer, strings.Join(results, ""), "every result line whole, in order")
}

func TestProgressIsOffWhenStderrIsNoTerminal(t *testing.T) {
	r := invoke(t, "4 6", "--progress", "auto")
	assert.Equal(t, result{"4: 2 2\n6: 2 3\n", "", 0}, r)
	always := invoke(t, "4 6", "--progress", "always", "--chaos-delay", "300ms")
	assert.Equal(t, "4: 2 2\n6: 2 3\n", always.stdout)
	assert.Contains(t, always.stderr, "numbers")
	assert.Equal(t, ExitUsage, invoke(t, "4", "--progress", "sometimes").code)
}
