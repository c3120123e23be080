package qs

import (
	"encoding/binary"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzEliminate eliminates a matrix spelled by the input, with both
// eliminations, and checks the rank against a plain one and every row
// against the history it records.
func FuzzEliminate(f *testing.F) {
	f.Add(uint8(5), uint8(3), []byte{0b101, 0b011, 0b110, 0b111, 0b001})
	f.Add(uint8(70), uint8(66), []byte{0xff, 0x0f, 0xf0, 0x55, 0xaa, 0x01, 0x80})
	f.Fuzz(func(t *testing.T, rows, cols uint8, bits []byte) {
		nr, nc := 1+int(rows)%90, 1+int(cols)%80
		wc, wh := (nc+63)/64, (nr+63)/64
		stride := wc + wh
		orig := make([]uint64, nr*stride)
		for r := range nr {
			for c := range nc {
				if k := r*nc + c; len(bits) > 0 && bits[k/8%len(bits)]>>(k%8)&1 != 0 {
					orig[r*stride+c/64] |= 1 << (c % 64)
				}
			}
			orig[r*stride+wc+r/64] |= 1 << (r % 64)
		}
		want := naiveRank(orig, nr, nc, stride)
		for _, eliminate := range []func([]uint64, int, int, int) int{eliminatePlain, eliminateGrouped} {
			m := append([]uint64(nil), orig...)
			rank := eliminate(m, nr, nc, stride)
			require.Equal(t, want, rank)
			checkHistory(t, orig, m, nr, nc, rank, stride)
		}
	})
}

// FuzzCycles builds a graph of partial relations from the input, pairs of
// small odd "primes" or 1, and checks that the graph finds as many cycles
// as it counted, each closed at every vertex but 1.
func FuzzCycles(f *testing.F) {
	f.Add([]byte{0, 3, 0, 3, 3, 5, 5, 7, 7, 3})
	f.Add([]byte{1, 1, 2, 2, 3, 3, 1, 2, 2, 3, 3, 1})
	f.Fuzz(func(t *testing.T, ends []byte) {
		vertex := func(b byte) uint64 {
			if b%5 == 0 {
				return 1
			}
			return 2*uint64(b) + 1
		}
		g := newLargeGraph(len(ends) / 2)
		var edges [][2]uint64
		for i := 0; i+1 < len(ends); i += 2 {
			p, q := vertex(ends[i]), vertex(ends[i+1])
			g.add(p, q)
			edges = append(edges, [2]uint64{p, q})
		}
		cycles := g.cycleEdges()
		require.Len(t, cycles, g.cycles)
		for _, cycle := range cycles {
			count := map[uint64]int{}
			for _, e := range cycle {
				count[edges[e][0]]++
				count[edges[e][1]]++
			}
			for v, c := range count {
				assert.True(t, v == 1 || c%2 == 0, "cycle %v meets %d %d times", cycle, v, c)
			}
		}
	})
}

// FuzzSplitComposite splits the product of two odd numbers above the
// factor base's primes and checks that what comes back divides it.
func FuzzSplitComposite(f *testing.F) {
	f.Add(uint32(65537), uint32(65539))
	f.Add(uint32(1<<20+7), uint32(3))
	f.Fuzz(func(t *testing.T, a, b uint32) {
		n := uint64(a|1) * uint64(b>>4|1)
		if n < 9 || probablePrime(n) {
			return
		}
		if d := splitComposite(n, 1<<12); d != 0 {
			assert.True(t, d > 1 && d < n && n%d == 0, "%d: %d", n, d)
		}
	})
}

// FuzzDivExact divides multiples and non-multiples of odd words.
func FuzzDivExact(f *testing.F) {
	f.Add(uint64(3), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Fuzz(func(t *testing.T, m uint64, data []byte) {
		m |= 1
		q := make([]uint64, 0, 4)
		for i := 0; i+8 <= len(data) && len(q) < 4; i += 8 {
			q = append(q, binary.LittleEndian.Uint64(data[i:]))
		}
		if len(q) == 0 {
			return
		}
		inv := m
		for range 5 {
			inv *= 2 - m*inv
		}
		want, rem := bigFromWords(q), new(big.Int)
		want.QuoRem(want, new(big.Int).SetUint64(m), rem)
		quo, ok := divExact(make([]uint64, len(q)), append([]uint64(nil), q...), m, inv)
		require.Equal(t, rem.Sign() == 0, ok)
		if ok {
			assert.Equal(t, want.String(), bigFromWords(quo).String())
		}
	})
}
