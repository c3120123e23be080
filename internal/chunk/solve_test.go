package chunk

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

func TestSolveAnswersEveryNumberInOrder(t *testing.T) {
	req := &messages.FactorRequest{
		ChunkId:    7,
		FirstIndex: 100,
		Text:       []byte("0 1\n12 x\n340282366920938463463374607431768211457 +097"),
		FirstLine:  4,
	}
	var seen []uint64
	s := Solver{Before: func(v uint64, w []byte) {
		if w != nil {
			v = 1 << 63 // marks the wide number
			assert.Equal(t, "340282366920938463463374607431768211457", new(big.Int).SetBytes(w).String())
		}
		seen = append(seen, v)
	}}
	reply := s.Solve(req)

	assert.Equal(t, uint64(7), reply.ChunkId)
	assert.Equal(t, uint64(100), reply.FirstIndex)
	assert.Equal(t, uint32(6), reply.Count)
	assert.Equal(t, map[uint32]string{3: "line 5: 'x' is not a valid positive integer"}, reply.Invalid)
	lines := []string{"0:\n", "1:\n", "12: 2 2 3\n", "",
		"340282366920938463463374607431768211457: 59649589127497217 5704689200685129054721\n", "97: 97\n"}
	var ends []uint32
	var out string
	for _, l := range lines {
		out += l
		ends = append(ends, uint32(len(out)))
	}
	assert.Equal(t, out, string(reply.Output))
	assert.Equal(t, ends, reply.LineEnds)
	assert.Equal(t, []uint64{0, 1, 12, 1 << 63, 97}, seen)
	assert.Positive(t, reply.ElapsedNanos)
	assert.Equal(t, uint32(4+1), reply.Slowest, "the one number above 64 bits")
	assert.Positive(t, reply.SlowestNanos)
	assert.Zero(t, s.Solve(&messages.FactorRequest{Text: []byte("6 35")}).Slowest, "none above 64 bits")
}

func TestSolveWritesTheRequestedFormat(t *testing.T) {
	req := &messages.FactorRequest{Text: []byte("3000")}
	var s Solver
	for format, want := range map[messages.Format]string{
		messages.Format_FORMAT_TEXT: "3000: 2^3 3 5^3\n",
		messages.Format_FORMAT_JSON: `{"number":"3000","factors":["2","2","2","3","5","5","5"]}` + "\n",
		messages.Format_FORMAT_CSV:  "3000,2 2 2 3 5 5 5\n",
	} {
		req.Format, req.Exponents = format, format == messages.Format_FORMAT_TEXT
		assert.Equal(t, want, string(s.Solve(req).Output), format.String())
	}
}

func TestTheWireFormatsAreTheOutputFormats(t *testing.T) {
	for _, f := range []output.Format{output.Text, output.JSON, output.CSV} {
		assert.Equal(t, f, options(&messages.FactorRequest{Format: messages.Format(f)}).Format)
		assert.Contains(t, messages.Format(f).String(), "FORMAT_"+map[output.Format]string{output.Text: "TEXT", output.JSON: "JSON", output.CSV: "CSV"}[f])
	}
}

func TestSolveNamesArguments(t *testing.T) {
	var s Solver
	reply := s.Solve(&messages.FactorRequest{Text: []byte("6\x001 2\x00"), FirstLine: 3, Arguments: true})
	assert.Equal(t, uint32(3), reply.Count)
	assert.Equal(t, "6: 2 3\n", string(reply.Output))
	assert.Equal(t, map[uint32]string{
		1: "argument 4: '1 2' is not a valid positive integer",
		2: "argument 5: '' is not a valid positive integer",
	}, reply.Invalid)
}

func TestSolveNaiveMatchesAuto(t *testing.T) {
	req := &messages.FactorRequest{Text: []byte("999999999999 1000000000001 4294967291 2 1099511627776")}
	var s Solver
	auto := s.Solve(req)
	req.Algorithm = messages.Algorithm_ALGORITHM_NAIVE
	naive := s.Solve(req)
	assert.Equal(t, auto.Output, naive.Output)
	assert.Equal(t, auto.LineEnds, naive.LineEnds)
}

func TestARecycledOutputBufferStartsEmpty(t *testing.T) {
	var s Solver
	first := s.Solve(&messages.FactorRequest{Text: []byte("1000000007 12 99999999999"), Count: 3})
	Recycle(first)
	assert.Nil(t, first.Output)
	second := s.Solve(&messages.FactorRequest{Text: []byte("6\n35")})
	assert.Equal(t, "6: 2 3\n35: 5 7\n", string(second.Output))
	assert.Equal(t, []uint32{7, 15}, second.LineEnds)
}
