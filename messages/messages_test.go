package messages

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

func TestMessagesSurviveTheWire(t *testing.T) {
	for _, msg := range []proto.Message{
		&FactorRequest{ChunkId: 3, FirstIndex: 10, Text: []byte("12 0\n+7"), FirstLine: 4, Attempt: 2, Format: Format_FORMAT_CSV},
		&FactorReply{ChunkId: 3, FirstIndex: 10, Count: 3, Output: []byte("12,2 2 3\n"), LineEnds: []uint32{9, 9, 9},
			Invalid: map[uint32]string{1: "line 4: 'x' is not a valid positive integer"}, Failed: map[uint32]string{2: "crashed 3 workers"}},
		&WorkRequest{Worker: "worker-1", Incarnation: 2},
	} {
		data, err := proto.Marshal(msg)
		require.NoError(t, err)
		back := msg.ProtoReflect().New().Interface()
		require.NoError(t, proto.Unmarshal(data, back))
		assert.True(t, proto.Equal(msg, back))
	}
}
