package modular

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJacobiMatchesMathBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		n := rng.Uint64()>>rng.UintN(62) | 1
		a := rng.Uint64() >> rng.UintN(64)
		want := big.Jacobi(new(big.Int).SetUint64(a), new(big.Int).SetUint64(n))
		assert.Equal(t, want, Jacobi(a, n), "(%d/%d)", a, n)
	}
}

func TestRemMatchesMathBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2_000 {
		x := new(big.Int)
		for range 1 + rng.IntN(7) {
			x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64()))
		}
		m := rng.Uint64()>>rng.UintN(63) | 1
		want := new(big.Int).Mod(x, new(big.Int).SetUint64(m)).Uint64()
		assert.Equal(t, want, Rem(x.Bits(), m), "%v mod %d", x, m)
	}
}
