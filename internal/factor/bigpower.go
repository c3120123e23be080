package factor

import "math/big"

// perfectPowerBig returns root and k > 1 with root^k = n when n, free of
// prime factors below trialBoundBig, is a perfect power; otherwise k = 1.
// Only prime k need trying: for composite k the root is itself a power.
func perfectPowerBig(n *big.Int) (root *big.Int, k int) {
	for k := 2; k*16 <= n.BitLen(); k++ { // a root must exceed 2^16
		if !IsPrime(uint64(k)) {
			continue
		}
		r := rootBig(n, k)
		if new(big.Int).Exp(r, big.NewInt(int64(k)), nil).Cmp(n) == 0 {
			return r, k
		}
	}
	return nil, 1
}

// rootBig returns floor(n^(1/k)) for n > 0 and k >= 2 by Newton's method.
func rootBig(n *big.Int, k int) *big.Int {
	if k == 2 {
		return new(big.Int).Sqrt(n)
	}
	bk := big.NewInt(int64(k))
	bk1 := big.NewInt(int64(k - 1))
	x := new(big.Int).Lsh(bigOne, uint((n.BitLen()+k-1)/k)) // x >= root
	for {
		// y = ((k-1)x + n/x^(k-1)) / k
		y := new(big.Int).Exp(x, bk1, nil)
		y.Quo(n, y)
		y.Add(y, new(big.Int).Mul(x, bk1))
		y.Quo(y, bk)
		if y.Cmp(x) >= 0 {
			return x
		}
		x = y
	}
}
