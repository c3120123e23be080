package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

func TestRequestSurvivesTheWire(t *testing.T) {
	req := &FactorRequest{ChunkId: 3, FirstIndex: 10, Numbers: []uint64{12, 0}, Wide: map[uint32][]byte{1: {1, 0, 0, 0, 0, 0, 0, 0, 1}}, Attempt: 2}
	data, err := proto.Marshal(req)
	require.NoError(t, err)
	var back FactorRequest
	require.NoError(t, proto.Unmarshal(data, &back))
	assert.True(t, proto.Equal(req, &back))
}

func TestHashKeysOnTheFirstNumber(t *testing.T) {
	assert.Equal(t, "12", (&FactorRequest{Numbers: []uint64{12, 13}}).Hash())
	assert.Equal(t, "\x01\x00", (&FactorRequest{Numbers: []uint64{0}, Wide: map[uint32][]byte{0: {1, 0}}}).Hash())
	assert.Empty(t, (&FactorRequest{}).Hash())
	assert.NotEqual(t, (&FactorRequest{Numbers: []uint64{12}}).Hash(), (&FactorRequest{Numbers: []uint64{13}}).Hash())
}
