package chunk

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/messages"
)

func TestSolveAnswersEveryNumberInOrder(t *testing.T) {
	wide, _ := new(big.Int).SetString("340282366920938463463374607431768211457", 10)
	req := &messages.FactorRequest{
		ChunkId:    7,
		FirstIndex: 100,
		Numbers:    []uint64{0, 1, 12, 0, 97},
		Wide:       map[uint32][]byte{3: wide.Bytes()},
	}
	var seen []uint64
	s := Solver{Before: func(v uint64, w []byte) {
		if w != nil {
			v = 1 << 63 // marks the wide number
		}
		seen = append(seen, v)
	}}
	reply := s.Solve(req)

	assert.Equal(t, uint64(7), reply.ChunkId)
	assert.Equal(t, uint64(100), reply.FirstIndex)
	assert.Equal(t, []uint32{0, 0, 3, 0, 1}, reply.Counts)
	assert.Equal(t, []uint64{2, 2, 3, 97}, reply.Factors)
	require.Contains(t, reply.Wide, uint32(3))
	var got []string
	for _, f := range reply.Wide[3].Factors {
		got = append(got, new(big.Int).SetBytes(f).String())
	}
	assert.Equal(t, []string{"59649589127497217", "5704689200685129054721"}, got)
	assert.Equal(t, []uint64{0, 1, 12, 1 << 63, 97}, seen)
	assert.Positive(t, reply.ElapsedNanos)
}

func TestSolveNaiveMatchesAuto(t *testing.T) {
	req := &messages.FactorRequest{Numbers: []uint64{999999999999, 1000000000001, 4294967291, 2, 1 << 40}}
	var s Solver
	auto := s.Solve(req)
	req.Algorithm = messages.Algorithm_ALGORITHM_NAIVE
	naive := s.Solve(req)
	assert.Equal(t, auto.Factors, naive.Factors)
	assert.Equal(t, auto.Counts, naive.Counts)
}
