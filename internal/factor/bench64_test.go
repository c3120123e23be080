package factor

import (
	"math/rand/v2"
	"testing"
)

// benchInputs64 is the size of each benchmark's deterministic input set.
const benchInputs64 = 4096

func benchFactors64(b *testing.B, ns []uint64) {
	b.ReportAllocs()
	buf := make([]uint64, 0, 64)
	i := 0
	for b.Loop() {
		buf = AppendFactors(buf[:0], ns[i%len(ns)])
		i++
	}
}

// BenchmarkSeed factors the seed's workload: odd numbers upward from 1e12-1.
func BenchmarkSeed(b *testing.B) {
	ns := make([]uint64, benchInputs64)
	for i := range ns {
		ns[i] = 999999999999 + 2*uint64(i)
	}
	benchFactors64(b, ns)
}

// BenchmarkSmall factors consecutive numbers just below 10^7, as `seq`
// makes them, with the factor table of the numbers below SmallLimit.
func BenchmarkSmall(b *testing.B) {
	NoteSmall(smallWorth)
	ns := make([]uint64, benchInputs64)
	for i := range ns {
		ns[i] = 1e7 - benchInputs64 + uint64(i)
	}
	benchFactors64(b, ns)
}

// BenchmarkUniform64 factors uniform random numbers below 2^64.
func BenchmarkUniform64(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	ns := make([]uint64, benchInputs64)
	for i := range ns {
		ns[i] = r.Uint64()
	}
	benchFactors64(b, ns)
}

func benchSemiprime64(b *testing.B, bits int) {
	r := rand.New(rand.NewPCG(13, uint64(bits)))
	ns := make([]uint64, benchInputs64)
	for i := range ns {
		ns[i] = randomPrime64(r, bits/2) * randomPrime64(r, bits-bits/2)
	}
	benchFactors64(b, ns)
}

// BenchmarkSemiprime64 factors products of two random 32-bit primes.
func BenchmarkSemiprime64(b *testing.B) { benchSemiprime64(b, 64) }
func BenchmarkSemiprime56(b *testing.B) { benchSemiprime64(b, 56) }
func BenchmarkSemiprime48(b *testing.B) { benchSemiprime64(b, 48) }
func BenchmarkSemiprime40(b *testing.B) { benchSemiprime64(b, 40) }

// BenchmarkPrime64 tests random 64-bit primes.
func BenchmarkPrime64(b *testing.B) {
	r := rand.New(rand.NewPCG(15, 16))
	ns := make([]uint64, benchInputs64)
	for i := range ns {
		ns[i] = randomPrime64(r, 64)
	}
	benchFactors64(b, ns)
}
