package factor

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestECM64(t *testing.T) {
	r := rand.New(rand.NewPCG(25, 26))
	for _, b := range []int{12, 16, 22, 26, 29, 32} {
		t.Run(fmt.Sprintf("factors%d", b), func(t *testing.T) {
			for range 40 {
				p, q := randomPrime64(r, b), randomPrime64(r, 64-b)
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
