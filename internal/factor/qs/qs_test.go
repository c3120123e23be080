package qs

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

func TestFactorSplitsBalancedSemiprimes(t *testing.T) {
	arithmeticOnly(t)
	sizes := []int{40, 50, 60, 64, 72, 80, 90, 100, 110, 120}
	if !testing.Short() {
		sizes = append(sizes, 130, 140)
	}
	for _, bits := range sizes {
		t.Run(fmt.Sprint(bits), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(bits), 7))
			for range 3 {
				n, p, q := semiprime(rng, bits)
				d, err := Factor(n, nil)
				require.NoError(t, err, n)
				require.NotNil(t, d, n)
				assert.True(t, d.Cmp(p) == 0 || d.Cmp(q) == 0, "%v: got %v, want %v or %v", n, d, p, q)
			}
		})
	}
}

func TestFactorSplitsNumbersWithSeveralFactors(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for range 5 {
		a, _, _ := semiprime(rng, 50)
		_, p, _ := semiprime(rng, 70)
		n := new(big.Int).Mul(a, p)
		d, err := Factor(n, nil)
		require.NoError(t, err)
		require.NotNil(t, d)
		assert.Zero(t, new(big.Int).Mod(n, d).Sign(), "%v does not divide %v", d, n)
		assert.True(t, d.Cmp(bigOne) > 0 && d.Cmp(n) < 0, "%v is no proper factor of %v", d, n)
	}
}

func TestFactorStops(t *testing.T) {
	n, _, _ := semiprime(rand.New(rand.NewPCG(1, 1)), 150)
	polls := 0
	d, err := Factor(n, func() bool { polls++; return polls > 3 })
	assert.ErrorIs(t, err, ErrStopped)
	assert.Nil(t, d)
}

func TestNewPlanRefusesWhatItCannotTake(t *testing.T) {
	even := new(big.Int).Lsh(big.NewInt(3), 60)
	small := big.NewInt(1<<30 + 1)
	large := new(big.Int).Lsh(big.NewInt(1), 500)
	for _, n := range []*big.Int{even, small, large.Add(large, bigOne)} {
		_, _, err := NewPlan(n)
		assert.ErrorIs(t, err, ErrUnsuitable, n)
	}
}

func TestNewPlanReturnsABasePrimeThatDividesN(t *testing.T) {
	n, _, _ := semiprime(rand.New(rand.NewPCG(2, 2)), 80)
	n.Mul(n, big.NewInt(1009))
	plan, d, err := NewPlan(n)
	require.NoError(t, err)
	assert.Nil(t, plan)
	assert.Equal(t, "1009", d.String())
}

// TestEveryRelationHolds sieves families of several numbers, with a
// multiplier k of 1 and of more, and checks each relation as integers mod
// n: X^2 = (-1)^e * prod primes * Large.
func TestEveryRelationHolds(t *testing.T) {
	seen := map[uint64]bool{}
	for seed := uint64(0); seed < 12; seed++ {
		n, _, _ := semiprime(rand.New(rand.NewPCG(seed, 9)), 70+int(seed)*5)
		plan, d, err := NewPlan(n)
		require.NoError(t, err)
		require.Nil(t, d)
		seen[plan.k] = true
		families := plan.NewFamilies(seed)
		sieve := plan.NewSieve()
		count := 0
		for range 2 {
			idx, ok := families.Next()
			require.True(t, ok)
			sieve.Family(idx, func(r Relation) {
				count++
				assertRelation(t, plan, r)
			}, nil)
		}
		assert.Positive(t, count, "no relations for %v", n)
	}
	assert.Greater(t, len(seen), 2, "multipliers seen: %v", seen)
}

