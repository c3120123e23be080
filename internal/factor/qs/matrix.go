package qs

import (
	"iter"
	"math/bits"
	"slices"
)

// dependencies returns sets of rows whose columns, given as the columns
// with an odd exponent in each row, add up to zero mod 2. It first shrinks
// a large matrix (see reduce), then runs dense Gaussian elimination on what is
// left, recording in each row which reduced rows it is the sum of; the
// sets are spelled out as the caller asks for them, since each gives a
// factor with probability 1/2 and the first few are enough.
func dependencies(rows [][]uint32, columns int) iter.Seq[[]int] {
	var parts [][]int // the original rows of each row left
	if len(rows) >= reduceMinRows {
		rows, parts = reduce(rows, columns)
	} else {
		rows, parts = pruneSingletons(rows, columns)
	}
	// Number the columns that the rows left touch, the lightest first: the
	// elimination then meets the light ones while the rows are still
	// sparse, and the additions it makes fill the heavy ones, which are
	// dense already.
	weight := make([]int32, columns)
	for _, row := range rows {
		for _, j := range row {
			weight[j]++
		}
	}
	order := make([]int32, 0, columns)
	for j, w := range weight {
		if w > 0 {
			order = append(order, int32(j))
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(weight[a] - weight[b]) })
	index := weight // reused: the column's number
	for c, j := range order {
		index[j] = int32(c)
	}
	nc := len(order)
	nr := len(rows)
	wc, wh := (nc+63)/64, (nr+63)/64
	stride := wc + wh
	m := make([]uint64, nr*stride)
	for r, cols := range rows {
		row := m[r*stride:]
		for _, j := range cols {
			c := index[j]
			row[c/64] ^= 1 << (c % 64)
		}
		row[wc+r/64] |= 1 << (r % 64)
	}
	rank := eliminate(m, nr, nc, stride)
	return func(yield func([]int) bool) {
		for r := rank; r < nr; r++ {
			dep := dependency(m[r*stride+wc:(r+1)*stride], parts)
			if len(dep) > 0 && !yield(dep) {
				return
			}
		}
	}
}

// dependency returns the original rows that a row of the eliminated
// matrix, whose history words tell which rows it is the sum of, adds up
// from; parts gives the original rows of each row.
func dependency(history []uint64, parts [][]int) []int {
	var dep []int
	single := true // each row is one original row, none twice
	for k, v := range history {
		for ; v != 0; v &= v - 1 {
			p := parts[k*64+bits.TrailingZeros64(v)]
			dep = append(dep, p...)
			single = single && len(p) == 1
		}
	}
	// An original row in an even number of the reduced rows cancels.
	if !single {
		dep = oddOccurrences(dep)
	}
	return dep
}

// pruneSingletons drops, over and over, the rows that hold a column no
// other row holds (no dependency can use them), as reduce does without its
// merges, which cost a small matrix more than they save. It returns the
// rows left, each with its index among rows as its part.
func pruneSingletons(rows [][]uint32, columns int) (left [][]uint32, parts [][]int) {
	weight := make([]int32, columns)
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
			if !alive[i] || !slices.ContainsFunc(row, func(j uint32) bool { return weight[j] == 1 }) {
				continue
			}
			alive[i], changed = false, true
			for _, j := range row {
				weight[j]--
			}
		}
	}
	index := make([]int, 0, len(rows))
	for i, row := range rows {
		if alive[i] {
			left = append(left, row)
			index = append(index, i)
		}
	}
	parts = make([][]int, len(index))
	for k := range index {
		parts[k] = index[k : k+1 : k+1]
	}
	return left, parts
}

// reduce shrinks the matrix before the elimination, as structured
// Gaussian elimination does: it drops every row that holds a column no
// other row has (it is in no dependency), and for a column that only a few
// rows hold, adds the shortest of them to the others and drops it, which
// loses the column and a row. It repeats both until neither applies and
// returns the rows left, each as its sorted odd columns, with the original
// rows it is the sum of (a row may be in more than one).
func reduce(rows [][]uint32, columns int) (sets [][]uint32, parts [][]int) {
	sets = make([][]uint32, len(rows))
	parts = make([][]int, len(rows))
	for i, row := range rows {
		sets[i] = oddOccurrences(row)
		parts[i] = []int{i}
	}
	alive := make([]bool, len(rows))
	for i := range alive {
		alive[i] = true
	}
	weight := make([]int, columns)
	holders := make([][mergeWeight]int, columns) // the first rows that hold a column
	touched := make([]bool, len(rows))
	for changed := true; changed; {
		changed = false
		clear(weight)
		clear(touched)
		for i, set := range sets {
			if !alive[i] {
				continue
			}
			for _, j := range set {
				if weight[j] < mergeWeight {
					holders[j][weight[j]] = i
				}
				weight[j]++
			}
		}
		// A row changed in this pass waits for the next one, whose weights
		// account for the change.
	columns:
		for j, w := range weight {
			if w == 0 || w > mergeWeight {
				continue
			}
			held := holders[j][:w]
			for _, i := range held {
				if touched[i] {
					continue columns
				}
			}
			pivot := slices.MinFunc(held, func(a, b int) int { return len(sets[a]) - len(sets[b]) })
			for _, i := range held {
				if i != pivot {
					sets[i] = symmetricDifference(sets[pivot], sets[i])
					parts[i] = append(parts[i], parts[pivot]...)
				}
				touched[i] = true
			}
			alive[pivot] = false
			changed = true
		}
	}
	n := 0
	for i := range sets {
		if alive[i] {
			sets[n], parts[n] = sets[i], parts[i]
			n++
		}
	}
	return sets[:n], parts[:n]
}

// reduceMinRows is the size from which reduce pays: a smaller matrix is
// eliminated faster than reduce shrinks it (measured: 90-100-bit n, whose
// matrices have about 200 rows, took twice as long with it).
const reduceMinRows = 1000

// mergeWeight is the most rows a column may have for reduce to merge them:
// each merge makes rows denser, which the dense elimination does not mind.
const mergeWeight = 8

// oddOccurrences returns the values that occur an odd number of times in
// xs, sorted.
func oddOccurrences[T uint32 | int](xs []T) []T {
	sorted := slices.Sorted(slices.Values(xs))
	odd := sorted[:0]
	for i := 0; i < len(sorted); {
		k := i
		for k < len(sorted) && sorted[k] == sorted[i] {
			k++
		}
		if (k-i)%2 == 1 {
			odd = append(odd, sorted[i])
		}
		i = k
	}
	return odd
}

// symmetricDifference returns the columns in exactly one of the sorted a
// and b, sorted.
func symmetricDifference(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			a, b = a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}
