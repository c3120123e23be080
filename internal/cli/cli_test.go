package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors"
)

// result is what one invocation printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

func invoke(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := Run(context.Background(), args, IO{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr})
	return result{stdout.String(), stderr.String(), ExitCode(err)}
}

func TestFactorArguments(t *testing.T) {
	r := invoke(t, "", "12", "35", "18446744073709551617")
	assert.Equal(t, result{"12: 2 2 3\n35: 5 7\n18446744073709551617: 274177 67280421310721\n", "", 0}, r)
}

func TestArgumentsMayStartWithSpacesAsInGNUFactor(t *testing.T) {
	r := invoke(t, "", " 12", "  +35", "12 ")
	assert.Equal(t, "12: 2 2 3\n35: 5 7\n", r.stdout)
	assert.Equal(t, "actorfactor: argument 3: '12 ' is not a valid positive integer\n", r.stderr)
	assert.Equal(t, ExitIncomplete, r.code)
}

func TestInvalidArgumentIsNamedAndTheRestAnswered(t *testing.T) {
	r := invoke(t, "", "a", "4")
	assert.Equal(t, "4: 2 2\n", r.stdout)
	assert.Contains(t, r.stderr, "'a'")
	assert.Equal(t, ExitIncomplete, r.code)
}

func TestExponentsShorthand(t *testing.T) {
	r := invoke(t, "", "-h", "3000")
	assert.Equal(t, result{"3000: 2^3 3 5^3\n", "", 0}, r)
}

func TestMixedStdinKeepsOrderAndNamesEveryInvalidToken(t *testing.T) {
	stdin := "10 -5\n\n\tabc 0 1 1.5\n0x10 +8 12x 007\n"
	r := invoke(t, stdin, "--chunk", "1", "--workers", "3")
	assert.Equal(t, "10: 2 5\n0:\n1:\n8: 2 2 2\n7: 7\n", r.stdout)
	assert.Equal(t, ExitIncomplete, r.code)
	for _, tok := range []string{"line 1: '-5'", "line 3: 'abc'", "line 3: '1.5'", "line 4: '0x10'", "line 4: '12x'"} {
		assert.Contains(t, r.stderr, "actorfactor: "+tok+" is not a valid positive integer")
	}
}

func TestFormatsAndStats(t *testing.T) {
	r := invoke(t, "6\n", "--format", "json", "--stats")
	assert.Equal(t, `{"number":"6","factors":["2","3"]}`+"\n", r.stdout)
	for _, key := range []string{"numbers: 1\n", "elapsed: ", "workers: ", "chunks: 1\n"} {
		assert.Contains(t, r.stderr, key)
	}
	assert.Contains(t, r.stderr, "slowest_numbers: none\n", "nothing above 64 bits")
	r = invoke(t, "6\n", "--format", "csv")
	assert.Equal(t, "number,factors\n6,2 3\n", r.stdout)

	r = invoke(t, "340282366920938463463374607431768211457 6\n", "--stats")
	assert.Regexp(t, `slowest_numbers: 340282366920938463463374607431768211457 \([0-9.]+m?s\)\n`, r.stderr)
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"--workers", "0", "1"},
		{"--chunk", "zero", "1"},
		{"--format", "xml", "1"},
		{"--algorithm", "magic", "1"},
		{"--no-such-flag"},
		{"demo", "extra"},
		{"--workers", "20000000", "1"},
		{"--chaos-panic-rate", "NaN", "1"},
		{"--window", "-1", "1"},
		{"-h", "--format", "json", "1"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := invoke(t, "", args...)
			assert.Equal(t, ExitUsage, r.code)
			assert.Empty(t, r.stdout)
			assert.Contains(t, r.stderr, "actorfactor: ")
		})
	}
}

func TestHelpDescribesExitCodes(t *testing.T) {
	r := invoke(t, "", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "Exit status")
	assert.Contains(t, r.stdout, "--exponents")
}

func TestNaiveAlgorithmAgrees(t *testing.T) {
	stdin := "999999999999 1000000000001 97 1 0 4294967291\n"
	assert.Equal(t, invoke(t, stdin), invoke(t, stdin, "--algorithm", "naive"))
}

func TestDemoRuns(t *testing.T) {
	r := invoke(t, "", "demo", "--count", "200")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"one worker", "static", "chunk size 1", "adaptive", "999999999999: 3 3 3 7 11 13 37 101 9901"} {
		assert.Contains(t, r.stdout, want)
	}
}

// TestMatchesGNUFactor compares the whole command with GNU factor on a
// batch of every size class. GNU factor 9.1 may print lines of numbers
// beyond 64 bits out of order, so its answers are looked up by number and
// our output must have them in input order.
func TestMatchesGNUFactor(t *testing.T) {
	gnu, err := exec.LookPath("factor")
	if err != nil {
		t.Skip("GNU factor not installed; skipping the cross-check")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	var in strings.Builder
	var numbers []string
	for i := range 2000 {
		n := fmt.Sprint(rng.Uint64() >> rng.UintN(64))
		if i%100 == 0 {
			n = new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(int64(i))).String()
		}
		numbers = append(numbers, n)
		in.WriteString(n)
		in.WriteString([]string{" ", "\n", "\t", "\n\n  "}[i%4])
	}
	cmd := exec.Command(gnu)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	require.NoError(t, err)
	answers := make(map[string]string)
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if n, _, ok := strings.Cut(line, ":"); ok {
			answers[n] = line
		}
	}
	var want strings.Builder
	for _, n := range numbers {
		want.WriteString(answers[n])
	}
	r := invoke(t, in.String(), "--workers", "2")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, want.String(), r.stdout)
}

