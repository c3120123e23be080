package qs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
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
	arithmeticOnly(t)
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

func TestSieveMediumAddsEveryRootsLogs(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(13, 13))
	primes := primesUpTo(1 << 14)[1:1500]
	for range 50 {
		n := len(primes)
		next1, next2, logs := make([]uint32, n), make([]uint32, n), make([]uint8, n)
		for j, p := range primes {
			next1[j], next2[j], logs[j] = rng.Uint32N(p), rng.Uint32N(p), uint8(1+rng.IntN(20))
			switch rng.IntN(20) {
			case 0:
				next2[j] = next1[j] // a prime dividing k
			case 1:
				next1[j], next2[j] = noRoot, noRoot // a prime of A
			}
		}
		end := uint32(blockSize)
		if rng.IntN(2) == 0 {
			end = uint32(1024 * (1 + rng.IntN(31)))
		}
		first := rng.IntN(10)
		want := new([blockSize]byte)
		wantN1, wantN2 := slices.Clone(next1), slices.Clone(next2)
		past := func(j int, r uint32) uint32 { // adds the root's logs, returns the next cell
			for ; r < end; r += primes[j] {
				want[r] += logs[j]
			}
			return r - blockSize
		}
		for j := first; j < n; j++ {
			switch {
			case next1[j] == noRoot:
			case next1[j] == next2[j]:
				wantN1[j] = past(j, next1[j])
				wantN2[j] = wantN1[j]
			default:
				wantN1[j], wantN2[j] = past(j, next1[j]), past(j, next2[j])
			}
		}
		for name, sieve := range map[string]func(*[blockSize]byte, []uint32, []uint32, []uint32, []uint8, int, uint32){"portable": sieveMediumGeneric, "in use": sieveMedium} {
			got, n1, n2 := new([blockSize]byte), slices.Clone(next1), slices.Clone(next2)
			sieve(got, n1, n2, primes, logs, first, end)
			require.Equal(t, want[:], got[:], name)
			for j := first; j < n; j++ {
				if next1[j] == noRoot {
					continue
				}
				assert.ElementsMatch(t, []uint32{wantN1[j], wantN2[j]}, []uint32{n1[j], n2[j]}, "%s: prime %d", name, primes[j])
			}
		}
	}
}

func TestSieveSparseAddsEveryRootsLogs(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(15, 15))
	all := primesUpTo(1 << 16)
	primes := all[sort.Search(len(all), func(i int) bool { return all[i] >= sparseFrom }):][:2000]
	for range 30 {
		cells := make([]byte, blockSize*(1+rng.IntN(4)))
		roots1, roots2, logs := make([]uint32, len(primes)), make([]uint32, len(primes)), make([]uint8, len(primes))
		want := make([]byte, len(cells))
		for j, p := range primes {
			roots1[j], roots2[j], logs[j] = rng.Uint32N(p), rng.Uint32N(p), uint8(1+rng.IntN(20))
			if rng.IntN(20) == 0 { // a prime of A
				roots1[j], roots2[j] = noRoot, noRoot
				continue
			}
			for _, r := range []uint32{roots1[j], roots2[j]} {
				for c := r; int(c) < len(cells); c += p {
					want[c] += logs[j]
				}
			}
		}
		for name, sieve := range map[string]func([]byte, []uint32, []uint32, []uint32, []uint8){"portable": sieveSparseGeneric, "in use": sieveSparse} {
			got := make([]byte, len(cells))
			sieve(got, roots1, roots2, primes, logs)
			require.Equal(t, want, got, name)
		}
	}
}

func TestMoveRootsStepsEveryRoot(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(16, 16))
	all := primesUpTo(1 << 17)[1:]
	for range 50 {
		n := rng.IntN(300)
		primes := append([]uint32{0, 2}, all[:n]...)
		r1, r2, deltas := make([]uint32, len(primes)), make([]uint32, len(primes)), make([]uint32, len(primes))
		for j := 2; j < len(primes); j++ {
			p := primes[j]
			r1[j], r2[j], deltas[j] = rng.Uint32N(p), rng.Uint32N(p), rng.Uint32N(p)
		}
		rise := rng.IntN(2) == 0
		want1, want2 := slices.Clone(r1), slices.Clone(r2)
		for j := 2; j < len(primes); j++ {
			p, d := primes[j], deltas[j]
			if !rise {
				d = p - d
			}
			want1[j], want2[j] = (r1[j]+d)%p, (r2[j]+d)%p
		}
		for name, move := range map[string]func([]uint32, []uint32, []uint32, []uint32, bool){"portable": moveRootsGeneric, "in use": moveRoots} {
			g1, g2 := slices.Clone(r1), slices.Clone(r2)
			move(g1, g2, primes, deltas, rise)
			assert.Equal(t, want1, g1, "%s, %d primes", name, n)
			assert.Equal(t, want2, g2, "%s, %d primes", name, n)
		}
	}
}

// TestPortableScansGiveTheSameRelations sieves the same families with
// the scans in use (AVX2 where the CPU has it) and with the portable ones.
func TestPortableScansGiveTheSameRelations(t *testing.T) {
	arithmeticOnly(t)
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
		saved1, saved2, saved3, saved4, saved5, saved6 := scanHigh, rootHits, bucketHits, sieveMedium, sieveSparse, moveRoots
		scanHigh, rootHits, bucketHits, sieveMedium, sieveSparse, moveRoots = scanHighGeneric, rootHitsGeneric, bucketHitsGeneric, sieveMediumGeneric, sieveSparseGeneric, moveRootsGeneric
		portable := sieveWith()
		scanHigh, rootHits, bucketHits, sieveMedium, sieveSparse, moveRoots = saved1, saved2, saved3, saved4, saved5, saved6
		assert.NotEmpty(t, inUse)
		assert.Equal(t, inUse, portable, "%d bits", bits)
	}
}
