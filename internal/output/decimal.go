package output

import (
	"math/bits"
	"slices"
)

// appendDecimal appends v in decimal, as strconv.AppendUint(dst, v, 10)
// does, but writes the digits in place: strconv formats into a buffer of
// its own and copies, which costs more than the digits for the short
// numbers of a cheap batch.
func appendDecimal(dst []byte, v uint64) []byte {
	if v < 10 {
		return append(dst, byte('0'+v))
	}
	n := decimalLen(v)
	i := len(dst) + n
	dst = slices.Grow(dst, n)[:i]
	for v >= 100 {
		q := v / 100
		r := v - q*100
		i -= 2
		dst[i], dst[i+1] = pairs[2*r], pairs[2*r+1]
		v = q
	}
	if v >= 10 {
		dst[i-2], dst[i-1] = pairs[2*v], pairs[2*v+1]
	} else {
		dst[i-1] = byte('0' + v)
	}
	return dst
}

// pairs holds "00" to "99".
const pairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// decimalLen returns the number of decimal digits of v > 0.
func decimalLen(v uint64) int {
	// log10(2) is about 1233/4096: t is the number of digits or one less.
	t := bits.Len64(v) * 1233 >> 12
	if v >= powersOf10[t] {
		return t + 1
	}
	return t
}

// powersOf10[i] is 10^i.
var powersOf10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}
