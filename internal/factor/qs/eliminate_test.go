package qs

import (
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEliminateLeavesRowsThatAreSumsOfTheirHistory eliminates random
// matrices with history and checks that the rank is right, every row from
// it on is empty, and each row is the sum of the original rows its history
// names.
func TestEliminateLeavesRowsThatAreSumsOfTheirHistory(t *testing.T) {
	arithmeticOnly(t)
	rng := rand.New(rand.NewPCG(14, 14))
	for _, size := range [][2]int{{1, 1}, {5, 3}, {70, 60}, {130, 120}, {301, 200}, {1100, 1000}} {
		nr, nc := size[0], size[1]
		for _, density := range []int{2, 20} {
			wc, wh := (nc+63)/64, (nr+63)/64
			stride := wc + wh
			m := make([]uint64, nr*stride)
			for r := range nr {
				for c := range nc {
					if rng.IntN(100) < density {
						m[r*stride+c/64] ^= 1 << (c % 64)
					}
				}
				m[r*stride+wc+r/64] |= 1 << (r % 64)
			}
			orig := append([]uint64(nil), m...)
			for name, eliminate := range map[string]func([]uint64, int, int, int) int{"plain": eliminatePlain, "grouped": eliminateGrouped} {
				m := append([]uint64(nil), orig...)
				rank := eliminate(m, nr, nc, stride)
				require.Equal(t, naiveRank(orig, nr, nc, stride), rank, "%s %dx%d", name, nr, nc)
				checkHistory(t, orig, m, nr, nc, rank, stride)
			}
		}
	}
}

// checkHistory checks that each row of the eliminated m is the sum of the
// rows of orig its history names, and that the rows from rank on are
// empty.
func checkHistory(t *testing.T, orig, m []uint64, nr, nc, rank, stride int) {
	t.Helper()
	wc, wh := (nc+63)/64, (nr+63)/64
	for r := range nr {
		sum := make([]uint64, wc)
		for k := range wh {
			for v := m[r*stride+wc+k]; v != 0; v &= v - 1 {
				i := k*64 + bits.TrailingZeros64(v)
				xorInto(sum, orig[i*stride:i*stride+wc])
			}
		}
		assert.Equal(t, sum, m[r*stride:r*stride+wc], "%dx%d: row %d", nr, nc, r)
		if r >= rank {
			assert.Equal(t, make([]uint64, wc), m[r*stride:r*stride+wc], "%dx%d: row %d past the rank", nr, nc, r)
		}
	}
}

func naiveRank(m []uint64, nr, nc, stride int) int {
	m = append([]uint64(nil), m...)
	rank := 0
	for c := 0; c < nc && rank < nr; c++ {
		p := -1
		for r := rank; r < nr; r++ {
			if m[r*stride+c/64]>>(c%64)&1 != 0 {
				p = r
				break
			}
		}
		if p < 0 {
			continue
		}
		swapRows(m, p, rank, stride)
		for r := rank + 1; r < nr; r++ {
			if m[r*stride+c/64]>>(c%64)&1 != 0 {
				xorInto(m[r*stride:(r+1)*stride], m[rank*stride:(rank+1)*stride])
			}
		}
		rank++
	}
	return rank
}
