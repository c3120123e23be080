package input

import (
	"bytes"
	"io"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drain cuts src into pieces of at most n tokens and walks their tokens,
// rendering each as its value or its error.
func drain(t *testing.T, src Cutter, n int) []string {
	t.Helper()
	var got []string
	for {
		p, err := src.Cut(n)
		if err != nil {
			require.ErrorIs(t, err, io.EOF)
		}
		require.LessOrEqual(t, len(p.Starts), n)
		toks := NewTokens(p.Text, p.FirstLine, p.Args)
		count := 0
		for toks.Scan() {
			tok := toks.Token()
			count++
			switch {
			case tok.Err != nil:
				got = append(got, tok.Err.Error())
			case tok.Wide != nil:
				got = append(got, tok.Wide.String())
			default:
				got = append(got, big.NewInt(0).SetUint64(tok.Value).String())
			}
		}
		require.Equal(t, len(p.Starts), count, "Starts has one offset per token")
		if err != nil {
			return got
		}
	}
}

func TestReaderSplitsOnAnyWhitespace(t *testing.T) {
	text := "  12\t+007\n\n\n0 1\r\n\v\f 18446744073709551615 18446744073709551616\n00000000000000000000000000000000000042"
	assert.Equal(t, []string{"12", "7", "0", "1", "18446744073709551615", "18446744073709551616", "42"},
		drain(t, NewReader(strings.NewReader(text)), 3))
}

func TestReaderHandlesTokensAcrossReads(t *testing.T) {
	text := "12 +007\n\n 18446744073709551616\tx1 " + strings.Repeat("7", 70_000) + "\n5"
	want := drain(t, NewReader(strings.NewReader(text)), 100)
	assert.Equal(t, want, drain(t, NewReader(iotest.OneByteReader(strings.NewReader(text))), 2))
	assert.Equal(t, want, drain(t, NewReader(iotest.HalfReader(strings.NewReader(text))), 1))
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
	}, drain(t, NewReader(strings.NewReader(text)), 3))
}

func TestReaderReadsHugeNumbers(t *testing.T) {
	digits := strings.Repeat("9", 500)
	got := drain(t, NewReader(strings.NewReader(digits)), 5)
	assert.Equal(t, []string{digits}, got)
}

func TestReaderTruncatesLongInvalidTokensInMessages(t *testing.T) {
	got := drain(t, NewReader(strings.NewReader(strings.Repeat("x", 10_000))), 5)
	require.Len(t, got, 1)
	assert.Less(t, len(got[0]), 200)
}

