package factor

import "math/bits"

// AppendFactors appends the prime factors of n to dst in ascending order,
// each repeated by its multiplicity, and returns the extended slice.
// 0 and 1 have no prime factors. It does not allocate when dst has room.
func AppendFactors(dst []uint64, n uint64) []uint64 {
	if n < 2 {
		return dst
	}
	tz := bits.TrailingZeros64(n)
	for range tz {
		dst = append(dst, 2)
	}
	n >>= tz
	for p := uint64(3); p < 64 && p*p <= n; p += 2 {
		for n%p == 0 {
			dst = append(dst, p)
			n /= p
		}
	}
	if n == 1 {
		return dst
	}
	start := len(dst)
	dst = appendLarge(dst, n)
	sortTail(dst[start:])
	return dst
}

// appendLarge appends the prime factors of an odd n > 1 in any order.
func appendLarge(dst []uint64, n uint64) []uint64 {
	if IsPrime(n) {
		return append(dst, n)
	}
	d := rho(n)
	dst = appendLarge(dst, d)
	return appendLarge(dst, n/d)
}

// sortTail sorts a short slice in place (insertion sort: factor lists are tiny).
func sortTail(s []uint64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// mulmod returns a*b mod m.
func mulmod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	_, r := bits.Div64(hi%m, lo, m)
	return r
}

func powmod(a, e, m uint64) uint64 {
	r := uint64(1)
	a %= m
	for e > 0 {
		if e&1 == 1 {
			r = mulmod(r, a, m)
		}
		a = mulmod(a, a, m)
		e >>= 1
	}
	return r
}

// IsPrime reports whether n is prime (deterministic for all uint64).
func IsPrime(n uint64) bool {
	if n < 2 {
		return false
	}
	for _, p := range []uint64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37} {
		if n%p == 0 {
			return n == p
		}
	}
	d, s := n-1, 0
	for d%2 == 0 {
		d /= 2
		s++
	}
next:
	for _, a := range []uint64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37} {
		x := powmod(a, d, n)
		if x == 1 || x == n-1 {
			continue
		}
		for range s - 1 {
			x = mulmod(x, x, n)
			if x == n-1 {
				continue next
			}
		}
		return false
	}
	return true
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// rho returns a non-trivial factor of the odd composite n (Pollard-Brent).
func rho(n uint64) uint64 {
	if r := isqrt(n); r*r == n {
		return r
	}
	for c := uint64(1); ; c++ {
		x, y, d := uint64(2), uint64(2), uint64(1)
		for d == 1 {
			x = (mulmod(x, x, n) + c) % n
			y = (mulmod(y, y, n) + c) % n
			y = (mulmod(y, y, n) + c) % n
			if x > y {
				d = gcd(x-y, n)
			} else {
				d = gcd(y-x, n)
			}
		}
		if d != n {
			return d
		}
	}
}

func isqrt(n uint64) uint64 {
	r := uint64(0)
	for b := uint64(1) << 31; b > 0; b >>= 1 {
		if t := r | b; t*t <= n {
			r = t
		}
	}
	return r
}
