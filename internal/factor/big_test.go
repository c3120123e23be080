package factor

import (
	"bufio"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigFromString parses a decimal or an expression "2^e+c" / "2^e-c".
func bigFromString(t testing.TB, s string) *big.Int {
	t.Helper()
	if base, ok := strings.CutPrefix(s, "2^"); ok {
		var e, c int64
		sign := int64(1)
		i := strings.IndexAny(base, "+-")
		if i < 0 {
			i = len(base)
		} else if base[i] == '-' {
			sign = -1
		}
		if _, err := fmt.Sscan(base[:i], &e); err != nil {
			t.Fatalf("bad expression %q", s)
		}
		if i < len(base) {
			fmt.Sscan(base[i+1:], &c)
		}
		n := new(big.Int).Lsh(big.NewInt(1), uint(e))
		return n.Add(n, big.NewInt(sign*c))
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return n
}

func bigStrings(fs []*big.Int) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = f.String()
	}
	return strings.Join(s, " ")
}

// repeat returns s repeated k times, separated by spaces.
func repeat(s string, k int) string {
	return strings.TrimSpace(strings.Repeat(s+" ", k))
}

var knownBigFactors = []struct{ n, want string }{
	{"0", ""},
	{"1", ""},
	{"18446744073709551615", "3 5 17 257 641 65537 6700417"},
	{"2^64", repeat("2", 64)},
	{"2^64+1", "274177 67280421310721"},
	{"2^64+13", "18446744073709551629"},
	{"2^128+1", "59649589127497217 5704689200685129054721"},
	{"2^128-1", "3 5 17 257 641 65537 274177 6700417 67280421310721"},
	{"2^89-1", "618970019642690137449562111"},
	{"2^107-1", "162259276829213363391578010288127"},
	{"2^127-1", "170141183460469231731687303715884105727"},
	{"2^400-593", "2582249878086908589655919172003011874329705792829223512830659356540647622016841194629645353280137831435903171972747492783"},
	{"2^521-1", "6864797660130609714981900799081393217269435300143305409394463459185543183397656052122559640661454554977296311391480858037121987999716643812574028291115057151"},
	{"1000000000000000000000000000001", "61 101 3541 9901 27961 4188901 39526741"},
	{"1000000000000000000000000000057", "1000000000000000000000000000057"},
	{"1000000000000000000000000000003", "1859827 537684419034673655130289"},
	{"36893488147419103231", "31 8191 145295143558111"}, // 2^65-1
	{"340282366920938463463374607431768211456", repeat("2", 128)},
}

// knownBigProducts are factorizations whose product is the number to
// factor; slow ones (seconds, a minute under -race) are skipped in -short
// mode and under the race detector.
var knownBigProducts = []struct {
	factors string
	slow    bool
}{
	{factors: repeat("2", 70) + " 3 3 3 3 3 7 7"},
	{factors: "18446744073709551557 18446744073709551557"},                  // (2^64-59)^2
	{factors: repeat("18446744073709551557", 3)},                            // (2^64-59)^3
	{factors: "576460752303423433 2305843009213693951 2305843009213693951"}, // (2^59-55)(2^61-1)^2
	{factors: "1152921504606846869 1152921504606846883"},                    // two 60-bit primes
	{factors: repeat("3", 50) + " 5 5 5 4294967291 4294967291"},
	// 100 digits: primes of 31-41 bits and the prime cofactor 2^127-1
	{factors: "2147483647 2147483647 3221225473 4294967291 4294967311 2199023255531 170141183460469231731687303715884105727"},
	// 100 digits of 61-64-bit primes and 2^89-1: ECM on 400-bit numbers
	{factors: "2305843009213693951 2305843009213693951 18446744073709551521 18446744073709551533 18446744073709551557 618970019642690137449562111", slow: true},
}

func TestAppendFactorsBigKnown(t *testing.T) {
	arithmeticOnly(t)
	for _, tc := range knownBigFactors {
		t.Run(tc.n, func(t *testing.T) {
			n := bigFromString(t, tc.n)
			if got := bigStrings(AppendFactorsBig(nil, n)); got != tc.want {
				t.Errorf("AppendFactorsBig(%v) = %q, want %q", n, got, tc.want)
			}
		})
	}
	for _, tc := range knownBigProducts {
		want := tc.factors
		n := big.NewInt(1)
		for f := range strings.FieldsSeq(want) {
			n.Mul(n, bigFromString(t, f))
		}
		t.Run(n.String(), func(t *testing.T) {
			if tc.slow && testing.Short() {
				t.Skip("slow: skipped in -short mode")
			}
			if got := bigStrings(AppendFactorsBig(nil, n)); got != want {
				t.Errorf("AppendFactorsBig(%v) = %q, want %q", n, got, want)
			}
		})
	}
}

