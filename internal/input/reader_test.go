package input

import (
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drain reads every token of src, rendering each as its value or its error.
func drain(t *testing.T, src Source) []string {
	t.Helper()
	var got []string
	for {
		tok, err := src.Next()
		if errors.Is(err, io.EOF) {
			return got
		}
		require.NoError(t, err)
		switch {
		case tok.Err != nil:
			got = append(got, tok.Err.Error())
		case tok.Wide != nil:
			got = append(got, tok.Wide.String())
		default:
			got = append(got, big.NewInt(0).SetUint64(tok.Value).String())
		}
	}
}

func TestReaderSplitsOnAnyWhitespace(t *testing.T) {
	text := "  12\t+007\n\n\n0 1\r\n\v\f 18446744073709551615 18446744073709551616\n00000000000000000000000000000000000042"
	assert.Equal(t, []string{"12", "7", "0", "1", "18446744073709551615", "18446744073709551616", "42"},
		drain(t, NewReader(strings.NewReader(text))))
}

func TestReaderHandlesTokensAcrossReads(t *testing.T) {
	text := "12 +007\n\n 18446744073709551616\tx1 " + strings.Repeat("7", 70_000) + "\n5"
	want := drain(t, NewReader(strings.NewReader(text)))
	assert.Equal(t, want, drain(t, NewReader(iotest.OneByteReader(strings.NewReader(text)))))
	assert.Equal(t, want, drain(t, NewReader(iotest.HalfReader(strings.NewReader(text)))))
	require.Len(t, want, 6)
	assert.Equal(t, strings.Repeat("7", 70_000), want[4])
	assert.Equal(t, "line 3: 'x1' is not a valid positive integer", want[3])
}

func TestReaderNamesInvalidTokensWithTheirLine(t *testing.T) {
	text := "1\n-5 abc\n\n1.5 0x10 12x + ++1 1+ \x01\n"
	assert.Equal(t, []string{
		"1",
		"line 2: '-5' is not a valid positive integer",
		"line 2: 'abc' is not a valid positive integer",
		"line 4: '1.5' is not a valid positive integer",
		"line 4: '0x10' is not a valid positive integer",
		"line 4: '12x' is not a valid positive integer",
		"line 4: '+' is not a valid positive integer",
		"line 4: '++1' is not a valid positive integer",
		"line 4: '1+' is not a valid positive integer",
		`line 4: '\x01' is not a valid positive integer`,
	}, drain(t, NewReader(strings.NewReader(text))))
}

func TestReaderReadsHugeNumbers(t *testing.T) {
	digits := strings.Repeat("9", 500)
	got := drain(t, NewReader(strings.NewReader(digits)))
	assert.Equal(t, []string{digits}, got)
}

func TestReaderTruncatesLongInvalidTokensInMessages(t *testing.T) {
	got := drain(t, NewReader(strings.NewReader(strings.Repeat("x", 10_000))))
	require.Len(t, got, 1)
	assert.Less(t, len(got[0]), 200)
}

func TestReaderReturnsReadErrors(t *testing.T) {
	r := NewReader(iotest.ErrReader(io.ErrUnexpectedEOF))
	_, err := r.Next()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestArgsNameTheArgument(t *testing.T) {
	assert.Equal(t, []string{"12", "argument 2: 'a' is not a valid positive integer", "argument 3: '' is not a valid positive integer"},
		drain(t, NewArgs([]string{"12", "a", ""})))
}

func TestParseErrorWrapsErrInvalid(t *testing.T) {
	tok := Parse([]byte("nope"))
	require.ErrorIs(t, tok.Err, ErrInvalid)
	var pe *ParseError
	require.ErrorAs(t, tok.Err, &pe)
	assert.Equal(t, "nope", pe.Token)
}

func TestParseBoundaries(t *testing.T) {
	for text, want := range map[string]string{
		"18446744073709551615":     "18446744073709551615",
		"18446744073709551616":     "18446744073709551616",
		"+18446744073709551616":    "18446744073709551616",
		"99999999999999999999":     "99999999999999999999",
		"000018446744073709551616": "18446744073709551616",
	} {
		tok := Parse([]byte(text))
		require.NoError(t, tok.Err, text)
		got := new(big.Int).SetUint64(tok.Value)
		if tok.Wide != nil {
			got = tok.Wide
			assert.False(t, tok.Wide.IsUint64(), "wide only beyond 64 bits: %s", text)
		}
		assert.Equal(t, want, got.String())
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "+1", "18446744073709551616", "-5", "1.5", "0x10", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok := Parse([]byte(s))
		want, ok := new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10)
		valid := ok && s != "" && strings.IndexFunc(strings.TrimPrefix(s, "+"), func(r rune) bool { return r < '0' || r > '9' }) < 0
		if !valid {
			assert.Error(t, tok.Err, s)
			return
		}
		require.NoError(t, tok.Err, s)
		got := new(big.Int).SetUint64(tok.Value)
		if tok.Wide != nil {
			got = tok.Wide
		}
		assert.Equal(t, want.String(), got.String())
	})
}
