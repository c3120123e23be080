package factor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFactorTableAgreesWithTrialDivision compares the table's factorizations
// with trial division's on every odd number below 2^18, the top of the
// table's range, random numbers, and products of two primes beyond the
// primes the table names, whose smaller factor is found by trial division.
func TestFactorTableAgreesWithTrialDivision(t *testing.T) {
	table := sieveFactorTable()
	check := func(n uint64) {
		t.Helper()
		got := appendSmallOdd(nil, n, table)
		if want := appendOdd64(nil, n); !slices.Equal(got, want) {
			t.Fatalf("table factors %d as %v, trial division as %v", n, got, want)
		}
	}
	for n := uint64(1); n < 1<<18; n += 2 {
		check(n)
	}
	for n := uint64(SmallLimit - 1<<16 + 1); n < SmallLimit; n += 2 {
		check(n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		check(r.Uint64N(SmallLimit) | 1)
	}
	var large []uint64 // the primes from the first the table does not name
	for p := trialPrimes64[smallPrimes-1] + 2; p < 1<<12; p += 2 {
		if IsPrime(p) {
			large = append(large, p)
		}
	}
	for i, p := range large {
		for _, q := range large[i:] {
			if p*q < SmallLimit {
				check(p * q)
			}
		}
	}
}

func TestNoteSmallBuildsTheTableOnce(t *testing.T) {
	NoteSmall(smallWorth)
	table := factorTable.Load()
	if table == nil {
		t.Fatalf("no factor table after %d small numbers", smallWorth)
	}
	NoteSmall(smallWorth)
	if factorTable.Load() != table {
		t.Fatal("the factor table was built twice")
	}
	const n = 2 * 3 * 1621 * 1627
	if got, want := AppendFactors(nil, n), []uint64{2, 3, 1621, 1627}; !slices.Equal(got, want) {
		t.Fatalf("AppendFactors(%d) = %v, want %v", n, got, want)
	}
	dst := make([]uint64, 0, 64)
	if allocs := testing.AllocsPerRun(100, func() { AppendFactors(dst, n) }); allocs != 0 {
		t.Fatalf("AppendFactors with the table allocates %v times", allocs)
	}
}
