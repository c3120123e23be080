package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resumedCount returns the "resumed: N" of --stats output.
func resumedCount(t *testing.T, stderr string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^resumed: (\d+)$`).FindStringSubmatch(stderr)
	require.NotNil(t, m, "stderr: %q", stderr)
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestAJournaledRunGoesOnWhereTheInterruptedOneStopped(t *testing.T) {
	input, answer := batch(t, 3000)
	journal := filepath.Join(t.TempDir(), "j")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &cancelOnWrite{cancel: cancel}
	var stderr strings.Builder
	err := Run(ctx, []string{"--journal", journal, "--chunk", "16"}, IO{Stdin: strings.NewReader(input), Stdout: stdout, Stderr: &stderr})
	require.Equal(t, ExitInterrupted, ExitCode(err), stderr.String())
	assert.Contains(t, stderr.String(), "to go on, rerun the same command: journal "+journal+" holds the answers so far")

	r := invoke(t, input, "--journal", journal, "--stats")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, answer, r.stdout)
	assert.Equal(t, strings.Count(stdout.String(), "\n"), resumedCount(t, r.stderr), "the interrupted run's answers come from the journal")

	again := invoke(t, input, "--journal", journal, "--stats")
	assert.Equal(t, answer, again.stdout)
	assert.Equal(t, 3000, resumedCount(t, again.stderr))
}

func TestAJournalReplaysInvalidTokensAndExitsOne(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "j")
	first := invoke(t, "4 x\n6", "--journal", journal)
	again := invoke(t, "4 x\n6\n8", "--journal", journal)
	assert.Equal(t, result{"4: 2 2\n6: 2 3\n", "actorfactor: line 1: 'x' is not a valid positive integer\n", ExitIncomplete}, first)
	assert.Equal(t, result{"4: 2 2\n6: 2 3\n8: 2 2 2\n", first.stderr, ExitIncomplete}, again)
}

func TestAJournalForAnotherRunIsRefused(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "j")
	require.Equal(t, 0, invoke(t, "4 6 8", "--journal", journal).code)
	for name, c := range map[string]struct {
		stdin string
		args  []string
		says  string
	}{
		"other input":   {"4 6 9", nil, "written for another input"},
		"shorter input": {"4 6", nil, "holds the answers of 3 tokens, the input has 2"},
		"other format":  {"4 6 8", []string{"--format", "json"}, `written with "--format text", not "--format json"`},
		"exponents":     {"4 6 8", []string{"-h"}, `not "--format text -h"`},
	} {
		t.Run(name, func(t *testing.T) {
			r := invoke(t, c.stdin, append([]string{"--journal", journal}, c.args...)...)
			assert.Equal(t, ExitUsage, r.code)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, "actorfactor: journal refused: "+journal)
			assert.Contains(t, r.stderr, c.says)
		})
	}
	assert.Equal(t, ExitUsage, invoke(t, "4", "--journal", journal, "--unordered").code)
}

// exitCode returns the exit code of a finished command.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

func TestAJournalSurvivesSIGKILL(t *testing.T) {
	stdin, answer := clusterBatch(t, 3000)
	input, err := os.ReadFile(stdin)
	require.NoError(t, err)
	journal := filepath.Join(t.TempDir(), "j")
	p := start(t, stdin, "--journal", journal, "--chaos-delay", "2ms", "--chunk", "8")
	<-p.output
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
	assert.NotEqual(t, 0, p.wait(t))

	r := invoke(t, string(input), "--journal", journal, "--stats")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, answer, r.stdout)
	resumed := resumedCount(t, r.stderr)
	assert.Positive(t, resumed, "the killed run's answers come from the journal")
	assert.Less(t, resumed, 3000, "the killed run did not finish")
}

func TestSIGINTAndSIGTERMDrainAndSayWhereToGoOn(t *testing.T) {
	stdin, answer := clusterBatch(t, 3000)
	input, err := os.ReadFile(stdin)
	require.NoError(t, err)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			p := start(t, stdin, "--chaos-delay", "2ms", "--chunk", "8")
			<-p.output
			require.NoError(t, p.cmd.Process.Signal(sig))
			assert.Equal(t, ExitInterrupted, p.wait(t))
			checkResumable(t, string(input), answer, p.stdout.String(), p.stderrText())
		})
	}
}

func TestASkippedNumberIsTriedAgainOnResume(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "j")
	first := invoke(t, "", "--journal", journal, "--chunk", "1", "--chaos-stall", "12", "--chunk-timeout", "200ms", "10", "11", "12", "13")
	assert.Equal(t, ExitIncomplete, first.code)
	assert.Contains(t, first.stderr, "12 skipped: not answered within 200ms")
	again := invoke(t, "", "--journal", journal, "10", "11", "12", "13")
	assert.Equal(t, result{"10: 2 5\n11: 11\n12: 2 2 3\n13: 13\n", "", 0}, again)
}

func TestASecondSignalAbortsAtOnceEvenWhenSignalsWereIgnored(t *testing.T) {
	stdin := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.WriteFile(stdin, []byte("4\n12\n"), 0o644))
	for name, prefix := range map[string]string{"default": "", "ignored at start": "trap '' INT; "} {
		t.Run(name, func(t *testing.T) {
			// The run drains forever: 12 hangs its worker, and the chunk
			// timeout is an hour.
			cmd := exec.Command("sh", "-c", prefix+`exec "$0" -- --chunk 1 --chaos-stall 12 --chunk-timeout 1h`, os.Args[0])
			cmd.Env = append(os.Environ(), "ACTORFACTOR_AS_COMMAND=1")
			in, err := os.Open(stdin)
			require.NoError(t, err)
			defer in.Close()
			cmd.Stdin = in
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			errOut, err := cmd.StderrPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(out).ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "4: 2 2\n", line)
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			note, err := bufio.NewReader(errOut).ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "actorfactor: interrupt: finishing the chunks in flight; signal again to abort\n", note)
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			assert.Equal(t, ExitInterrupted, exitCode(t, cmd.Wait()))
		})
	}
}
