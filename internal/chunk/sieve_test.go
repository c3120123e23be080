package chunk

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/factor/qs"
	"github.com/actorfactor/actorfactor/messages"
)

func TestSieverFindsRelationsThatHoldAndFactorsWithECM(t *testing.T) {
	p, _ := new(big.Int).SetString("1000000000000000000000000000057", 10) // 100 bits
	q, _ := new(big.Int).SetString("1267650600228229401496703205653", 10) // 2^100+277
	n := new(big.Int).Mul(p, q)
	var s Siever
	// A slice of sieving may find nothing on a slow machine: ask for more,
	// each with a seed of its own, as the coordinator does.
	var found []*messages.Relation
	for seed := uint64(0); len(found) < 2 && seed < 10_000; seed++ {
		reply := s.Sieve(&messages.SieveRequest{TaskId: 7, Number: n.Bytes(), Seed: seed, BudgetNanos: uint64(20 * time.Millisecond)})
		assert.Equal(t, uint64(7), reply.TaskId)
		found = append(found, reply.Relations...)
	}
	require.NotEmpty(t, found)
	for _, r := range found {
		assert.NotEmpty(t, r.Columns)
		assert.NotEmpty(t, r.X)
		assert.Positive(t, r.Large)
	}

	small := big.NewInt(1_000_003)
	m := new(big.Int).Mul(new(big.Int).Mul(small, p), q)
	reply := s.Sieve(&messages.SieveRequest{Number: m.Bytes(), Ecm: true, BudgetNanos: uint64(10 * time.Second)})
	require.NotEmpty(t, reply.Factor)
	d := new(big.Int).SetBytes(reply.Factor)
	assert.Zero(t, new(big.Int).Mod(m, d).Sign(), "a factor")
	assert.True(t, d.Cmp(big.NewInt(1)) > 0 && d.Cmp(m) < 0, "a proper one")
	assert.Empty(t, reply.Relations)
}

func TestRelationsCrossTheWireWithTheirLargePrimes(t *testing.T) {
	x := big.NewInt(123456789)
	for _, r := range []qs.Relation{
		{X: x, Columns: []uint32{0, 3, 3}, Large: 1},
		{X: x, Columns: []uint32{2}, Large: 1000003},
		{X: x, Columns: []uint32{1, 4}, Large: 1000003 * 1000033, Split: [2]uint64{1000003, 1000033}},
	} {
		got := Relations(&messages.SieveReply{Relations: []*messages.Relation{wireRelation(r)}})
		require.Len(t, got, 1)
		assert.Equal(t, r, got[0])
	}
}
