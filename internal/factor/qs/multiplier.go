package qs

import (
	"math"
	"math/big"
	"sync"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// multipliers are the odd squarefree k <= 73 Knuth-Schroeppel chooses from.
var multipliers = []uint64{1, 3, 5, 7, 11, 13, 15, 17, 19, 21, 23, 29, 31, 33, 35,
	37, 39, 41, 43, 47, 51, 53, 55, 57, 59, 61, 65, 67, 69, 71, 73}

// ksPrimes is how many odd primes the Knuth-Schroeppel score looks at
// at most; smaller numbers, which are factored in a millisecond, look at
// fewer.
const ksPrimes = 200

// ksPrimesFor returns how many odd primes the score looks at for an n of
// the given size.
func ksPrimesFor(bits int) int { return min(ksPrimes, bits) }

// ksTable holds, for each odd prime p of the score and each multiplier k,
// the Legendre symbol (k/p), and ksWeight ln(p)/(p-1); ksOnce builds them
// on first use.
var (
	ksTable  [][]int8
	ksWeight []float64
	ksOnce   sync.Once
)

func buildKSTable() {
	primes := primesUpTo(2000)[1 : ksPrimes+1]
	ksTable = make([][]int8, len(primes))
	ksWeight = make([]float64, len(primes))
	for i, p := range primes {
		ksWeight[i] = math.Log(float64(p)) / float64(p-1)
		ksTable[i] = make([]int8, len(multipliers))
		for j, k := range multipliers {
			ksTable[i][j] = int8(modular.Jacobi(k, uint64(p)))
		}
	}
}

// multiplier returns the Knuth-Schroeppel multiplier k for n: the one that
// makes small primes divide the polynomial values of kn most often, net of
// the growth of kn. It returns instead a small prime that divides n, if any.
func multiplier(n *big.Int) (k uint64, factor uint64) {
	ksOnce.Do(buildKSTable)
	primes := primesUpTo(2000)[1 : ksPrimesFor(n.BitLen())+1]
	words := n.Bits()
	score := make([]float64, len(multipliers))
	nMod8 := uint64(words[0]) & 7
	for j, k := range multipliers {
		score[j] = -0.5 * math.Log(float64(k))
		switch k * nMod8 & 7 {
		case 1:
			score[j] += 2 * math.Ln2
		case 5:
			score[j] += math.Ln2
		default:
			score[j] += 0.5 * math.Ln2
		}
	}
	for i, p := range primes {
		r := modular.Rem(words, uint64(p))
		if r == 0 {
			return 0, uint64(p)
		}
		ln := ksWeight[i]
		sym := int8(modular.Jacobi(r, uint64(p)))
		for j := range multipliers {
			switch ksTable[i][j] * sym {
			case 1:
				score[j] += 2 * ln
			case 0:
				score[j] += ln
			}
		}
	}
	best := 0
	for j := range score {
		if score[j] > score[best] {
			best = j
		}
	}
	return multipliers[best], 0
}