func assertRelation(t *testing.T, plan *Plan, r Relation) {
	t.Helper()
	n := plan.n
	lhs := new(big.Int).Mul(r.X, r.X)
	lhs.Mod(lhs, n)
	rhs := new(big.Int).SetUint64(r.Large)
	for _, j := range r.Columns {
		if j == 0 {
			rhs.Neg(rhs)
			continue
		}
		rhs.Mul(rhs, big.NewInt(int64(plan.primes[j])))
	}
	rhs.Mod(rhs, n)
	assert.Equal(t, lhs.String(), rhs.String(), "X=%v columns %v large %d", r.X, r.Columns, r.Large)
	pmax := uint64(plan.primes[len(plan.primes)-1])
	p1, p2, ok := plan.largePrimes(r.Large)
	assert.True(t, r.Large == 1 || ok && p2 > pmax && (p1 == 1 || p1 > pmax),
		"large primes %d = %d * %d", r.Large, p1, p2)
	assert.True(t, slices.IsSorted(r.Columns[:min(len(r.Columns), 1)]))
}

// TestGrayCodeKeepsBSquareModA walks every polynomial of some families and
// checks B^2 = kn (mod A) and that each root is a root mod its prime.
func TestGrayCodeKeepsBSquareModA(t *testing.T) {
	n, _, _ := semiprime(rand.New(rand.NewPCG(5, 5)), 130)
	plan, _, err := NewPlan(n)
	require.NoError(t, err)
	sieve := plan.NewSieve()
	families := plan.NewFamilies(5)
	for range 3 {
		idx, ok := families.Next()
		require.True(t, ok)
		f := sieve.startFamily(idx)
		for g := 0; g < 1<<(len(idx)-1); g++ {
			if g > 0 {
				sieve.nextPolynomial(g)
			}
			b2 := new(big.Int).Mul(&sieve.b, &sieve.b)
			b2.Sub(b2, plan.kn)
			require.Zero(t, b2.Mod(b2, f.a).Sign(), "B^2 != kn mod A at polynomial %d", g)
			c := new(big.Int).Mul(&sieve.b, &sieve.b)
			c.Sub(c, plan.kn)
			c.Quo(c, f.a)
			for j := 2; j < len(plan.primes); j += 7 {
				if sieve.inA[j] {
					continue
				}
				for _, root := range []uint32{sieve.root1[j], sieve.root2[j]} {
					x := big.NewInt(int64(root) - int64(plan.halfWidth))
					q := new(big.Int).Mul(f.a, x)
					q.Add(q, new(big.Int).Lsh(&sieve.b, 1))
					q.Mul(q, x)
					q.Add(q, c)
					assert.Zero(t, q.Mod(q, big.NewInt(int64(plan.primes[j]))).Sign(),
						"Q(%v) mod %d at polynomial %d", x, plan.primes[j], g)
				}
			}
		}
	}
}

func TestDependenciesAddUpToZero(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, size := range []int{10, 64, 65, 200, reduceMinRows + 200} { // the last through reduce
		rows := make([][]uint32, size+5)
		for i := range rows {
			for range 1 + rng.IntN(6) {
				rows[i] = append(rows[i], uint32(rng.IntN(size)))
			}
		}
		deps := slices.Collect(dependencies(rows, size))
		require.NotEmpty(t, deps, "size %d", size)
		for _, dep := range deps {
			parity := make([]int, size)
			for _, i := range dep {
				for _, j := range rows[i] {
					parity[j] ^= 1
				}
			}
			assert.Equal(t, make([]int, size), parity, "size %d: rows %v", size, dep)
		}
	}
}

func TestReducedRowsAreTheSumsOfTheirParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	const columns = 300
	rows := make([][]uint32, 320)
	for i := range rows {
		// Sparse rows, a few columns of weight one or two among them, as
		// the large primes make them.
		for range 1 + rng.IntN(5) {
			rows[i] = append(rows[i], uint32(rng.IntN(columns)))
		}
	}
	sets, parts := reduce(rows, columns)
	assert.Less(t, len(sets), len(rows), "something was dropped or merged")
	for k, set := range sets {
		sum := make(map[uint32]bool)
		for _, i := range parts[k] {
			for _, j := range rows[i] {
				sum[j] = !sum[j]
			}
		}
		var odd []uint32
		for j, in := range sum {
			if in {
				odd = append(odd, j)
			}
		}
		assert.ElementsMatch(t, odd, set, "row %d is the sum of rows %v", k, parts[k])
		assert.True(t, slices.IsSorted(set))
	}
}