func TestExitCodes(t *testing.T) {
	assert.Equal(t, ExitOK, ExitCode(nil))
	assert.Equal(t, ExitIncomplete, ExitCode(ErrIncomplete))
	assert.Equal(t, ExitUsage, ExitCode(usagef("bad flag")))
	assert.Equal(t, ExitInterrupted, ExitCode(fmt.Errorf("coordinator: %w", actors.ErrInterrupted)))
	assert.Equal(t, ExitIncomplete, ExitCode(fmt.Errorf("coordinator: %w", actors.ErrNoWorkers)))
}

func TestChaosFlagsReachTheWorkers(t *testing.T) {
	r := invoke(t, "1 2 3 4 5 6 7 8 9 10\n", "--chaos-poison", "4,9", "--chunk", "3", "--stats")
	assert.Equal(t, "1:\n2: 2\n3: 3\n5: 5\n6: 2 3\n7: 7\n8: 2 2 2\n10: 2 5\n", r.stdout)
	assert.Contains(t, r.stderr, "actorfactor: 4 skipped: crashed 3 workers\n")
	assert.Contains(t, r.stderr, "actorfactor: 9 skipped: crashed 3 workers\n")
	assert.Contains(t, r.stderr, "quarantined: 2\n")
	assert.Equal(t, ExitIncomplete, r.code)

	r = invoke(t, "6 12 35\n", "--chaos-stall", "12", "--chunk-timeout", "200ms", "--stats")
	assert.Equal(t, "6: 2 3\n35: 5 7\n", r.stdout)
	assert.Contains(t, r.stderr, "actorfactor: 12 skipped: not answered within 200ms\n")
	assert.Contains(t, r.stderr, "wedged_workers: ")

	r = invoke(t, "", "--chaos-poison", "4,x", "--chaos-stall", "y", "1")
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, r.stderr, "--chaos-poison: 'x'")
	assert.Contains(t, r.stderr, "--chaos-stall: 'y'")
}

func TestSkippedValuesAreNamedOnceWithTheirCount(t *testing.T) {
	r := invoke(t, "12 6 12\n12 35\n", "--chaos-poison", "12", "--chunk", "2")
	assert.Equal(t, "6: 2 3\n35: 5 7\n", r.stdout)
	assert.Equal(t, "actorfactor: 12 skipped: crashed 3 workers (3 times)\n", r.stderr)
	assert.Equal(t, ExitIncomplete, r.code)
}

func TestLongNumbersAreShortenedInMessages(t *testing.T) {
	long := "1" + strings.Repeat("0", 199) + "7"
	r := invoke(t, long+" 6\n", "--chaos-poison", long)
	assert.Equal(t, "6: 2 3\n", r.stdout)
	assert.Equal(t, "actorfactor: "+long[:64]+"... skipped: crashed 3 workers\n", r.stderr)
}

// TestMain lets the test binary stand in for the command, so that a test
// can start it with its standard streams set up by a shell.
func TestMain(m *testing.M) {
	if os.Getenv("ACTORFACTOR_AS_COMMAND") == "1" {
		flag.Parse()
		ctx, stop := SignalContext(os.Stderr)
		err := Run(ctx, flag.Args(), IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		stop()
		os.Exit(ExitCode(err))
	}
	os.Exit(m.Run())
}

func TestClosedStdoutIsAnError(t *testing.T) {
	for _, c := range []struct {
		redirect string
		code     int
		stderr   string
	}{
		{">&-", ExitIncomplete, "actorfactor: write error: standard output is closed (bad file descriptor)\n"},
		{">/dev/null", ExitOK, ""},
		{"| grep -q '^12: 2 2 3$'", ExitOK, ""},
	} {
		t.Run(c.redirect, func(t *testing.T) {
			cmd := exec.Command("sh", "-c", `exec "$0" -- 12 `+c.redirect, os.Args[0])
			cmd.Env = append(os.Environ(), "ACTORFACTOR_AS_COMMAND=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, c.code, code)
			assert.Equal(t, c.stderr, stderr.String())
		})
	}
}

func TestGenPrintsAWorkload(t *testing.T) {
	r := invoke(t, "", "gen", "seed", "3")
	assert.Equal(t, result{"999999999999\n1000000000001\n1000000000003\n", "", 0}, r)
	assert.Equal(t, ExitUsage, invoke(t, "", "gen", "nope", "3").code)
	assert.Equal(t, ExitUsage, invoke(t, "", "gen", "seed", "-1").code)
	assert.Equal(t, ExitUsage, invoke(t, "", "gen", "seed").code)
}
