// Package chunk factors whole chunk requests with the kernel: it translates
// a messages.FactorRequest into a messages.FactorReply. Workers and the bench
// baselines share it, so every mode measures the same kernel.
package chunk

import (
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/messages"
)

// BeforeNumber, when set on a Solver, is called before each number is
// factored: it is the fault-injection hook of chaos experiments.
type BeforeNumber func(value uint64, wide []byte)

// Solver factors chunk requests. The zero value is ready to use.
type Solver struct {
	// Before, if not nil, runs before each number.
	Before BeforeNumber
	wide   []*big.Int
}

// Solve factors every number of req and returns the reply. The reply's
// Worker field is left empty for the caller to fill in.
func (s *Solver) Solve(req *messages.FactorRequest) *messages.FactorReply {
	start := time.Now()
	reply := &messages.FactorReply{
		ChunkId:    req.ChunkId,
		FirstIndex: req.FirstIndex,
		Counts:     make([]uint32, len(req.Numbers)),
		Factors:    make([]uint64, 0, 4*len(req.Numbers)),
	}
	naive := req.Algorithm == messages.Algorithm_ALGORITHM_NAIVE
	for i, n := range req.Numbers {
		mag, isWide := req.Wide[uint32(i)]
		if s.Before != nil {
			s.Before(n, mag)
		}
		if isWide {
			if reply.Wide == nil {
				reply.Wide = make(map[uint32]*messages.WideFactors)
			}
			reply.Wide[uint32(i)] = s.solveWide(mag)
			continue
		}
		before := len(reply.Factors)
		if naive {
			reply.Factors = factor.AppendNaive(reply.Factors, n)
		} else {
			reply.Factors = factor.AppendFactors(reply.Factors, n)
		}
		reply.Counts[i] = uint32(len(reply.Factors) - before)
	}
	reply.ElapsedNanos = int64(time.Since(start))
	return reply
}

// solveWide factors the number whose big-endian magnitude is mag.
func (s *Solver) solveWide(mag []byte) *messages.WideFactors {
	s.wide = factor.AppendFactorsBig(s.wide[:0], new(big.Int).SetBytes(mag))
	out := &messages.WideFactors{Factors: make([][]byte, len(s.wide))}
	for i, f := range s.wide {
		out.Factors[i] = f.Bytes()
	}
	return out
}