func TestReaderReturnsReadErrors(t *testing.T) {
	r := NewReader(iotest.ErrReader(io.ErrUnexpectedEOF))
	_, err := r.Cut(5)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestArgsNameTheArgument(t *testing.T) {
	assert.Equal(t, []string{"12", "argument 2: 'a' is not a valid positive integer", "argument 3: '' is not a valid positive integer"},
		drain(t, NewArgs([]string{"12", "a", ""}), 2))
	assert.Equal(t, []string{"argument 1: '1 2' is not a valid positive integer", "argument 2: '' is not a valid positive integer", "5"},
		drain(t, NewArgs([]string{"1 2", "", "5"}), 5))
	assert.Equal(t, []string{"12", "12", "argument 3: '12 ' is not a valid positive integer", "argument 4: ' x' is not a valid positive integer",
		`argument 5: '\t12' is not a valid positive integer`}, drain(t, NewArgs([]string{" 12", "  +12", "12 ", " x", "\t12"}), 5),
		"leading spaces are fine, as in GNU factor")
}

func TestALongTokenIsAPieceOfItsOwn(t *testing.T) {
	long := strings.Repeat("9", LongToken+1)
	for name, src := range map[string]Cutter{
		"text": NewReader(strings.NewReader("1 2\n" + long + " 3")),
		"args": NewArgs([]string{"1", "2", long, "3"}),
	} {
		t.Run(name, func(t *testing.T) {
			var pieces [][]string
			for {
				p, err := src.Cut(10)
				var toks []string
				for _, s := range p.Starts {
					toks = append(toks, string(p.Text[s:][:min(len(p.Text)-int(s), 1)]))
				}
				pieces = append(pieces, toks)
				if err != nil {
					break
				}
			}
			assert.Equal(t, [][]string{{"1", "2"}, {"9"}, {"3"}}, pieces)
		})
	}
}

func TestPiecesKeepLineNumbers(t *testing.T) {
	r := NewReader(strings.NewReader("\n\n1 2\n\n3\t4\n5"))
	p, err := r.Cut(3)
	require.NoError(t, err)
	assert.Equal(t, 3, p.FirstLine)
	assert.Equal(t, "1 2\n\n3", string(p.Text))
	assert.Equal(t, []uint32{0, 2, 5}, p.Starts)
	p, err = r.Cut(3)
	require.ErrorIs(t, err, io.EOF)
	assert.Equal(t, 5, p.FirstLine)
	assert.Equal(t, "4\n5", string(p.Text))
}

func TestPieceRangeIsAPieceOfItsOwn(t *testing.T) {
	p, err := NewReader(strings.NewReader("1 2\n\n3\t4 \n")).Cut(10)
	require.ErrorIs(t, err, io.EOF)
	assert.Equal(t, "2\n\n3", string(p.Range(1, 3)))
	assert.Equal(t, "4", string(p.Range(3, 4)))
	assert.Equal(t, 3, p.Line(2))
	args, _ := NewArgs([]string{"a", "", "b c"}).Cut(10)
	assert.Equal(t, "\x00b c", string(args.Range(1, 3)))
	assert.Equal(t, "", string(args.Range(1, 2)))
	assert.Equal(t, 3, args.Line(2))
}

func TestValuesAreOnePerLine(t *testing.T) {
	v := NewValues([]uint64{12, 7, 1 << 63})
	p, err := v.Cut(2)
	require.NoError(t, err)
	assert.Equal(t, Piece{Text: []byte("12\n7"), Starts: []uint32{0, 3}, FirstLine: 1}, p)
	p, err = v.Cut(2)
	require.ErrorIs(t, err, io.EOF)
	assert.Equal(t, 3, p.FirstLine)
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

// FuzzTokens checks that Tokens, which parses plain numbers as it scans
// them, parses every token as Parse does, and that a token's Digits, when
// set, are its value's decimal form.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"0 1\n12", "+007\t0\r\n12x", "9999999999999999999 18446744073709551615 18446744073709551616", "00 010 1a 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.ContainsRune(text, 0) {
			return
		}
		want, lines := fieldsLines(text)
		r, i := NewReader(strings.NewReader(text)), 0
		for {
			p, err := r.Cut(len(text) + 1)
			for toks := NewTokens(p.Text, p.FirstLine, false); toks.Scan(); i++ {
				require.Less(t, i, len(want), "more tokens than the reference")
				got, ref := toks.Token(), Parse([]byte(want[i]))
				if ref.Err != nil {
					require.EqualError(t, got.Err, locate(ref, "line", lines[i]).Err.Error())
					continue
				}
				require.NoError(t, got.Err)
				assert.Equal(t, ref.Value, got.Value, want[i])
				assert.Equal(t, ref.Wide, got.Wide, want[i])
				if got.Digits != nil {
					assert.Equal(t, strconv.FormatUint(got.Value, 10), string(got.Digits), want[i])
				}
			}
			if err != nil {
				break
			}
		}
		assert.Equal(t, len(want), i, "tokens")
	})
}

// fieldsLines is the reference tokenizer: every whitespace-separated
// token of text with its line.
func fieldsLines(text string) (tokens []string, lines []int) {
	for i, line := range strings.Split(text, "\n") {
		for _, tok := range strings.FieldsFunc(line, func(r rune) bool { return r < 256 && space[r] }) {
			tokens = append(tokens, tok)
			lines = append(lines, i+1)
		}
	}
	return tokens, lines
}

