package output

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendDecimalMatchesStrconv(t *testing.T) {
	values := []uint64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, math.MaxUint64, math.MaxUint64 - 1}
	for p := uint64(1); p <= 1e19 && p != 0; p *= 10 {
		values = append(values, p-1, p, p+1)
		if p == 1e19 {
			break
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 100_000 {
		values = append(values, rng.Uint64()>>rng.UintN(64))
	}
	for _, v := range values {
		want := strconv.AppendUint([]byte("x"), v, 10)
		if got := appendDecimal([]byte("x"), v); string(got) != string(want) {
			assert.Equal(t, string(want), string(got), "%d", v)
		}
	}
}

func BenchmarkAppendDecimal(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := uint64(0); b.Loop(); i++ {
		buf = appendDecimal(buf[:0], i*7919)
	}
}

func BenchmarkStrconvAppendUint(b *testing.B) {
	buf := make([]byte, 0, 64)
	for i := uint64(0); b.Loop(); i++ {
		buf = strconv.AppendUint(buf[:0], i*7919, 10)
	}
}
