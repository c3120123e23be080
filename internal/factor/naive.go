package factor

// AppendNaive appends the prime factors of n found by the seed's
// factorize_naive: trial division by 2 and then every odd p until p*p >= n.
// It exists to reproduce the original workload, not for speed.
func AppendNaive(dst []uint64, n uint64) []uint64 {
	if n < 2 {
		return dst
	}
	p := uint64(2)
	for n != 1 {
		switch {
		case n%p == 0:
			dst = append(dst, p)
			n /= p
		case p*p >= n:
			return append(dst, n)
		case p > 2:
			p += 2
		default:
			p++
		}
	}
	return dst
}
