package qs

// params are the sieve's settings for one size of n.
type params struct {
	bits      int // size of n, in bits, the row is tuned for
	fbSize    int // primes in the factor base, 2 included
	halfWidth int // M: each polynomial is sieved over x in [-M, M)
	lpMult    int // partial relations keep one large prime up to lpMult times the largest base prime
	aPrimes   int // s: primes in each A, so that a family has 2^(s-1) polynomials
	// dlpExp, when not 0, turns the double large prime variation on: a
	// relation may keep a cofactor up to lpBound^dlpExp that is the
	// product of two primes up to lpBound.
	dlpExp float64
	// sieveFrom is the bound below which primes are not sieved: they hit
	// many cells for little log each.
	sieveFrom int
	// slack lowers the sieve's threshold, in bits, below the size of a
	// relation with the largest large prime, for the logs the sieve misses:
	// powers of 2 and of the small primes beyond their expected share,
	// prime powers, the primes of A, and rounding. Larger numbers, whose
	// candidates are rarer, afford more.
	slack float64
}

// paramTable holds the tuned rows, ascending by bits; paramsFor
// interpolates between them. The rows from 140 to 200 bits were tuned
// in-process on balanced semiprimes from PARI's randomprime (6 of 140-145
// bits, 4 of 160, 4 of 180, 3 of 199-201; time to a factor, matrix
// included), one knob at a time:
//   - slack: 3 bits more than before at 140 (0.34 s -> 0.31 s for the six),
//     5 more at 160-200 once tooRough made rough candidates cheap (200
//     bits: 3.7 s -> 3.4 s); 2 more at 100-120 bits gained nothing;
//   - at 200 bits, M = 32768 (two blocks) beat 49152 and 65536 by 10-15%,
//     and 4,200 primes beat 3,400 (4% fewer seconds) and 5,000-6,000 (the
//     matrix grows faster than the sieve shrinks);
//   - at 140-180 bits, M and the factor base as they were: 0.75x-1.3x of
//     either did no better;
//   - s, the primes of A: 7-10 at 180-200 bits within noise (3%);
//   - at 220 bits (one semiprime): 7,000 primes over M = 49152 with 7 bits
//     more slack, 13.9 s -> 10.7 s; at 240 bits, 11,000 over M = 65536,
//     73.6 s -> 52.3 s;
//   - double large primes from 190 bits, cofactors up to lpBound^1.65-1.75
//     and the slack 2-8 bits lower (the cofactor bound already lowers the
//     threshold): three of 199-200 bits 5.5 s -> 4.3 s, one of 220 bits
//     7.5 s -> 6.4 s, one of 239 bits 44 s -> 24 s (sieving, CPU time;
//     the rows above 240 bits unmeasured); at 180 bits they neither gain
//     nor lose;
//   - once the AVX2 test of a candidate's primes made candidates cheap,
//     the primes below 256 left unsieved at 160-180 bits with 6 bits more
//     slack (four of 160 bits and four of 180: 1.86 s -> 1.75 s), below
//     128 at 140 bits with 4 more; with double large primes, from 190
//     bits, they lost (220 bits: 6.4 s -> 6.8 s).
//
// The rows below 140 bits and above 240 were tuned in an earlier session
// on fewer numbers.
var paramTable = []params{
	{bits: 60, fbSize: 36, halfWidth: 4096, lpMult: 7, aPrimes: 2, sieveFrom: 8, slack: 0},
	{bits: 70, fbSize: 50, halfWidth: 4608, lpMult: 8, aPrimes: 2, sieveFrom: 8, slack: 1},
	{bits: 80, fbSize: 68, halfWidth: 4608, lpMult: 12, aPrimes: 3, sieveFrom: 8, slack: 2},
	{bits: 90, fbSize: 112, halfWidth: 5120, lpMult: 12, aPrimes: 3, sieveFrom: 13, slack: 2},
	{bits: 100, fbSize: 145, halfWidth: 12288, lpMult: 38, aPrimes: 4, sieveFrom: 20, slack: 2},
	{bits: 120, fbSize: 340, halfWidth: 16384, lpMult: 40, aPrimes: 5, sieveFrom: 20, slack: 2},
	{bits: 140, fbSize: 600, halfWidth: 32768, lpMult: 50, aPrimes: 6, sieveFrom: 128, slack: 9},
	{bits: 160, fbSize: 1100, halfWidth: 32768, lpMult: 60, aPrimes: 7, sieveFrom: 256, slack: 16},
	{bits: 180, fbSize: 2000, halfWidth: 32768, lpMult: 90, aPrimes: 7, sieveFrom: 256, slack: 16},
	{bits: 190, fbSize: 3000, halfWidth: 32768, lpMult: 95, aPrimes: 8, dlpExp: 1.65, sieveFrom: 40, slack: 10},
	{bits: 200, fbSize: 4200, halfWidth: 32768, lpMult: 100, aPrimes: 8, dlpExp: 1.65, sieveFrom: 40, slack: 10},
	{bits: 220, fbSize: 7000, halfWidth: 49152, lpMult: 100, aPrimes: 9, dlpExp: 1.75, sieveFrom: 40, slack: 4},
	{bits: 240, fbSize: 11000, halfWidth: 65536, lpMult: 100, aPrimes: 10, dlpExp: 1.75, sieveFrom: 40, slack: 4},
	{bits: 260, fbSize: 15000, halfWidth: 131072, lpMult: 100, aPrimes: 11, dlpExp: 1.8, sieveFrom: 40, slack: -3},
	{bits: 300, fbSize: 30000, halfWidth: 196608, lpMult: 120, aPrimes: 12, dlpExp: 1.8, sieveFrom: 40, slack: -3},
}

// paramsFor returns the settings for an n of the given size, interpolated
// linearly between the table's rows and clamped at its ends.
func paramsFor(bits int) params {
	t := paramTable
	if bits <= t[0].bits {
		return t[0]
	}
	for i := 1; i < len(t); i++ {
		if bits > t[i].bits {
			continue
		}
		lo, hi := t[i-1], t[i]
		f := float64(bits-lo.bits) / float64(hi.bits-lo.bits)
		mix := func(a, b int) int { return a + int(f*float64(b-a)+0.5) }
		return params{
			bits:      bits,
			fbSize:    mix(lo.fbSize, hi.fbSize),
			halfWidth: mix(lo.halfWidth/1024, hi.halfWidth/1024) * 1024,
			lpMult:    mix(lo.lpMult, hi.lpMult),
			aPrimes:   mix(lo.aPrimes, hi.aPrimes),
			sieveFrom: mix(lo.sieveFrom, hi.sieveFrom),
			dlpExp:    mixDLP(lo.dlpExp, hi.dlpExp, f),
			slack:     lo.slack + f*(hi.slack-lo.slack),
		}
	}
	return t[len(t)-1]
}

// mixDLP interpolates the double large prime exponent between two rows,
// and keeps the variation off unless both rows have it on.
func mixDLP(lo, hi, f float64) float64 {
	if lo == 0 || hi == 0 {
		return 0
	}
	return lo + f*(hi-lo)
}
