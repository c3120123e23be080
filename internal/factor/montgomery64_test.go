package factor

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestMont64(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	moduli := []uint64{3, 5, 1<<32 + 15, 1<<63 + 29, 18446744073709551557, ^uint64(0)}
	for range 20 {
		moduli = append(moduli, r.Uint64()|1)
	}
	for _, n := range moduli {
		m := newMont64(n)
		bn := new(big.Int).SetUint64(n)
		for range 200 {
			a, b := r.Uint64()%n, r.Uint64()%n
			am, bm := m.to(a), m.to(b)
			if got := m.from(am); got != a {
				t.Fatalf("n=%d: from(to(%d)) = %d", n, a, got)
			}
			want := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
			want.Mod(want, bn)
			if got := m.from(m.mul(am, bm)); got != want.Uint64() {
				t.Fatalf("n=%d: %d*%d = %d, want %d", n, a, b, got, want)
			}
			want.Add(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b)).Mod(want, bn)
			if got := m.add(a, b); got != want.Uint64() {
				t.Fatalf("n=%d: %d+%d = %d, want %d", n, a, b, got, want)
			}
			want.Sub(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b)).Mod(want, bn)
			if got := m.sub(a, b); got != want.Uint64() {
				t.Fatalf("n=%d: %d-%d = %d, want %d", n, a, b, got, want)
			}
			e := r.Uint64()
			want.Exp(big.NewInt(2), new(big.Int).SetUint64(e), bn)
			if got := m.from(m.pow2(e)); got != want.Uint64() {
				t.Fatalf("n=%d: 2^%d = %d, want %d", n, e, got, want)
			}
		}
	}
}

func TestMont64Inv(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for range 2000 {
		n := r.Uint64() | 1
		a := r.Uint64() % n
		m := newMont64(n)
		inv, g := m.inv(a)
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

// TestMont64Lazy checks mulLazy and sqrLazyAdd, which leave their results in
// (0, 2n) (plus the added constant), against mul for moduli below 2^60 and
// inputs below 2n, the range Pollard's rho and Miller-Rabin use them on.
func TestMont64Lazy(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	moduli := []uint64{3, 2053, 1<<32 + 15, 1<<60 - 93}
	for range 20 {
		moduli = append(moduli, r.Uint64N(1<<60)|1)
	}
	for _, n := range moduli {
		m := newMont64(n)
		for range 200 {
			a, b := r.Uint64N(2*n), r.Uint64N(2*n)
			want := m.mul(a%n, b%n)
			got := m.mulLazy(a, b)
			if got == 0 || got >= 2*n || got%n != want {
				t.Fatalf("n=%d: mulLazy(%d, %d) = %d, want %d (mod n) in (0, 2n)", n, a, b, got, want)
			}
			c := r.Uint64N(64)
			want = m.mul(a%n, a%n)
			got = m.sqrLazyAdd(a, n+c)
			if got <= c || got >= 2*n+c || (got-c)%n != want {
				t.Fatalf("n=%d: sqrLazyAdd(%d, n+%d) = %d, want %d+%d (mod n)", n, a, c, got, want, c)
			}
			if got := m.reduce(a); got != a%n {
				t.Fatalf("n=%d: reduce(%d) = %d", n, a, got)
			}
		}
	}
}