func TestAppendFactorsBigKeepsPrefix(t *testing.T) {
	prefix := []*big.Int{big.NewInt(7)}
	got := AppendFactorsBig(prefix, bigFromString(t, "2^64+1"))
	if want := "7 274177 67280421310721"; bigStrings(got) != want {
		t.Errorf("got %q, want %q", bigStrings(got), want)
	}
}

// randomBigPrime returns a random prime of exactly bits bits (bits >= 2).
func randomBigPrime(rng *rand.Rand, bits int) *big.Int {
	for {
		p := new(big.Int)
		for p.BitLen() < bits {
			p.Lsh(p, 64).Or(p, new(big.Int).SetUint64(rng.Uint64()))
		}
		p.Rsh(p, uint(p.BitLen()-bits))
		p.SetBit(p, bits-1, 1)
		if p.ProbablyPrime(0) {
			return p
		}
	}
}

// checkFactorization fails t unless got is the ascending list of probable
// primes whose product is n.
func checkFactorization(t *testing.T, n *big.Int, got []*big.Int) {
	t.Helper()
	prod := big.NewInt(1)
	for i, f := range got {
		if !f.ProbablyPrime(0) {
			t.Fatalf("%v: factor %v is not prime (all: %s)", n, f, bigStrings(got))
		}
		if i > 0 && got[i-1].Cmp(f) > 0 {
			t.Fatalf("%v: factors not ascending: %s", n, bigStrings(got))
		}
		prod.Mul(prod, f)
	}
	if n.Cmp(big.NewInt(1)) <= 0 {
		if len(got) != 0 {
			t.Fatalf("%v: want no factors, got %s", n, bigStrings(got))
		}
		return
	}
	if prod.Cmp(n) != 0 {
		t.Fatalf("%v: product of %s is %v", n, bigStrings(got), prod)
	}
}

// TestAppendFactorsBigProperties builds numbers of 65-200 bits from known
// primes (all but at most one of them below 45 bits, so every number is
// quick to factor) and checks the factorization is exactly those primes.
func TestAppendFactorsBigProperties(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(65, 200))
	count := 300
	if testing.Short() {
		count = 100
	}
	for i := range count {
		target := 65 + rng.IntN(136)
		n := big.NewInt(1)
		var parts []*big.Int
		bigPartUsed := false
		for n.BitLen() < target {
			left := target - n.BitLen()
			size := 2 + rng.IntN(min(43, left+1))
			if !bigPartUsed && rng.IntN(3) == 0 {
				size, bigPartUsed = max(2, left), true
			}
			p := randomBigPrime(rng, size)
			parts = append(parts, p)
			n.Mul(n, p)
		}
		got := AppendFactorsBig(nil, n)
		checkFactorization(t, n, got)
		slices.SortFunc(parts, func(a, b *big.Int) int { return a.Cmp(b) })
		if bigStrings(got) != bigStrings(parts) {
			t.Fatalf("case %d: %v = %s, got %s", i, n, bigStrings(parts), bigStrings(got))
		}
	}
}

// TestAppendFactorsBigMatchesGNU compares random 65-100-bit numbers with
// GNU factor, run once with all numbers on stdin.
func TestAppendFactorsBigMatchesGNU(t *testing.T) {
	arithmeticOnly(t)
	path, err := exec.LookPath("factor")
	if err != nil {
		t.Skip("GNU factor not on PATH; skipping the cross-check")
	}
	rng := rand.New(rand.NewPCG(100, 65))
	count := 2000
	if testing.Short() {
		count = 300
	}
	var input strings.Builder
	want := make(map[string]string, count)
	for range count {
		n := new(big.Int).SetUint64(rng.Uint64())
		n.Lsh(n, 36).Or(n, new(big.Int).SetUint64(rng.Uint64()>>28))
		n.Rsh(n, uint(rng.IntN(36)))
		n.SetBit(n, 64, 1)
		want[n.String()] = bigStrings(AppendFactorsBig(nil, n))
		fmt.Fprintln(&input, n)
	}
	cmd := exec.Command(path)
	cmd.Stdin = strings.NewReader(input.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running %s: %v", path, err)
	}
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() { // GNU factor may print big numbers out of input order
		n, factors, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			t.Fatalf("unexpected line %q", sc.Text())
		}
		seen++
		if got := want[n]; got != factors {
			t.Errorf("%s: ours %q, GNU factor %q", n, got, factors)
		}
	}
	if seen != count {
		t.Errorf("GNU factor answered %d of %d numbers", seen, count)
	}
}

func FuzzFactorBig(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 12 {
			data = data[:12] // up to 96 bits keeps every input quick
		}
		n := new(big.Int).SetBytes(data)
		checkFactorization(t, n, AppendFactorsBig(nil, n))
	})
}