func TestParamTableGrowsWithN(t *testing.T) {
	for i := 1; i < len(paramTable); i++ {
		lo, hi := paramTable[i-1], paramTable[i]
		assert.Less(t, lo.bits, hi.bits)
		assert.LessOrEqual(t, lo.fbSize, hi.fbSize, "row %d", i)
		assert.LessOrEqual(t, lo.halfWidth, hi.halfWidth, "row %d", i)
		assert.LessOrEqual(t, lo.lpMult, hi.lpMult, "row %d", i)
		assert.LessOrEqual(t, lo.aPrimes, hi.aPrimes, "row %d", i)
	}
	for bits := 40; bits < maxBits; bits++ {
		a, b := paramsFor(bits), paramsFor(bits+1)
		assert.LessOrEqual(t, a.fbSize, b.fbSize, "bits %d", bits)
		assert.LessOrEqual(t, a.halfWidth, b.halfWidth, "bits %d", bits)
		assert.Less(t, 2*b.halfWidth, maxBlocks*blockSize, "bits %d: the spare bucket needs a place", bits+1)
	}
}

func TestModularHelpers(t *testing.T) {
	for _, p := range primesUpTo(3000)[1:300] {
		for a := uint64(1); a < 60; a++ {
			isSquare := false
			for x := uint64(0); x < uint64(p); x++ {
				if x*x%uint64(p) == a%uint64(p) {
					isSquare = true
					break
				}
			}
			j := modular.Jacobi(a, uint64(p))
			switch {
			case a%uint64(p) == 0:
				assert.Zero(t, j)
			case isSquare:
				require.Equal(t, 1, j, "(%d/%d)", a, p)
				r := sqrtMod(a, uint64(p))
				assert.Equal(t, a%uint64(p), r*r%uint64(p), "sqrt %d mod %d", a, p)
			default:
				assert.Equal(t, -1, j, "(%d/%d)", a, p)
			}
			if a%uint64(p) != 0 {
				assert.Equal(t, uint64(1), a*invMod(a, uint64(p))%uint64(p))
			}
		}
	}
}

func FuzzFactor(f *testing.F) {
	f.Add(uint64(1), uint64(2), uint8(60))
	f.Add(uint64(3), uint64(4), uint8(90))
	f.Fuzz(func(t *testing.T, s1, s2 uint64, size uint8) {
		bits := 40 + int(size)%80
		n, p, q := semiprime(rand.New(rand.NewPCG(s1, s2)), bits)
		if p.Cmp(q) == 0 || n.BitLen() < 40 {
			return
		}
		d, err := Factor(n, nil)
		require.NoError(t, err)
		require.True(t, d.Cmp(p) == 0 || d.Cmp(q) == 0, "%v: got %v", n, d)
	})
}

func TestDivExactMatchesBigDivision(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	primes := primesUpTo(1 << 20)
	for range 2000 {
		m := uint64(primes[1+rng.IntN(50000)])
		inv := m
		for range 5 {
			inv *= 2 - m*inv
		}
		q := make([]uint64, 1+rng.IntN(4))
		for i := range q {
			q[i] = rng.Uint64() >> rng.IntN(64)
		}
		if rng.IntN(2) == 0 { // a multiple of m
			qb := new(big.Int).Mul(bigFromWords(q), new(big.Int).SetUint64(m))
			q = wordsOf(qb, len(q)+1)
		}
		want, rem := new(big.Int).QuoRem(bigFromWords(q), new(big.Int).SetUint64(m), new(big.Int))
		quo, ok := divExact(make([]uint64, len(q)), slices.Clone(q), m, inv)
		require.Equal(t, rem.Sign() == 0, ok, "%v mod %d", q, m)
		if ok {
			assert.Equal(t, want.String(), bigFromWords(quo).String())
		}
	}
}

func bigFromWords(q []uint64) *big.Int {
	x := new(big.Int)
	for i := len(q) - 1; i >= 0; i-- {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(q[i]))
	}
	return x
}

func wordsOf(x *big.Int, n int) []uint64 {
	q := make([]uint64, n)
	for i := range q {
		q[i] = new(big.Int).Rsh(x, uint(64*i)).Uint64()
	}
	return trim(q)
}
