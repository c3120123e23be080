package actors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
	"go.uber.org/goleak"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
)

func TestMain(m *testing.M) {
	// protoactor's dead-letter throttle keeps a goroutine for a second
	// after a dead letter; it ends by itself.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"))
}

// recorder is a Sink that keeps the text output and the complaints.
type recorder struct {
	out       bytes.Buffer
	w         *output.Writer
	invalid   []string
	abandoned []string
	// skipped lists the numbers abandoned, in emission order.
	skipped []string
	written atomic.Int64
}

func newRecorder() *recorder {
	r := &recorder{}
	r.w = output.NewWriter(&r.out, output.Options{})
	return r
}

func (r *recorder) Lines(lines []byte) error {
	r.written.Add(int64(bytes.Count(lines, []byte{'\n'})))
	return r.w.WriteLines(lines)
}

func (r *recorder) Invalid(message string) error {
	r.invalid = append(r.invalid, message)
	return nil
}

func (r *recorder) Skipped(number string, reason core.Reason) error {
	r.abandoned = append(r.abandoned, number+": "+reason.String())
	r.skipped = append(r.skipped, number)
	return nil
}

func (r *recorder) Written(input.Piece) error { return nil }

func (r *recorder) Flush() error { return r.w.Flush() }

// expected returns the text output the kernel gives for nums, one by one.
func expected(t *testing.T, nums []uint64) string {
	t.Helper()
	var buf bytes.Buffer
	w := output.NewWriter(&buf, output.Options{})
	for _, n := range nums {
		require.NoError(t, w.WriteLines(output.Options{}.Append64(nil, n, nil, factor.AppendFactors(nil, n))))
	}
	require.NoError(t, w.Flush())
	return buf.String()
}

// mixedBatch returns count numbers of every size class, deterministically.
func mixedBatch(count int) []uint64 {
	rng := rand.New(rand.NewPCG(1, 2))
	nums := make([]uint64, count)
	for i := range nums {
		nums[i] = rng.Uint64() >> rng.UintN(64)
	}
	return nums
}

func run(t *testing.T, cfg Config, src input.Cutter) (*recorder, Summary) {
	t.Helper()
	rec := newRecorder()
	summary, err := runStream(context.Background(), cfg, src, rec)
	require.NoError(t, err)
	return rec, summary
}

// runLimit bounds every run of the tests: a run that hangs fails.
const runLimit = time.Minute

// runNums runs nums within runLimit and checks conservation: every number
// read is written or named as skipped, exactly once, and what is written
// is the kernel's answer, in input order unless cfg is unordered.
func runNums(t *testing.T, cfg Config, nums []uint64) (*recorder, Summary, error) {
	t.Helper()
	rec, summary, err := runWithin(t, cfg, input.NewValues(nums))
	checkConservation(t, cfg, nums, rec, summary)
	return rec, summary, err
}

// runWithin runs src within runLimit: a run that hangs fails t.
func runWithin(t *testing.T, cfg Config, src input.Cutter) (*recorder, Summary, error) {
	t.Helper()
	rec := newRecorder()
	var summary Summary
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		summary, err = runStream(context.Background(), cfg, src, rec)
	}()
	select {
	case <-done:
	case <-time.After(runLimit):
		t.Fatalf("a run did not end within %v", runLimit)
	}
	return rec, summary, err
}

// checkConservation asserts that written + skipped == read with no number
// twice, and that the written lines are exactly the answers to the
// numbers not skipped.
func checkConservation(t *testing.T, cfg Config, nums []uint64, rec *recorder, summary Summary) {
	t.Helper()
	require.Equal(t, len(nums), summary.Numbers, "numbers read")
	require.Equal(t, summary.Numbers, int(rec.written.Load())+len(rec.skipped), "written + skipped == read")
	if cfg.Unordered {
		rest := slices.Clone(rec.skipped)
		var healthy []uint64
		for _, n := range nums {
			if i := slices.Index(rest, fmt.Sprint(n)); i >= 0 {
				rest = slices.Delete(rest, i, i+1)
			} else {
				healthy = append(healthy, n)
			}
		}
		require.Empty(t, rest, "every number named as skipped was read")
		got, want := strings.Split(rec.out.String(), "\n"), strings.Split(expected(t, healthy), "\n")
		slices.Sort(got)
		slices.Sort(want)
		require.Equal(t, want, got)
		return
	}
	lines := strings.SplitAfter(rec.out.String(), "\n")
	lines = lines[:len(lines)-1]
	left := make(map[string]int)
	for _, n := range rec.skipped {
		left[n]++
	}
	written := 0
	for i, n := range nums {
		if written < len(lines) && lines[written] == expected(t, []uint64{n}) {
			written++
			continue
		}
		require.Positive(t, left[fmt.Sprint(n)], "number %d at %d is neither written in order nor named as skipped", n, i)
		left[fmt.Sprint(n)]--
	}
	require.Len(t, lines, written, "nothing is written but the answers")
}

