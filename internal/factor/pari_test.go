package factor

import (
	"bufio"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBalancedSemiprimesMatchPARI factors random balanced semiprimes of
// 64-240 bits, the sizes the quadratic sieve and its double large primes
// serve, and compares every factorization with PARI/GP's factor(), run
// once with all the numbers. It skips where gp is not on PATH. Under
// -short it takes two numbers of each size up to 140 bits; otherwise one
// more of each of 160, 180 and 200 bits (some 5 s); FACTOR_PARI_LARGE=1
// adds 220 and 240 bits, which take PARI a minute.
func TestBalancedSemiprimesMatchPARI(t *testing.T) {
	arithmeticOnly(t)
	gp, err := exec.LookPath("gp")
	if err != nil {
		t.Skip("gp (PARI/GP) not on PATH; skipping the cross-check")
	}
	sizes := []int{64, 72, 90, 116, 140}
	if !testing.Short() {
		sizes = append(sizes, 160, 180, 200)
	}
	if os.Getenv("FACTOR_PARI_LARGE") == "1" {
		sizes = append(sizes, 220, 240)
	}
	rng := rand.New(rand.NewPCG(23, 240))
	var ns []*big.Int
	for _, bits := range sizes {
		for range 1 + min(1, 140/bits) { // two of each size up to 140 bits

			p, q := randomPrimeBig(rng, bits/2), randomPrimeBig(rng, bits-bits/2)
			ns = append(ns, new(big.Int).Mul(p, q))
		}
	}
	var script strings.Builder
	script.WriteString("default(parisizemax, 2^30)\n")
	for _, n := range ns {
		fmt.Fprintf(&script, "print(%v, \": \", factor(%v)[,1]~)\n", n, n)
	}
	cmd := exec.Command(gp, "-q", "-f")
	cmd.Stdin = strings.NewReader(script.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running %s: %v", gp, err)
	}
	pari := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if n, factors, ok := strings.Cut(sc.Text(), ": "); ok {
			pari[n] = factors
		}
	}
	for _, n := range ns {
		ours := "[" + strings.ReplaceAll(bigStrings(AppendFactorsBig(nil, n)), " ", ", ") + "]"
		if got, ok := pari[n.String()]; !ok || got != ours {
			t.Errorf("%v: ours %s, PARI/GP %q", n, ours, got)
		}
	}
}

// randomPrimeBig returns a random prime of exactly bits bits drawn from rng.
func randomPrimeBig(rng *rand.Rand, bits int) *big.Int {
	for {
		x := new(big.Int)
		for x.BitLen() < bits {
			x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64()))
		}
		x.Rsh(x, uint(x.BitLen()-bits))
		x.SetBit(x, bits-1, 1).SetBit(x, 0, 1)
		if x.ProbablyPrime(20) {
			return x
		}
	}
}
