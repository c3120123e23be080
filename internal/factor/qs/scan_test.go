package qs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scanAll runs scan to the end of cells, as the sieve does.
func scanAll(scan func([]byte, []uint16) (int, int), cells []byte, out []uint16) []int {
	var found []int
	for i := 0; i < len(cells); {
		n, next := scan(cells[i:], out)
		for _, k := range out[:n] {
			found = append(found, i+int(k))
		}
		i += next
	}
	return found
}

func TestScanHighFindsEveryHighCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, size := range []int{0, 1, 63, 64, 65, 1000, blockSize} {
		for _, density := range []int{0, 3, 60, 1000} {
			cells := make([]byte, size)
			var want []int
			for i := range cells {
				cells[i] = byte(rng.IntN(128))
				if rng.IntN(1000) < density {
					cells[i] |= 128
					want = append(want, i)
				}
			}
			for name, scan := range map[string]func([]byte, []uint16) (int, int){"portable": scanHighGeneric, "in use": scanHigh} {
				got := scanAll(scan, cells, make([]uint16, 64+rng.IntN(100)))
				assert.Equal(t, want, got, "%s, %d cells, density %d", name, size, density)
			}
		}
	}
}

func TestRootHitsFindsThePrimesWithARootAtTheCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	primes := primesUpTo(1 << 16)[1:3000]
	invs, lims := make([]uint32, len(primes)), make([]uint32, len(primes))
	for j, p := range primes {
		inv := p
		for range 4 {
			inv *= 2 - p*inv
		}
		invs[j], lims[j] = inv, ^uint32(0)/p
	}
	roots1, roots2 := make([]uint32, len(primes)), make([]uint32, len(primes))
	for j, p := range primes {
		roots1[j], roots2[j] = rng.Uint32N(p), rng.Uint32N(p)
		if j%17 == 0 {
			roots1[j], roots2[j] = noRoot, noRoot
		}
	}
	out := make([]uint32, len(primes))
	for range 200 {
		c := rng.Uint32N(1 << 18)
		n := 1 + rng.IntN(len(primes)-1)
		want := []uint32{}
		for j, p := range primes[:n] {
			if roots1[j] != noRoot && (c%p == roots1[j] || c%p == roots2[j]) {
				want = append(want, uint32(j))
			}
		}
		for name, hits := range map[string]func(uint32, []uint32, []uint32, []uint32, []uint32, []uint32, []uint32) int{"portable": rootHitsGeneric, "in use": rootHits} {
			k := hits(c, primes[:n], roots1, roots2, invs, lims, out)
			got := slices.DeleteFunc(append([]uint32{}, out[:k]...), func(j uint32) bool { return roots1[j] == noRoot })
			require.True(t, slices.IsSorted(out[:k]), name)
			assert.Equal(t, want, got, "%s: cell %d, %d primes", name, c, n)
		}
	}
}

func TestBucketHitsFindsTheEntriesAtTheOffset(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for range 300 {
		entries := make([]uint32, rng.IntN(3000))
		for i := range entries {
			entries[i] = rng.Uint32N(1<<17)<<15 | rng.Uint32N(64)
		}
		off := rng.Uint32N(64)
		want := []uint32{}
		for _, e := range entries {
			if e&(blockSize-1) == off {
				want = append(want, e>>15)
			}
		}
		room := rng.IntN(len(want) + 2)
		for name, hits := range map[string]func([]uint32, uint32, []uint32) int{"portable": bucketHitsGeneric, "in use": bucketHits} {
			out := make([]uint32, room)
			got := append([]uint32{}, out[:hits(entries, off, out)]...)
			assert.Equal(t, want[:min(room, len(want))], got, "%s: %d entries, room %d", name, len(entries), room)
		}
	}
}

// TestPortableScansGiveTheSameRelations sieves the same families with
// the scans in use (AVX2 where the CPU has it) and with the portable ones.
func TestPortableScansGiveTheSameRelations(t *testing.T) {
	for _, bits := range []int{90, 150, 190} {
		n, _, _ := semiprime(rand.New(rand.NewPCG(uint64(bits), 10)), bits)
		plan, _, err := NewPlan(n)
		require.NoError(t, err)
		sieveWith := func() []string {
			var out []string
			families, sieve := plan.NewFamilies(3), plan.NewSieve()
			for range 2 {
				idx, ok := families.Next()
				require.True(t, ok)
				sieve.Family(idx, func(r Relation) {
					out = append(out, fmt.Sprint(r.X, r.Columns, r.Large))
				}, nil)
			}
			return out
		}
		inUse := sieveWith()
		saved1, saved2, saved3 := scanHigh, rootHits, bucketHits
		scanHigh, rootHits, bucketHits = scanHighGeneric, rootHitsGeneric, bucketHitsGeneric
		portable := sieveWith()
		scanHigh, rootHits, bucketHits = saved1, saved2, saved3
		assert.NotEmpty(t, inUse)
		assert.Equal(t, inUse, portable, "%d bits", bits)
	}
}
