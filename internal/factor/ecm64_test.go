package factor

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestInvMod64(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for range 2000 {
		n := r.Uint64() | 1
		a := r.Uint64() % n
		inv, g := invMod64(a, n)
		ba, bn := new(big.Int).SetUint64(a), new(big.Int).SetUint64(n)
		if want := new(big.Int).GCD(nil, nil, ba, bn).Uint64(); g != want {
			t.Fatalf("gcd(%d, %d) = %d, want %d", a, n, g, want)
		}
		if g == 1 {
			if want := new(big.Int).ModInverse(ba, bn).Uint64(); inv != want {
				t.Fatalf("%d^-1 mod %d = %d, want %d", a, n, inv, want)
			}
		}
	}
}

func TestECM64(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	for _, b := range []int{12, 16, 22, 26, 29, 32} {
		t.Run(fmt.Sprintf("factors%d", b), func(t *testing.T) {
			for range 40 {
				p, q := randomPrime(r, b), randomPrime(r, 64-b)
				if p == q {
					continue
				}
				if d := ecm64(p * q); d != p && d != q {
					t.Fatalf("ecm64(%d*%d) = %d", p, q, d)
				}
			}
		})
	}
	for _, tc := range []struct{ n, p uint64 }{
		{2642239 * 2642239 * 2642239, 2642239},
		{65521 * 65521 * 65521 * 65521, 65521},
	} {
		if d := ecm64(tc.n); tc.n%d != 0 || d == 1 || d == tc.n {
			t.Errorf("ecm64(%d) = %d, not a proper factor", tc.n, d)
		}
	}
}
