package factor

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestIsPrimeSmall(t *testing.T) {
	const limit = 1 << 17
	var composite [limit]bool
	for p := 2; p*p < limit; p++ {
		for q := p * p; q < limit; q += p {
			composite[q] = true
		}
	}
	for n := range uint64(limit) {
		if want := n >= 2 && !composite[n]; IsPrime(n) != want {
			t.Fatalf("IsPrime(%d) = %v, want %v", n, !want, want)
		}
	}
}

func TestIsPrimeKnown(t *testing.T) {
	primes := []uint64{4294967291, 4294967311, 1099511627689,
		18446744073709551557, 18446744073709551533, 9223372036854775783}
	composites := []uint64{3215031751, 4759123141, 1122004669633, 2152302898747, 3474749660383,
		341550071728321, 3825123056546413051, 18446744073709551615,
		4294967291 * 4294967291, 4294967279 * 4294967291, 1194649, /* 1093^2 */
		12327121 /* 3511^2 */, 5394826801, 232250619601, 9746347772161}
	for _, p := range primes {
		if !IsPrime(p) {
			t.Errorf("IsPrime(%d) = false for a prime", p)
		}
	}
	for _, c := range composites {
		if IsPrime(c) {
			t.Errorf("IsPrime(%d) = true for a composite", c)
		}
	}
}

// TestIsPrimeAgainstTrialDivision checks IsPrime against trial division on
// random numbers up to 2^40.
func TestIsPrimeAgainstTrialDivision(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	count := 3000
	if testing.Short() {
		count = 300
	}
	for range count {
		n := r.Uint64N(1<<40) | 1
		if want := len(AppendNaive(nil, n)) == 1; IsPrime(n) != want {
			t.Fatalf("IsPrime(%d) = %v, want %v", n, !want, want)
		}
	}
}

// TestIsPrimeAgainstBig checks IsPrime against math/big's ProbablyPrime(0),
// which is exact below 2^64, on random odd numbers of every size and around
// the bounds where the Miller-Rabin base sets change.
func TestIsPrimeAgainstBig(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	var ns []uint64
	for b := 6; b <= 64; b++ {
		for range 300 {
			ns = append(ns, randomOfBits64(r, b)|1)
		}
	}
	for _, bound := range []uint64{4759123141, 1122004669633, 2152302898747, 3474749660383} {
		for d := uint64(1); d < 4000; d += 2 {
			ns = append(ns, bound-d, bound+d)
		}
	}
	for _, n := range ns {
		if want := new(big.Int).SetUint64(n).ProbablyPrime(0); IsPrime(n) != want {
			t.Fatalf("IsPrime(%d) = %v, want %v", n, !want, want)
		}
	}
}
