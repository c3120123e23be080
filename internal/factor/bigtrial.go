package factor

import (
	"math/big"
	"math/bits"
	"sync"

	"github.com/actorfactor/actorfactor/internal/factor/modular"
)

// trialBoundBig is the bound of trial division on the math/big route: after
// it, every prime factor left is at least this large.
const trialBoundBig = 1 << 16

// trialPrimesBig returns the odd primes below trialBoundBig, sieved on
// first use: a process that factors no big number skips it.
var trialPrimesBig = sync.OnceValue(func() []uint64 { return oddPrimesBelow(trialBoundBig) })

// appendSmallFactorsBig divides out of n every prime below trialBoundBig,
// appending each with its multiplicity. To save divisions of n it reduces n
// once modulo a product of several primes and tests those on the remainder.
func appendSmallFactorsBig(dst []*big.Int, n *big.Int) []*big.Int {
	if tz := n.TrailingZeroBits(); tz > 0 {
		for range tz {
			dst = append(dst, big.NewInt(2))
		}
		n.Rsh(n, tz)
	}
	primes := trialPrimesBig()
	var q, p big.Int
	for len(primes) > 0 {
		group := primes[:1]
		product := primes[0]
		for len(group) < len(primes) {
			hi, lo := bits.Mul64(product, primes[len(group)])
			if hi != 0 {
				break
			}
			product = lo
			group = primes[:len(group)+1]
		}
		primes = primes[len(group):]
		r := modular.Rem(n.Bits(), product)
		for _, pr := range group {
			if r%pr != 0 {
				continue
			}
			p.SetUint64(pr)
			for {
				var m big.Int
				q.QuoRem(n, &p, &m)
				if m.Sign() != 0 {
					break
				}
				dst = append(dst, new(big.Int).SetUint64(pr))
				n.Set(&q)
			}
		}
	}
	return dst
}
