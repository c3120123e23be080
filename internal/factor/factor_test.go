package factor

import (
	"bufio"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var knownFactors64 = []struct {
	n    uint64
	want []uint64
}{
	{0, nil},
	{1, nil},
	{2, []uint64{2}},
	{3, []uint64{3}},
	{4, []uint64{2, 2}},
	{1 << 63, slices.Repeat([]uint64{2}, 63)},
	{1021 * 1031, []uint64{1021, 1031}},
	{1031 * 1031, []uint64{1031, 1031}},
	{1048573, []uint64{1048573}},
	{18446744073709551557, []uint64{18446744073709551557}},
	{18446744073709551533, []uint64{18446744073709551533}},
	{18446744073709551615, []uint64{3, 5, 17, 257, 641, 65537, 6700417}},
	{18446744073709551614, []uint64{2, 7, 7, 73, 127, 337, 92737, 649657}},
	// Carmichael numbers.
	{561, []uint64{3, 11, 17}},
	{41041, []uint64{7, 11, 13, 41}},
	{825265, []uint64{5, 7, 17, 19, 73}},
	{321197185, []uint64{5, 19, 23, 29, 37, 137}},
	{5394826801, []uint64{7, 13, 17, 23, 31, 67, 73}},
	{232250619601, []uint64{7, 11, 13, 17, 31, 37, 73, 163}},
	{9746347772161, []uint64{7, 11, 13, 17, 19, 31, 37, 41, 641}},
	// Strong pseudoprimes to the first several prime bases.
	{3215031751, []uint64{151, 751, 28351}},
	{2152302898747, []uint64{6763, 10627, 29947}},
	{3474749660383, []uint64{1303, 16927, 157543}},
	{341550071728321, []uint64{10670053, 32010157}},
	{3825123056546413051, []uint64{149491, 747451, 34233211}},
	// Powers and products of large primes.
	{4294967291 * 4294967291, []uint64{4294967291, 4294967291}},
	{2642239 * 2642239 * 2642239, []uint64{2642239, 2642239, 2642239}},
	{65521 * 65521 * 65521 * 65521, []uint64{65521, 65521, 65521, 65521}},
	{4294967279 * 4294967291, []uint64{4294967279, 4294967291}},
	{2147483647 * 4294967291, []uint64{2147483647, 4294967291}},
	{1000003 * 999983 * 1009, []uint64{1009, 999983, 1000003}},
	{1099511627689 * 16777213, []uint64{16777213, 1099511627689}},
}

func TestAppendFactorsKnown(t *testing.T) {
	for _, tc := range knownFactors64 {
		t.Run(strconv.FormatUint(tc.n, 10), func(t *testing.T) {
			if got := AppendFactors(nil, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("AppendFactors(%d) = %v, want %v", tc.n, got, tc.want)
			}
			if tc.n >= 1<<40 {
				return // AppendNaive is far too slow here
			}
			if got := AppendNaive(nil, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("AppendNaive(%d) = %v, want %v", tc.n, got, tc.want)
			}
		})
	}
}

// checkFactors64 asserts that fs is the prime factorization of n.
func checkFactors64(t testing.TB, n uint64, fs []uint64) {
	t.Helper()
	prod := uint64(1)
	for i, f := range fs {
		if !IsPrime(f) {
			t.Fatalf("n=%d: factor %d of %v is not prime", n, f, fs)
		}
		if i > 0 && fs[i-1] > f {
			t.Fatalf("n=%d: factors %v do not ascend", n, fs)
		}
		hi, lo := bits.Mul64(prod, f)
		if hi != 0 {
			t.Fatalf("n=%d: product of %v overflows", n, fs)
		}
		prod = lo
	}
	if want := max(n, 1); prod != want {
		t.Fatalf("n=%d: product of %v is %d", n, fs, prod)
	}
}

// randomOfBits64 returns a random odd-or-even number with exactly b bits.
func randomOfBits64(r *rand.Rand, b int) uint64 {
	if b == 64 {
		return r.Uint64() | 1<<63
	}
	return r.Uint64N(1<<(b-1)) | 1<<(b-1)
}

// randomPrime64 returns a random prime with exactly b bits.
func randomPrime64(r *rand.Rand, b int) uint64 {
	for {
		if p := randomOfBits64(r, b) | 1; IsPrime(p) {
			return p
		}
	}
}

func TestAppendFactorsRandom(t *testing.T) {
	arithmeticOnly(t)
	r := rand.New(rand.NewPCG(1, 2))
	count := 2000
	if testing.Short() {
		count = 200
	}
	for b := 2; b <= 64; b++ {
		t.Run(fmt.Sprintf("bits%d", b), func(t *testing.T) {
			for range count {
				n := randomOfBits64(r, b)
				checkFactors64(t, n, AppendFactors(nil, n))
			}
		})
	}
	for b := 2; b <= 32; b++ {
		t.Run(fmt.Sprintf("semiprime%d", 2*b), func(t *testing.T) {
			for range count / 4 {
				p, q := randomPrime64(r, b), randomPrime64(r, b)
				want := []uint64{min(p, q), max(p, q)}
				if got := AppendFactors(nil, p*q); !slices.Equal(got, want) {
					t.Fatalf("AppendFactors(%d) = %v, want %v", p*q, got, want)
				}
			}
		})
	}
}

// TestAppendFactorsRough checks numbers whose prime factors all lie just
// above trial division's reach: products of two primes below and above
// trialLimit64^3, squares and cubes, three and more factors, and the seed's
// range near 10^12.
func TestAppendFactorsRough(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	count := 2000
	if testing.Short() {
		count = 200
	}
	for range count {
		var n uint64 = 1
		var want []uint64
		for k := 1 + r.IntN(4); k > 0; k-- {
			b := 12 + r.IntN(11)
			if bits.Len64(n)+b > 64 {
				break
			}
			p := randomPrime64(r, b)
			for e := 1 + r.IntN(2); e > 0 && bits.Len64(n)+bits.Len64(p) <= 64; e-- {
				n *= p
				want = append(want, p)
			}
		}
		slices.Sort(want)
		if got := AppendFactors(nil, n); !slices.Equal(got, want) {
			t.Fatalf("AppendFactors(%d) = %v, want %v", n, got, want)
		}
	}
	for i := range uint64(count) {
		n := 999999999999 + 2*i
		checkFactors64(t, n, AppendFactors(nil, n))
	}
}

func TestAppendFactorsAllocs(t *testing.T) {
	buf := make([]uint64, 0, 64)
	r := rand.New(rand.NewPCG(3, 4))
	ns := make([]uint64, 64)
	for i := range ns {
		ns[i] = r.Uint64()
	}
	ns[0] = 4294967279 * 4294967291
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		buf = AppendFactors(buf[:0], ns[i%len(ns)])
		i++
	})
	if allocs != 0 {
		t.Errorf("AppendFactors allocates %v times per call", allocs)
	}
}

func TestAppendNaiveAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := range uint64(5000) {
		checkSameAsNaive64(t, n)
	}
	for range 500 {
		checkSameAsNaive64(t, randomOfBits64(r, 2+r.IntN(35)))
	}
}

func checkSameAsNaive64(t *testing.T, n uint64) {
	t.Helper()
	got, want := AppendFactors(nil, n), AppendNaive(nil, n)
	if !slices.Equal(got, want) {
		t.Fatalf("AppendFactors(%d) = %v, AppendNaive = %v", n, got, want)
	}
}

// TestAppendFactorsAgainstGNU cross-checks random numbers of mixed sizes against
// GNU coreutils factor, run once with every number on stdin.
func TestAppendFactorsAgainstGNU(t *testing.T) {
	path, err := exec.LookPath("factor")
	if err != nil {
		t.Skip("GNU factor not on PATH; skipping cross-check")
	}
	count := 10000
	if testing.Short() {
		count = 1000
	}
	r := rand.New(rand.NewPCG(7, 8))
	ns := make([]uint64, count)
	var in strings.Builder
	for i := range ns {
		if i%4 == 0 {
			ns[i] = randomPrime64(r, 32) * randomPrime64(r, 2+r.IntN(31))
		} else {
			ns[i] = randomOfBits64(r, 2+r.IntN(63))
		}
		fmt.Fprintln(&in, ns[i])
	}
	cmd := exec.Command(path)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GNU factor: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for _, n := range ns {
		if !sc.Scan() {
			t.Fatalf("GNU factor output ended before %d", n)
		}
		var want strings.Builder
		fmt.Fprintf(&want, "%d:", n)
		for _, f := range AppendFactors(nil, n) {
			fmt.Fprintf(&want, " %d", f)
		}
		if sc.Text() != want.String() {
			t.Fatalf("GNU factor says %q, we say %q", sc.Text(), want.String())
		}
	}
}

func FuzzFactor(f *testing.F) {
	for _, tc := range knownFactors64 {
		f.Add(tc.n)
	}
	f.Fuzz(func(t *testing.T, n uint64) {
		checkFactors64(t, n, AppendFactors(nil, n))
	})
}
