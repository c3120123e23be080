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
	for _, n := range []uint64{1000003 * 1000003, 4093 * 4099 * 4111, (1<<31 - 1) * (1<<31 - 1),
		2053 * 2053, 2053 * 2063, 2053 * 2053 * 2053, 1048573 * 1048573 * 2053, 4194301 * 4194301} {
		if d := rho64(n); d == 1 || d == n || n%d != 0 {
			t.Fatalf("rho64(%d) = %d, not a proper factor", n, d)
		}
	}
}

func TestRhoQuick64(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	found := 0
	for range 300 {
		p, q := randomPrime64(r, 12+r.IntN(4)), randomPrime64(r, 20+r.IntN(30))
		n := p * q
		d := rhoQuick64(n)
		if d == n {
			continue // allowed to give up
		}
		if d == 1 || n%d != 0 {
			t.Fatalf("rhoQuick64(%d) = %d, not a divisor", n, d)
		}
		found++
	}
	if found < 270 {
		t.Errorf("rhoQuick64 split only %d of 300 numbers with a factor below 2^16", found)
	}
}