// FuzzCut checks that cutting text into pieces of any size, read in pieces
// of any size, keeps every token, in order, with its line, and that each
// piece ends where the input up to it holds exactly the tokens cut so far.
func FuzzCut(f *testing.F) {
	for _, s := range []string{"", " \n", "1 2\n\n3", "+007\t\r\n12x \v\f 99999999999999999999999999999999 4", strings.Repeat("9", 40) + " 1"} {
		f.Add(s, uint8(3), uint8(1))
	}
	f.Fuzz(func(t *testing.T, text string, n, readSize uint8) {
		if strings.ContainsRune(text, 0) {
			return
		}
		wantTokens, wantLines := fieldsLines(text)
		var in io.Reader = strings.NewReader(text)
		if readSize%2 == 1 {
			in = iotest.OneByteReader(in)
		}
		r := NewReader(in)
		var gotTokens []string
		var gotLines []int
		for {
			p, err := r.Cut(int(n%8) + 1)
			for i := range p.Starts {
				tok := p.Range(i, i+1)
				gotTokens = append(gotTokens, string(tok))
				gotLines = append(gotLines, p.Line(i))
			}
			require.LessOrEqual(t, p.End, int64(len(text)))
			before, _ := fieldsLines(text[:p.End])
			require.Len(t, before, len(gotTokens), "tokens before End %d", p.End)
			if len(gotTokens) > 0 && p.End < int64(len(text)) {
				require.True(t, space[text[p.End]], "End %d cuts a token", p.End)
			}
			if err != nil {
				require.ErrorIs(t, err, io.EOF)
				break
			}
		}
		if len(wantTokens) == 0 {
			wantTokens, wantLines = nil, nil
		}
		assert.Equal(t, wantTokens, gotTokens)
		assert.Equal(t, wantLines, gotLines)
	})
}

func TestReaderTakesDataThatComesWithTheError(t *testing.T) {
	for _, text := range []string{"12 34", "12 ", strings.Repeat("7", 34)} {
		p, err := NewReader(iotest.DataErrReader(strings.NewReader(text))).Cut(10)
		require.ErrorIs(t, err, io.EOF)
		assert.Equal(t, strings.TrimSpace(text), string(p.Text), "%q", text)
	}
}

func TestArgsPiecesEndAtTheirLastArgument(t *testing.T) {
	a := NewArgs([]string{"1", "2", "3"})
	p, err := a.Cut(2)
	require.NoError(t, err)
	assert.Equal(t, int64(2), p.End)
	p, err = a.Cut(2)
	require.ErrorIs(t, err, io.EOF)
	assert.Equal(t, int64(3), p.End)
}

// BenchmarkCut cuts a million seed-like numbers, one per line, into pieces
// of 4,096: the feeder's serial share of a cheap batch.
func BenchmarkCut(b *testing.B) {
	var text []byte
	for i := range uint64(1 << 20) {
		text = strconv.AppendUint(text, 999999999999+2*i, 10)
		text = append(text, '\n')
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r := NewReader(bytes.NewReader(text))
		for {
			if _, err := r.Cut(4096); err != nil {
				break
			}
		}
	}
}

func TestSpaceMaskMarksExactlyTheWhitespaceBytes(t *testing.T) {
	for b := range 256 {
		for at := range 8 {
			// b at byte at, surrounded by bytes next to the bounds.
			var w uint64
			for i, fill := range []uint64{8, 14, 31, 33, 0x89, 0xa0, 0xff, 0} {
				w |= fill << (8 * i)
			}
			w = w&^(0xff<<(8*at)) | uint64(b)<<(8*at)
			var want uint64
			for i := range 8 {
				if space[byte(w>>(8*i))] {
					want |= 0x80 << (8 * i)
				}
			}
			require.Equal(t, want, spaceMask(w), "byte %#x at %d", b, at)
		}
	}
}