func BenchmarkAbove2to64(b *testing.B) {
	b.ReportAllocs()
	start := new(big.Int).Lsh(big.NewInt(1), 64)
	n := new(big.Int)
	var dst []*big.Int
	for i := 0; b.Loop(); i++ {
		n.Add(start, big.NewInt(int64(i%100000)))
		dst = AppendFactorsBig(dst[:0], n)
	}
}

func BenchmarkSemiprime116(b *testing.B) {
	b.ReportAllocs()
	semiprimes := []string{ // two 58-bit primes each
		"63422941250866257999706056829606499",
		"39153354019594883775498487736349469",
		"78737306528972906050122182664905633",
		"33680485012764248865450323935695523",
	}
	for _, s := range semiprimes {
		n := bigFromString(b, s)
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				AppendFactorsBig(nil, n)
			}
		})
	}
}

func BenchmarkPrime400(b *testing.B) {
	b.ReportAllocs()
	n := bigFromString(b, "2^400-593")
	for b.Loop() {
		AppendFactorsBig(nil, n)
	}
}

// nextPrime returns the least probable prime >= n.
func nextPrime(n *big.Int) *big.Int {
	p := new(big.Int).Set(n)
	for !p.ProbablyPrime(20) {
		p.Add(p, big.NewInt(1))
	}
	return p
}

func TestADeadlineStopsTheSearchForLargeFactors(t *testing.T) {
	p := nextPrime(new(big.Int).Lsh(big.NewInt(1), 149))
	q := nextPrime(new(big.Int).Add(p, big.NewInt(1<<40)))
	n := new(big.Int).Mul(p, q) // two 150-bit primes: out of reach of ECM
	start := time.Now()
	got, err := AppendFactorsBigBefore([]*big.Int{big.NewInt(7)}, n, start.Add(100*time.Millisecond))
	require.ErrorIs(t, err, ErrGaveUp)
	assert.Less(t, time.Since(start), 5*time.Second, "it stops at the next curve")
	assert.Equal(t, []*big.Int{big.NewInt(7)}, got, "dst as it was")

	easy := new(big.Int).Mul(p, big.NewInt(1_000_003))
	got, err = AppendFactorsBigBefore(nil, easy, time.Now().Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, []*big.Int{big.NewInt(1_000_003), p}, got)
}

func TestSharedCompositesAreLeftWhole(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(13, 1))
	p, q := randomBigPrime(rng, 80), randomBigPrime(rng, 80) // a 160-bit semiprime: the sieve's
	pq := new(big.Int).Mul(p, q)
	n := new(big.Int).Mul(pq, big.NewInt(12))

	primes, shared, err := AppendFactorsBigWith(nil, n, Effort{ShareFrom: 150})
	require.NoError(t, err)
	assert.Equal(t, bigStrings(sortedBig(big.NewInt(2), big.NewInt(2), big.NewInt(3))), bigStrings(primes))
	assert.Equal(t, []*big.Int{pq}, shared)

	primes, shared, err = AppendFactorsBigWith(nil, n, Effort{})
	require.NoError(t, err)
	assert.Empty(t, shared, "no sharing asked")
	assert.Equal(t, bigStrings(sortedBig(big.NewInt(2), big.NewInt(2), big.NewInt(3), p, q)), bigStrings(primes))

	r, s := randomBigPrime(rng, 60), randomBigPrime(rng, 60)
	primes, shared, err = AppendFactorsBigWith(nil, new(big.Int).Mul(r, s), Effort{ShareFrom: 100})
	require.NoError(t, err)
	assert.Empty(t, shared, "128 bits or less: always factored")
	assert.Equal(t, bigStrings(sortedBig(r, s)), bigStrings(primes))

	_, shared, err = AppendFactorsBigWith(nil, new(big.Int).Mul(pq, pq), Effort{ShareFrom: 150})
	require.NoError(t, err)
	assert.Equal(t, []*big.Int{pq, pq}, shared, "a shared composite counts once per power")
}

func sortedBig(fs ...*big.Int) []*big.Int {
	slices.SortFunc(fs, func(a, b *big.Int) int { return a.Cmp(b) })
	return fs
}

// TestTheKernelIsSafeForConcurrentUse factors numbers of every path at
// once from several goroutines, as workers do, so that the race detector
// watches the tables built on first use (the ECM plans, the sieve's primes
// and multipliers).
func TestTheKernelIsSafeForConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var numbers []*big.Int
	var want []string
	for _, bits := range []int{20, 40, 50, 56} { // products of 40-112 bits: rho, ECM, the sieve
		p, q := randomBigPrime(rng, bits), randomBigPrime(rng, bits)
		numbers = append(numbers, new(big.Int).Mul(p, q))
		want = append(want, bigStrings(sortedBig(p, q)))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, n := range numbers {
				if got := bigStrings(AppendFactorsBig(nil, n)); got != want[i] {
					t.Errorf("AppendFactorsBig(%v) = %s, want %s", n, got, want[i])
				}
			}
		})
	}
	wg.Wait()
}
