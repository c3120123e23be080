package qs

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCyclesPairTheirLargePrimes builds random graphs of partial
// relations and checks that there are as many cycles as union-find
// counted, each a closed walk: every vertex but 1 is met an even number of
// times.
func TestCyclesPairTheirLargePrimes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, size := range []int{1, 10, 100, 3000} {
		g := newLargeGraph(size)
		var edges [][2]uint64
		for range size {
			p, q := uint64(1), 3+2*rng.Uint64N(uint64(size))
			if rng.IntN(3) > 0 {
				p = 3 + 2*rng.Uint64N(uint64(size))
			}
			g.add(p, q)
			edges = append(edges, [2]uint64{p, q})
		}
		cycles := g.cycleEdges()
		require.Len(t, cycles, g.cycles, "size %d", size)
		for _, cycle := range cycles {
			count := map[uint64]int{}
			for _, e := range cycle {
				count[edges[e][0]]++
				count[edges[e][1]]++
			}
			for v, c := range count {
				assert.True(t, v == 1 || c%2 == 0, "size %d: cycle %v meets %d %d times", size, cycle, v, c)
			}
		}
	}
}

// withParams runs f with the parameter table replaced by the single row
// pr for every size.
func withParams(pr params, f func()) {
	saved := paramTable
	defer func() { paramTable = saved }()
	pr.bits = maxBits
	paramTable = []params{pr}
	f()
}

// TestDoubleLargePrimesFactor factors numbers with the double large prime
// variation on, which the parameter table turns on only for large n, and
// checks every relation with two large primes.
func TestDoubleLargePrimesFactor(t *testing.T) {
	for _, bits := range []int{90, 120} {
		pr := paramsFor(bits)
		pr.dlpExp = 1.8
		withParams(pr, func() {
			n, p, q := semiprime(rand.New(rand.NewPCG(uint64(bits), 12)), bits)
			plan, _, err := NewPlan(n)
			require.NoError(t, err)
			require.NotZero(t, plan.dlpBound)
			sieve, families, col := plan.NewSieve(), plan.NewFamilies(1), plan.NewCollector()
			double := 0
			for !col.Ready() {
				idx, ok := families.Next()
				require.True(t, ok)
				sieve.Family(idx, func(r Relation) {
					assertRelation(t, plan, r)
					if r.Large > plan.lpBound {
						double++
					}
					col.Add(r)
				}, nil)
			}
			assert.Positive(t, double, "%d bits: no relation with two large primes", bits)
			var d *big.Int
			for d == nil {
				if d = col.Factor(); d == nil {
					col.More()
					for !col.Ready() {
						idx, _ := families.Next()
						sieve.Family(idx, col.Add, nil)
					}
				}
			}
			assert.True(t, d.Cmp(p) == 0 || d.Cmp(q) == 0, fmt.Sprint(n, d))
		})
	}
}
