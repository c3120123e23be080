package factor

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// randomBig returns a random number of exactly b bits.
func randomBig(r *rand.Rand, b int) *big.Int {
	x := new(big.Int)
	for x.BitLen() < b {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(r.Uint64()|1<<63))
	}
	return x.Rsh(x, uint(x.BitLen()-b))
}

// TestMont192MatchesBig checks mont192's arithmetic, and wideMont's
// multiplication above 192 bits, against math/big, on random operands and
// on 0, 1 and n-1.
func TestMont192MatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	var moduli []*big.Int
	for _, b := range []int{129, 150, 191, 192, 193, 256, 512} {
		for range 5 {
			moduli = append(moduli, randomBig(r, b).SetBit(randomBig(r, b), 0, 1))
		}
	}
	two128 := new(big.Int).Lsh(bigOne, 128)
	two192 := new(big.Int).Lsh(bigOne, 192)
	moduli = append(moduli, new(big.Int).Add(two128, bigOne), new(big.Int).Sub(two192, bigOne))
	for _, n := range moduli {
		k := (n.BitLen() + 63) / 64
		rInv := new(big.Int).Lsh(bigOne, uint(64*k))
		rInv.ModInverse(rInv, n)
		edges := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(n, bigOne)}
		for i := range 300 {
			var a, b *big.Int
			if i < len(edges)*len(edges) {
				a, b = edges[i/len(edges)], edges[i%len(edges)]
			} else {
				a = new(big.Int).Mod(randomBig(r, n.BitLen()+8), n)
				b = new(big.Int).Mod(randomBig(r, n.BitLen()+8), n)
			}
			prod := new(big.Int).Mul(a, b)
			prod.Mul(prod, rInv).Mod(prod, n)
			sum := new(big.Int).Add(a, b)
			sum.Mod(sum, n)
			diff := new(big.Int).Sub(a, b)
			diff.Mod(diff, n)
			if k > 3 {
				m := newWideMont(n)
				if got := m.toBig(m.mul(wideFromBig(a), wideFromBig(b))); got.Cmp(prod) != 0 {
					t.Fatalf("wideMont mod %v: %v*%v/R = %v, want %v", n, a, b, got, prod)
				}
				continue
			}
			m := newMont192(n)
			x, y := limbs3FromBig(a), limbs3FromBig(b)
			for _, c := range []struct {
				op        string
				got, want *big.Int
			}{
				{"*", m.toBig(m.mul(x, y)), prod},
				{"+", m.toBig(m.add(x, y)), sum},
				{"-", m.toBig(m.sub(x, y)), diff},
			} {
				if c.got.Cmp(c.want) != 0 {
					t.Fatalf("mont192 mod %v: %v %s %v = %v, want %v", n, a, c.op, b, c.got, c.want)
				}
			}
		}
	}
}

// BenchmarkAbove2to128 factors 2^128+1 = 59649589127497217 * 5704689200685129054721,
// whose 56-bit factor takes ECM with three-limb arithmetic.
func BenchmarkAbove2to128(b *testing.B) {
	b.ReportAllocs()
	n := new(big.Int).Lsh(bigOne, 128)
	n.Add(n, bigOne)
	for b.Loop() {
		AppendFactorsBig(nil, n)
	}
}
