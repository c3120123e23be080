package cli

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cancelOnWrite is a stdout that cancels its run's context at its first
// write: the interrupt arrives while the run is under way.
type cancelOnWrite struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return w.Buffer.Write(p)
}

// batch returns n numbers, one per line, with blank lines and several
// numbers on some lines, and its answer as GNU factor prints it.
func batch(t *testing.T, n int) (input, answer string) {
	t.Helper()
	var in strings.Builder
	nums := make([]string, n)
	for i := range n {
		nums[i] = strconv.Itoa(1_000_000_007 + 7919*i)
		sep := "\n"
		switch i % 5 {
		case 1:
			sep = " "
		case 3:
			sep = "\n\n"
		}
		in.WriteString(nums[i] + sep)
	}
	return in.String(), invoke(t, "", nums...).stdout
}

// stopNote matches the note of a run that stopped early.
var stopNote = regexp.MustCompile(`^(?:actorfactor: (?:interrupt|terminated): finishing the chunks in flight; signal again to abort\n)?` +
	`actorfactor: (interrupted|deadline 50ms passed): (\d+) numbers answered, the input up to byte (\d+)\n` +
	`actorfactor: to go on, factor the rest of the input: tail -c \+(\d+) FILE \| actorfactor \.\.\.\n$`)

// checkResumable checks that a run that stopped early printed a prefix of
// the answer, named its length, and that factoring the input from the byte
// it names completes the answer.
func checkResumable(t *testing.T, input, answer, stdout, stderr string) {
	t.Helper()
	require.True(t, strings.HasPrefix(answer, stdout), "stdout is a prefix of the answer")
	m := stopNote.FindStringSubmatch(stderr)
	require.NotNil(t, m, "stderr: %q", stderr)
	assert.Equal(t, strconv.Itoa(strings.Count(stdout, "\n")), m[2], "the note counts the lines printed")
	end, _ := strconv.Atoi(m[3])
	from, _ := strconv.Atoi(m[4])
	assert.Equal(t, end+1, from)
	rest := invoke(t, input[end:])
	require.Equal(t, 0, rest.code, rest.stderr)
	assert.Equal(t, answer, stdout+rest.stdout)
}

func TestAnInterruptWritesAPrefixAndSaysWhereToGoOn(t *testing.T) {
	input, answer := batch(t, 3000)
	for _, router := range []string{"round-robin", "work-pulling"} {
		t.Run(router, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stdout := &cancelOnWrite{cancel: cancel}
			var stderr bytes.Buffer
			err := Run(ctx, []string{"--workers", "2", "--chunk", "16", "--router", router},
				IO{Stdin: strings.NewReader(input), Stdout: stdout, Stderr: &stderr})
			assert.Equal(t, ExitInterrupted, ExitCode(err))
			assert.NotEmpty(t, stdout.String())
			assert.Less(t, len(stdout.String()), len(answer), "the interrupt came before the end")
			checkResumable(t, input, answer, stdout.String(), stderr.String())
		})
	}
}

func TestADeadlineWritesAPrefixAndExitsOne(t *testing.T) {
	input, answer := batch(t, 3000)
	r := invoke(t, input, "--deadline", "50ms", "--chaos-delay", "2ms", "--chunk", "8")
	assert.Equal(t, ExitIncomplete, r.code)
	assert.Contains(t, r.stderr, "deadline 50ms passed")
	checkResumable(t, input, answer, r.stdout, r.stderr)
}

func TestADeadlineOnArgumentsNamesTheNextArgument(t *testing.T) {
	args := make([]string, 2000)
	for i := range args {
		args[i] = fmt.Sprint(i + 2)
	}
	r := invoke(t, "", append([]string{"--deadline", "50ms", "--chaos-delay", "2ms", "--chunk", "8", "--"}, args...)...)
	assert.Equal(t, ExitIncomplete, r.code)
	n := strings.Count(r.stdout, "\n")
	assert.Contains(t, r.stderr, fmt.Sprintf("%d numbers answered, the first %d arguments", n, n))
	assert.Contains(t, r.stderr, fmt.Sprintf("pass the arguments from number %d on", n+1))
}

func TestANumberOverItsTimeoutIsNamedAndTheRestAnswered(t *testing.T) {
	next := func(n *big.Int) *big.Int {
		for !n.ProbablyPrime(20) {
			n.Add(n, big.NewInt(1))
		}
		return n
	}
	p := next(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 149), big.NewInt(12345)))
	q := next(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 150), big.NewInt(98765)))
	hard := new(big.Int).Mul(p, q).String() // two 150-bit primes
	small := []string{"12", "1000000007", "18446744073709551617"}
	r := invoke(t, strings.Join([]string{small[0], small[1], hard, small[2]}, "\n"), "--workers", "1", "--number-timeout", "300ms")
	assert.Equal(t, ExitIncomplete, r.code)
	assert.Equal(t, invoke(t, "", small...).stdout, r.stdout, "every other number, in order")
	assert.Equal(t, "actorfactor: "+hard+" not factored within 300ms\n", r.stderr)
}
