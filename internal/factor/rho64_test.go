package factor

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestGCD64(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 28))
	cases := [][2]uint64{{0, 0}, {0, 5}, {5, 0}, {12, 18}, {1 << 63, 1 << 40}}
	for range 1000 {
		k := r.Uint64N(1 << 20)
		cases = append(cases, [2]uint64{r.Uint64N(1<<44) * k, r.Uint64N(1<<44) * k})
	}
	for _, c := range cases {
		want := new(big.Int).GCD(nil, nil, new(big.Int).SetUint64(c[0]), new(big.Int).SetUint64(c[1]))
		if got := gcd64(c[0], c[1]); got != want.Uint64() {
			t.Fatalf("gcd64(%d, %d) = %d, want %d", c[0], c[1], got, want)
		}
	}
}

func TestRho64(t *testing.T) {
	r := rand.New(rand.NewPCG(29, 30))
	for range 300 {
		p, q := randomPrime64(r, 11+r.IntN(20)), randomPrime64(r, 11+r.IntN(20))
		n := p * q
		if d := rho64(n); d == 1 || d == n || n%d != 0 {
			t.Fatalf("rho64(%d) = %d, not a proper factor", n, d)
		}
	}
	for _, n := range []uint64{1000003 * 1000003, 4093 * 4099 * 4111, (1<<31 - 1) * (1<<31 - 1)} {
		if d := rho64(n); d == 1 || d == n || n%d != 0 {
			t.Fatalf("rho64(%d) = %d, not a proper factor", n, d)
		}
	}
}
