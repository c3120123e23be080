package factor

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestMont128MulMatchesBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		bitsN := 65 + i%64
		n := u128{rng.Uint64() | 1<<63, rng.Uint64() | 1}.rsh(uint(128 - bitsN))
		n.lo |= 1
		m := newMont128(n)
		a := u128{rng.Uint64(), rng.Uint64()}
		b := u128{rng.Uint64(), rng.Uint64()}
		am, bm := m.toMont(a), m.toMont(b)
		got := m.fromMont(m.mul(am, bm)).big()
		nb := n.big()
		want := new(big.Int).Mul(a.big(), b.big())
		want.Mod(want, nb)
		if got.Cmp(want) != 0 {
			t.Fatalf("n=%v a=%v b=%v: got %v want %v", nb, a.big(), b.big(), got, want)
		}
	}
}

func TestIsProbablePrime128MatchesBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		bitsN := 65 + i%64
		n := u128{rng.Uint64() | 1<<63, rng.Uint64()}.rsh(uint(128 - bitsN))
		n.lo |= 1
		nb := n.big()
		if got, want := isProbablePrime128(n), nb.ProbablyPrime(0); got != want {
			t.Fatalf("%v: got %v want %v", nb, got, want)
		}
	}
	for _, e := range []uint{89, 107, 127} {
		p := new(big.Int).Lsh(big.NewInt(1), e)
		p.Sub(p, big.NewInt(1))
		if !isProbablePrime128(u128From(p)) {
			t.Errorf("2^%d-1 not prime", e)
		}
	}
}
