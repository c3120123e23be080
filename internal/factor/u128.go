package factor

import (
	"math"
	"math/big"
	"math/bits"
)

// u128 is an unsigned 128-bit integer held in two 64-bit limbs.
type u128 struct{ hi, lo uint64 }

// u128From converts n, which must be below 2^128, to a u128.
func u128From(n *big.Int) u128 {
	var lo, hi big.Int
	lo.SetUint64(math.MaxUint64)
	lo.And(n, &lo)
	hi.Rsh(n, 64)
	return u128{hi.Uint64(), lo.Uint64()}
}

// big returns x as a new big.Int.
func (x u128) big() *big.Int {
	r := new(big.Int).SetUint64(x.hi)
	r.Lsh(r, 64)
	return r.Or(r, new(big.Int).SetUint64(x.lo))
}

func (x u128) isZero() bool { return x.hi|x.lo == 0 }

// cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x u128) cmp(y u128) int {
	switch {
	case x.hi != y.hi:
		if x.hi < y.hi {
			return -1
		}
		return 1
	case x.lo != y.lo:
		if x.lo < y.lo {
			return -1
		}
		return 1
	}
	return 0
}

func (x u128) add(y u128) (sum u128, carry uint64) {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, c := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}, c
}

func (x u128) sub(y u128) (diff u128, borrow uint64) {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, b := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}, b
}

func (x u128) rsh(s uint) u128 {
	switch {
	case s == 0:
		return x
	case s >= 64:
		return u128{0, x.hi >> (s - 64)}
	}
	return u128{x.hi >> s, x.lo>>s | x.hi<<(64-s)}
}

func (x u128) bitLen() int {
	if x.hi != 0 {
		return 64 + bits.Len64(x.hi)
	}
	return bits.Len64(x.lo)
}

func (x u128) trailingZeros() int {
	if x.lo != 0 {
		return bits.TrailingZeros64(x.lo)
	}
	return 64 + bits.TrailingZeros64(x.hi)
}

// bit returns bit i of x.
func (x u128) bit(i int) uint64 {
	if i >= 64 {
		return x.hi >> (i - 64) & 1
	}
	return x.lo >> i & 1
}

// mod64 returns x mod m for m > 0.
func (x u128) mod64(m uint64) uint64 {
	_, r := bits.Div64(x.hi%m, x.lo, m)
	return r
}

// div64 returns x / m and x mod m for m > 0.
func (x u128) div64(m uint64) (u128, uint64) {
	qhi := x.hi / m
	qlo, r := bits.Div64(x.hi%m, x.lo, m)
	return u128{qhi, qlo}, r
}

// mul64 returns x*m and whether the product overflowed 128 bits.
func (x u128) mul64(m uint64) (u128, bool) {
	h1, l1 := bits.Mul64(x.lo, m)
	h2, l2 := bits.Mul64(x.hi, m)
	hi, c := bits.Add64(h1, l2, 0)
	return u128{hi, l1}, h2 != 0 || c != 0
}

// mulFull returns the 128-bit product of two 64-bit numbers.
func mulFull(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// gcd128 returns gcd(x, y) by the binary algorithm.
func gcd128(x, y u128) u128 {
	if x.isZero() {
		return y
	}
	if y.isZero() {
		return x
	}
	shift := min(x.trailingZeros(), y.trailingZeros())
	x = x.rsh(uint(x.trailingZeros()))
	for {
		y = y.rsh(uint(y.trailingZeros()))
		if x.hi == 0 && y.hi == 0 {
			g := binaryGCD64(x.lo, y.lo)
			return u128{0, g}.lsh(uint(shift))
		}
		if x.cmp(y) > 0 {
			x, y = y, x
		}
		y, _ = y.sub(x)
		if y.isZero() {
			return x.lsh(uint(shift))
		}
	}
}

// lsh returns x << s for s < 128 (bits shifted out are lost).
func (x u128) lsh(s uint) u128 {
	switch {
	case s == 0:
		return x
	case s >= 64:
		return u128{x.lo << (s - 64), 0}
	}
	return u128{x.hi<<s | x.lo>>(64-s), x.lo << s}
}

// binaryGCD64 returns gcd(a, b) for odd a, b > 0.
func binaryGCD64(a, b uint64) uint64 {
	for a != b {
		if a > b {
			a -= b
			a >>= bits.TrailingZeros64(a)
		} else {
			b -= a
			b >>= bits.TrailingZeros64(b)
		}
	}
	return a
}

// root128 returns floor(x^(1/k)) for k >= 2.
func root128(x u128, k int) uint64 {
	f := math.Ldexp(float64(x.hi), 64) + float64(x.lo)
	est := math.Pow(f, 1/float64(k))
	r := uint64(math.MaxUint64)
	if est < 0x1p64 {
		r = uint64(est)
	}
	for r > 0 && powExceeds(r, k, x) {
		r--
	}
	for r < math.MaxUint64 && !powExceeds(r+1, k, x) {
		r++
	}
	return r
}

// powExceeds reports whether r^k > x.
func powExceeds(r uint64, k int, x u128) bool {
	if r == 0 {
		return false
	}
	p := u128{0, 1}
	for range k {
		var over bool
		if p, over = p.mul64(r); over {
			return true
		}
	}
	return p.cmp(x) > 0
}
