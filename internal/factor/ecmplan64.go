package factor

import (
	"math/big"
	"sync"
)

// ecmD64 is the stage-2 giant step; the baby steps are the j < ecmD64/2 coprime
// to ecmD64.
const ecmD64 = 120

// ecmMaxGiants64 bounds the number of stage-2 giant steps of any plan.
const ecmMaxGiants64 = 72

// ecmBabies64 lists the j in [1, ecmD64/2) coprime to ecmD64.
var ecmBabies64 = [...]uint64{1, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 49, 53, 59}

// ecmPlan64 holds the precomputed work for one pair of bounds.
type ecmPlan64 struct {
	stage1 []uint8 // bits of the product of prime powers up to B1, top bit first and dropped
	k0     uint64  // first giant step
	giants int     // number of giant steps
	terms  []ecmTerm64
}

// ecmPlans64 are indexed by ecmPlanFor64, each built on first use.
var ecmPlans64 = [...]func() *ecmPlan64{
	planOnce64(70, 2800),
	planOnce64(125, 5000),
	planOnce64(165, 6600),
	planOnce64(200, 6000),
}

func planOnce64(b1, b2 uint64) func() *ecmPlan64 {
	return sync.OnceValue(func() *ecmPlan64 {
		p := newECMPlan64(b1, b2)
		return &p
	})
}

// ecmPlanFor64 picks the bounds for n by its bit length (tuned on random
// semiprimes with balanced factors).
func ecmPlanFor64(n uint64) *ecmPlan64 {
	switch {
	case n < 1<<50:
		return ecmPlans64[0]()
	case n < 1<<56:
		return ecmPlans64[1]()
	case n < 1<<60:
		return ecmPlans64[2]()
	default:
		return ecmPlans64[3]()
	}
}

func newECMPlan64(b1, b2 uint64) ecmPlan64 {
	composite := make([]bool, b2+ecmD64)
	for p := uint64(2); p*p < uint64(len(composite)); p++ {
		for q := p * p; q < uint64(len(composite)); q += p {
			composite[q] = true
		}
	}
	var plan ecmPlan64
	k := big.NewInt(1)
	for p := uint64(2); p <= b1; p++ {
		if composite[p] {
			continue
		}
		q := p
		for q*p <= b1 {
			q *= p
		}
		k.Mul(k, new(big.Int).SetUint64(q))
	}
	for i := k.BitLen() - 2; i >= 0; i-- {
		plan.stage1 = append(plan.stage1, uint8(k.Bit(i)))
	}
	// Prime q in (b1, b2] is q = k*ecmD64 ± j for one giant k and baby j.
	plan.k0 = (b1 + 1 + ecmD64/2) / ecmD64
	for k := plan.k0; k <= (b2+ecmD64/2)/ecmD64; k++ {
		for i, j := range ecmBabies64 {
			for _, q := range [2]uint64{k*ecmD64 - j, k*ecmD64 + j} {
				if q > b1 && q <= b2 && !composite[q] {
					plan.terms = append(plan.terms, ecmTerm64{uint8(plan.giants), uint8(i)})
					break
				}
			}
		}
		plan.giants++
	}
	if plan.giants > ecmMaxGiants64 {
		panic("factor: ECM plan needs more giant steps than ecmMaxGiants64")
	}
	return plan
}

// ecmTerm64 is one stage-2 product term: giant index and baby index.
type ecmTerm64 struct{ giant, baby uint8 }
