package progress

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineChecker fails the test when a write does not end a line.
type lineChecker struct {
	t   *testing.T
	got bytes.Buffer
}

func (c *lineChecker) Write(p []byte) (int, error) {
	c.t.Helper()
	assert.True(c.t, bytes.HasSuffix(p, []byte("\n")), "a write of whole lines: %q", p)
	return c.got.Write(p)
}

func TestLineWriterPassesWholeLinesOnly(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var text strings.Builder
	for i := range 500 {
		text.WriteString(strings.Repeat("x", i%37) + "\n")
	}
	text.WriteString("last, without a newline")
	out := &lineChecker{t: t}
	w := &LineWriter{out: out}
	for rest := text.String(); rest != ""; {
		n := min(len(rest), rng.IntN(100))
		written, err := w.Write([]byte(rest[:n]))
		require.NoError(t, err)
		require.Equal(t, n, written)
		rest = rest[n:]
	}
	assert.Equal(t, strings.TrimSuffix(text.String(), "last, without a newline"), out.got.String())
	w.out = &out.got // the last line has no newline
	require.NoError(t, w.Flush())
	assert.Equal(t, text.String(), out.got.String())
}
