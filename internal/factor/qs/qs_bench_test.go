package qs

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// semiprime returns a product of two random primes of bits/2 bits each
// drawn from rng.
func semiprime(rng *rand.Rand, bits int) (n, p, q *big.Int) {
	prime := func(b int) *big.Int {
		for {
			x := new(big.Int).SetUint64(rng.Uint64())
			for x.BitLen() < b {
				x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64()))
			}
			x.Rsh(x, uint(x.BitLen()-b))
			x.SetBit(x, b-1, 1).SetBit(x, 0, 1)
			if x.ProbablyPrime(20) {
				return x
			}
		}
	}
	p, q = prime(bits/2), prime(bits-bits/2)
	return new(big.Int).Mul(p, q), p, q
}

func BenchmarkFactor(b *testing.B) {
	for _, bits := range []int{64, 80, 100, 116, 130, 160, 200} {
		b.Run(fmt.Sprint(bits), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(uint64(bits), 1))
			for b.Loop() {
				n, _, _ := semiprime(rng, bits)
				if d, err := Factor(n, nil); err != nil || d == nil {
					b.Fatal(n, err)
				}
			}
		})
	}
}

// BenchmarkBandFile factors every number of the file named by $QS_FILE,
// one per line, to tune the parameter table on a fixed set:
//
//	QS_FILE=semiprimes.txt go test -run X -bench BandFile ./internal/factor/qs
func BenchmarkBandFile(b *testing.B) {
	data, err := os.ReadFile(os.Getenv("QS_FILE"))
	if err != nil {
		b.Skip(err)
	}
	var ns []*big.Int
	for _, f := range strings.Fields(string(data)) {
		n, _ := new(big.Int).SetString(f, 10)
		ns = append(ns, n)
	}
	for b.Loop() {
		for _, n := range ns {
			if d, err := Factor(n, nil); err != nil || d == nil {
				b.Fatal(n, err)
			}
		}
	}
}

func BenchmarkSievePolynomial(b *testing.B) {
	n, _, _ := semiprime(rand.New(rand.NewPCG(100, 1)), 100)
	plan, _, _ := NewPlan(n)
	s := plan.NewSieve()
	idx, _ := plan.NewFamilies(1).Next()
	s.Family(idx, func(Relation) {}, func() bool { return true })
	b.ResetTimer()
	for b.Loop() {
		s.sieve(func(Relation) {})
	}
	b.ReportMetric(float64(len(plan.primes)), "primes")
}