func TestRunMatchesKernelForEveryShape(t *testing.T) {
	nums := mixedBatch(500)
	want := expected(t, nums)
	for _, workers := range []int{1, 2, 4} {
		for _, chunk := range []string{"1", "7", "auto", "static"} {
			t.Run(fmt.Sprintf("workers=%d/chunk=%s", workers, chunk), func(t *testing.T) {
				cfg := DefaultConfig()
				cfg.Workers, cfg.Window = workers, 3
				var err error
				cfg.Chunk, err = ParseChunking(chunk)
				require.NoError(t, err)
				rec, summary, err := runNums(t, cfg, nums)
				require.NoError(t, err)
				assert.Equal(t, want, rec.out.String())
				assert.Equal(t, workers, summary.Workers)
			})
		}
	}
}

func TestRunWithRandomlySlowWorkersKeepsOrderUnlessUnordered(t *testing.T) {
	nums := mixedBatch(300)
	for _, unordered := range []bool{false, true} {
		t.Run(fmt.Sprintf("unordered=%v", unordered), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Workers, cfg.Window, cfg.Unordered = 4, 16, unordered
			cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 3}
			cfg.Chaos = Chaos{Delay: 300 * time.Microsecond, Seed: 7}
			rec, _, err := runNums(t, cfg, nums) // checks the order, or the lines when unordered
			require.NoError(t, err)
			assert.Empty(t, rec.skipped)
		})
	}
}

func TestRunReportsInvalidTokensAndAnswersTheRest(t *testing.T) {
	text := "12 -5\n\n abc 35\t1.5 18446744073709551617 0x10 +007 12x\n"
	cfg := DefaultConfig()
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 2}
	rec, summary := run(t, cfg, input.NewReader(strings.NewReader(text)))
	assert.Equal(t, "12: 2 2 3\n35: 5 7\n18446744073709551617: 274177 67280421310721\n7: 7\n", rec.out.String())
	assert.Equal(t, []string{
		"line 1: '-5' is not a valid positive integer",
		"line 3: 'abc' is not a valid positive integer",
		"line 3: '1.5' is not a valid positive integer",
		"line 3: '0x10' is not a valid positive integer",
		"line 3: '12x' is not a valid positive integer",
	}, rec.invalid)
	assert.Equal(t, 4, summary.Numbers)
	assert.Equal(t, 5, summary.Invalid)
}

// countingSource counts the tokens handed out.
type countingSource struct {
	input.Cutter
	read atomic.Int64
}

func (c *countingSource) Cut(n int) (input.Piece, error) {
	p, err := c.Cutter.Cut(n)
	c.read.Add(int64(len(p.Starts)))
	return p, err
}

// cutterFunc is a Cutter over the numbers next hands out, until it
// returns an error.
type cutterFunc func() (uint64, error)

func (next cutterFunc) Cut(n int) (input.Piece, error) {
	var values []uint64
	for len(values) < n {
		v, err := next()
		if err != nil {
			p, _ := input.NewValues(values).Cut(n)
			return p, err
		}
		values = append(values, v)
	}
	p, _ := input.NewValues(values).Cut(n)
	return p, nil
}

// watchingSink records the largest gap between tokens read and written.
type watchingSink struct {
	*recorder
	src    *countingSource
	maxGap int64
}

func (w *watchingSink) Lines(lines []byte) error {
	w.maxGap = max(w.maxGap, w.src.read.Load()-w.written.Load())
	return w.recorder.Lines(lines)
}

func TestRunWindowBoundsWhatIsHeldInMemory(t *testing.T) {
	const window, size = 4, 10
	src := &countingSource{Cutter: input.NewValues(mixedBatch(2000))}
	sink := &watchingSink{recorder: newRecorder(), src: src}
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 2, window
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: size}
	_, err := runStream(context.Background(), cfg, src, sink)
	require.NoError(t, err)
	assert.LessOrEqual(t, sink.maxGap, int64(window*size))
	assert.Positive(t, sink.maxGap)
}

// endless is a Cutter that never runs dry: 1, 2, 3, ...
func endless() input.Cutter {
	var next uint64
	return cutterFunc(func() (uint64, error) {
		next++
		return next, nil
	})
}

// cancelAfter cancels a context once enough numbers were written.
type cancelAfter struct {
	*recorder
	after  int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Lines(lines []byte) error {
	if c.written.Load() >= c.after {
		c.cancel()
	}
	return c.recorder.Lines(lines)
}

func TestRunDrainsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := &cancelAfter{recorder: newRecorder(), after: 1000, cancel: cancel}
	cfg := DefaultConfig()
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 10}
	summary, err := runStream(ctx, cfg, endless(), sink)
	require.ErrorIs(t, err, ErrInterrupted)
	written := int(sink.written.Load())
	assert.GreaterOrEqual(t, written, 1000)
	assert.Equal(t, summary.Numbers, written, "every number read is written before the run ends")
	nums := make([]uint64, written)
	for i := range nums {
		nums[i] = uint64(i + 1)
	}
	assert.Equal(t, expected(t, nums), sink.out.String())
}

