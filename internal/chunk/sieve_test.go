package chunk

import (
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/messages"
)

func TestSieverFindsRelationsThatHoldAndFactorsWithECM(t *testing.T) {
	p, _ := new(big.Int).SetString("1000000000000000000000000000057", 10) // 100 bits
	q, _ := new(big.Int).SetString("1267650600228229401496703205653", 10) // 2^100+277
	n := new(big.Int).Mul(p, q)
	var s Siever
	for seed := range uint64(2) {
		reply := s.Sieve(&messages.SieveRequest{TaskId: 7, Number: n.Bytes(), Seed: seed, BudgetNanos: uint64(50 * time.Millisecond)})
		assert.Equal(t, uint64(7), reply.TaskId)
		require.NotEmpty(t, reply.Relations, "seed %d", seed)
		for _, r := range reply.Relations {
			assert.NotEmpty(t, r.Columns)
			assert.NotEmpty(t, r.X)
			assert.Positive(t, r.Large)
		}
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
