package journal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/input"
)

// results records what a journal replays, in order.
type results []string

func (r *results) Lines(lines []byte) error     { *r = append(*r, "lines "+string(lines)); return nil }
func (r *results) Invalid(message string) error { *r = append(*r, "invalid "+message); return nil }

// numbers returns text input of n tokens, one per line.
func numbers(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%d\n", i+2)
	}
	return b.String()
}

// record writes the results of text, cut into pieces of size tokens, to
// a journal at path, and returns what a replay must give.
func record(t *testing.T, path, text string, size int) results {
	t.Helper()
	j, err := Open(path, "--format text")
	require.NoError(t, err)
	src := input.NewReader(strings.NewReader(text))
	var want results
	for {
		p, err := src.Cut(size)
		for i := range p.Len() {
			tok := string(p.Range(i, i+1))
			switch {
			case i%7 == 3:
				require.NoError(t, j.Invalid("bad "+tok))
				want = append(want, "invalid bad "+tok)
			default:
				require.NoError(t, j.Lines([]byte(tok+": \n")))
				want = append(want, "lines "+tok+": \n")
			}
		}
		require.NoError(t, j.Written(p))
		require.NoError(t, j.Flush())
		if err != nil {
			break
		}
	}
	require.NoError(t, j.Close())
	return want
}

// reopen opens the journal at path again and skips its tokens of text.
func reopen(t *testing.T, path, text string) (*Journal, input.Cutter, results) {
	t.Helper()
	j, err := Open(path, "--format text")
	require.NoError(t, err)
	t.Cleanup(func() { j.Close() })
	src := input.NewReader(strings.NewReader(text))
	end, err := j.Skip(src)
	require.NoError(t, err)
	assert.Len(t, strings.Fields(text[:end]), int(j.Resumed()), "the tokens skipped end at %d", end)
	var got results
	require.NoError(t, j.Replay(&got))
	return j, src, got
}

func TestAJournalReplaysWhatItHolds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	text := numbers(500)
	want := record(t, path, text, 37)
	j, src, got := reopen(t, path, text)
	assert.Equal(t, uint64(500), j.Resumed())
	assert.Equal(t, want, got)
	p, err := src.Cut(10)
	assert.ErrorIs(t, err, io.EOF)
	assert.Zero(t, p.Len(), "the input is used up")
}

func TestATornRecordIsIgnoredAndOverwritten(t *testing.T) {
	dir := t.TempDir()
	text := numbers(200)
	whole := filepath.Join(dir, "whole")
	want := record(t, whole, text, 10)
	data, err := os.ReadFile(whole)
	require.NoError(t, err)
	for cut := 1; cut < 300; cut += 7 {
		path := filepath.Join(dir, fmt.Sprint(cut))
		require.NoError(t, os.WriteFile(path, data[:len(data)-cut], 0o644))
		j, src, got := reopen(t, path, text)
		assert.Less(t, j.Resumed(), uint64(200), "cut %d", cut)
		assert.Equal(t, want[:len(got)], got, "a prefix of the results")
		// The run goes on where the journal ends, and the next one finds all.
		for {
			p, err := src.Cut(10)
			for range p.Len() {
				require.NoError(t, j.Lines([]byte("more\n")))
			}
			require.NoError(t, j.Written(p))
			if err != nil {
				break
			}
		}
		require.NoError(t, j.Close())
		j, _, _ = reopen(t, path, text)
		assert.Equal(t, uint64(200), j.Resumed(), "cut %d", cut)
	}
}

func TestGarbageAfterTheLastRecordIsIgnored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	text := numbers(50)
	want := record(t, path, text, 8)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\x05\x00\x00\x00garbage that is no record")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	j, _, got := reopen(t, path, text)
	assert.Equal(t, uint64(50), j.Resumed())
	assert.Equal(t, want, got)
}

func TestAJournalIsRefusedForAnotherRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j")
	record(t, path, numbers(100), 16)
	other := filepath.Join(dir, "other")
	require.NoError(t, os.WriteFile(other, []byte("2\n3\n"), 0o644))

	_, err := Open(path, "--format json")
	assert.ErrorIs(t, err, ErrMismatch)
	assert.ErrorContains(t, err, `"--format text", not "--format json"`)
	_, err = Open(other, "--format text")
	assert.ErrorIs(t, err, ErrMismatch)
	assert.ErrorContains(t, err, "not an actorfactor journal")
	data, _ := os.ReadFile(other)
	assert.Equal(t, "2\n3\n", string(data), "a file that is no journal is left alone")

	for name, text := range map[string]string{
		"changed": strings.Replace(numbers(100), "\n50\n", "\n51\n", 1),
		"shorter": numbers(99),
	} {
		t.Run(name, func(t *testing.T) {
			j, err := Open(path, "--format text")
			require.NoError(t, err)
			defer j.Close()
			_, err = j.Skip(input.NewReader(strings.NewReader(text)))
			assert.ErrorIs(t, err, ErrMismatch)
		})
	}
	j, err := Open(path, "--format text")
	require.NoError(t, err)
	defer j.Close()
	_, err = j.Skip(input.NewReader(strings.NewReader(strings.ReplaceAll(numbers(120), "\n", "  \r\n"))))
	assert.NoError(t, err, "whitespace is not part of the fingerprint")
}

func TestArgumentsResumeLikeText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	record(t, path, "5 6 7 8", 3)
	j, err := Open(path, "--format text")
	require.NoError(t, err)
	defer j.Close()
	args := input.NewArgs([]string{"5", "6", "7", "8", "9"})
	end, err := j.Skip(args)
	require.NoError(t, err)
	assert.Equal(t, int64(4), end)
	p, _ := args.Cut(5)
	assert.Equal(t, "9", string(p.Text))
}

// FuzzOpen checks that no file content makes Open or Replay panic.
func FuzzOpen(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed")
	j, err := Open(path, "--format text")
	require.NoError(f, err)
	require.NoError(f, j.Lines([]byte("2: 2\n")))
	require.NoError(f, j.Invalid("3 is bad"))
	require.NoError(f, j.Written(input.Piece{Starts: []uint32{0, 2}, Text: []byte("2 3")}))
	require.NoError(f, j.Close())
	seed, _ := os.ReadFile(path)
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "j")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		j, err := Open(path, "--format text")
		if err != nil {
			require.True(t, errors.Is(err, ErrMismatch), "%v", err)
			return
		}
		defer j.Close()
		var got results
		assert.NoError(t, j.Replay(&got))
	})
}

func TestASkippedNumberEndsTheJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	j, err := Open(path, "--format text")
	require.NoError(t, err)
	src := input.NewReader(strings.NewReader(numbers(30)))
	for i := range 3 {
		p, _ := src.Cut(10)
		require.NoError(t, j.Lines([]byte("piece\n")))
		if i == 1 {
			require.NoError(t, j.Skipped())
		}
		require.NoError(t, j.Written(p))
	}
	require.NoError(t, j.Close())
	j, _, got := reopen(t, path, numbers(30))
	assert.Equal(t, uint64(10), j.Resumed(), "the piece with the skipped number and those after it are done again")
	assert.Equal(t, results{"lines piece\n"}, got)
}