// failingSink fails every write.
type failingSink struct{ *recorder }

func (failingSink) Lines([]byte) error { return io.ErrClosedPipe }

func TestRunStopsOnWriteError(t *testing.T) {
	cfg := DefaultConfig()
	_, err := runStream(context.Background(), cfg, endless(), failingSink{newRecorder()})
	require.ErrorIs(t, err, io.ErrClosedPipe)
}

func TestRunRejectsInvalidConfig(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Workers, cfg.Window = 0, -1
	_, err := runStream(context.Background(), cfg, input.NewValues(nil), newRecorder())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "workers")
	assert.Contains(t, err.Error(), "window")
}

func TestRunWithEmptyInput(t *testing.T) {
	rec, _, err := runNums(t, DefaultConfig(), nil)
	require.NoError(t, err)
	assert.Empty(t, rec.out.String())
}

var errBroken = errors.New("broken pipe")

// brokenSource hands out 6 a few times, then fails.
func brokenSource(left int) input.Cutter {
	return cutterFunc(func() (uint64, error) {
		if left == 0 {
			return 0, errBroken
		}
		left--
		return 6, nil
	})
}

func TestNothingIsReadAfterAReadError(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 1}
	// Tokens, then an error, then more tokens, as a reader may that keeps
	// what followed a failed read.
	calls := 0
	src := cutterFunc(func() (uint64, error) {
		calls++
		switch {
		case calls <= 2:
			return uint64(calls + 10), nil
		case calls == 3:
			return 0, errBroken
		}
		return 56, nil
	})
	rec := newRecorder()
	_, err := runStream(context.Background(), cfg, src, rec)
	require.ErrorIs(t, err, errBroken)
	assert.Equal(t, "11: 11\n12: 2 2 3\n", rec.out.String())
	assert.Equal(t, 3, calls, "the source is not read again after its error")
}

func TestRunReportsReadErrorsAfterWritingWhatWasRead(t *testing.T) {
	rec := newRecorder()
	_, err := runStream(context.Background(), DefaultConfig(), brokenSource(3), rec)
	require.ErrorIs(t, err, errBroken)
	assert.Equal(t, "6: 2 3\n6: 2 3\n6: 2 3\n", rec.out.String())
}

// stream is a Sink that keeps lines and messages in one stream, in order.
type stream struct{ events []string }

func (s *stream) Lines(lines []byte) error {
	for _, l := range strings.SplitAfter(string(lines), "\n") {
		if l != "" {
			s.events = append(s.events, l)
		}
	}
	return nil
}
func (s *stream) Invalid(message string) error { s.events = append(s.events, "! "+message); return nil }
func (s *stream) Skipped(n string, reason core.Reason) error {
	s.events = append(s.events, "skipped "+n+": "+reason.String())
	return nil
}
func (s *stream) Flush() error              { return nil }
func (s *stream) Written(input.Piece) error { return nil }

func TestInvalidTokensAreNamedInPlaceWhateverTheChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for round := range 20 {
		var text strings.Builder
		var want []string
		line := 1
		for range 200 {
			switch rng.IntN(4) {
			case 0:
				tok := []string{"x", "-3", "1.5", "0x1f", "7a"}[rng.IntN(5)]
				text.WriteString(tok)
				want = append(want, fmt.Sprintf("! line %d: '%s' is not a valid positive integer", line, tok))
			default:
				n := rng.Uint64() >> rng.UintN(64)
				text.WriteString(fmt.Sprint(n))
				want = append(want, expected(t, []uint64{n}))
			}
			sep := []string{" ", "\n", "\t", "\n\n", " \r\n"}[rng.IntN(5)]
			line += strings.Count(sep, "\n")
			text.WriteString(sep)
		}
		cfg := DefaultConfig()
		cfg.Workers = 1 + rng.IntN(3)
		cfg.Chunk = core.Chunking{Mode: ChunkFixed, Size: 1 + rng.IntN(7)}
		if round%2 == 1 {
			// Crashed chunks are split: their parts must keep their lines.
			cfg.Chaos = Chaos{PanicRate: 0.3, Seed: uint64(round)}
			cfg.Supervision.Strategy, cfg.Supervision.Retries = Restarting, 30
		}
		sink := &stream{}
		_, err := runStream(context.Background(), cfg, input.NewReader(strings.NewReader(text.String())), sink)
		require.NoError(t, err)
		require.Equal(t, want, sink.events, "round %d", round)
	}
}

// runStream runs src to sink on a fresh actor system.
func runStream(ctx context.Context, cfg Config, src Source, sink Sink) (Summary, error) {
	s := NewSystem(cfg.Logger)
	defer s.Close()
	return s.Stream(ctx, cfg, src, sink)
}
