package qs

import "math/bits"

// dependencies returns sets of rows whose columns, given as the columns
// with an odd exponent in each row, add up to zero mod 2. It first drops
// the rows that hold a column no other row has (they are in no dependency),
// then runs dense Gaussian elimination on what is left, recording in each
// row which original rows it is the sum of.
func dependencies(rows [][]uint32, columns int) [][]int {
	keep := pruneSingletons(rows, columns)
	// Number the columns that the kept rows touch.
	index := make([]int, columns)
	for j := range index {
		index[j] = -1
	}
	nc := 0
	for _, i := range keep {
		for _, j := range rows[i] {
			if index[j] < 0 {
				index[j] = nc
				nc++
			}
		}
	}
	nr := len(keep)
	wc, wh := (nc+63)/64, (nr+63)/64
	stride := wc + wh
	m := make([]uint64, nr*stride)
	for r, i := range keep {
		row := m[r*stride:]
		for _, j := range rows[i] {
			c := index[j]
			row[c/64] ^= 1 << (c % 64)
		}
		row[wc+r/64] |= 1 << (r % 64)
	}
	rank := 0
	for c := 0; c < nc && rank < nr; c++ {
		w, bit := c/64, uint64(1)<<(c%64)
		pivot := -1
		for r := rank; r < nr; r++ {
			if m[r*stride+w]&bit != 0 {
				pivot = r
				break
			}
		}
		if pivot < 0 {
			continue
		}
		if pivot != rank {
			a, b := m[pivot*stride:(pivot+1)*stride], m[rank*stride:(rank+1)*stride]
			for k := range a {
				a[k], b[k] = b[k], a[k]
			}
		}
		prow := m[rank*stride+w : (rank+1)*stride]
		for r := rank + 1; r < nr; r++ {
			row := m[r*stride+w : (r+1)*stride]
			if row[0]&bit == 0 {
				continue
			}
			row = row[:len(prow)]
			for k, v := range prow {
				row[k] ^= v
			}
		}
		rank++
	}
	var deps [][]int
	for r := rank; r < nr; r++ {
		hist := m[r*stride+wc : (r+1)*stride]
		var dep []int
		for k, v := range hist {
			for v != 0 {
				b := v & -v
				dep = append(dep, keep[k*64+bits.TrailingZeros64(b)])
				v ^= b
			}
		}
		if len(dep) > 0 {
			deps = append(deps, dep)
		}
	}
	return deps
}

// pruneSingletons returns the indices of the rows left after repeatedly
// dropping every row that holds a column of weight one.
func pruneSingletons(rows [][]uint32, columns int) []int {
	weight := make([]int, columns)
	for _, row := range rows {
		for _, j := range row {
			weight[j]++
		}
	}
	alive := make([]bool, len(rows))
	for i := range alive {
		alive[i] = true
	}
	for changed := true; changed; {
		changed = false
		for i, row := range rows {
			if !alive[i] {
				continue
			}
			for _, j := range row {
				if weight[j] == 1 {
					alive[i] = false
					changed = true
					for _, k := range row {
						weight[k]--
					}
					break
				}
			}
		}
	}
	var keep []int
	for i, a := range alive {
		if a {
			keep = append(keep, i)
		}
	}
	return keep
}
