// Package chunk factors whole chunk requests with the kernel: it translates
// a messages.FactorRequest into a messages.FactorReply whose output lines
// are formatted already. Workers and the bench baselines share it, so every
// mode measures the same kernel and the same formatting.
package chunk

import (
	"math/big"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// BeforeNumber, when set on a Solver, is called before each number is
// factored: it is the fault-injection hook of chaos experiments.
type BeforeNumber func(value uint64, wide []byte)

// Solver factors chunk requests. The zero value is ready to use.
type Solver struct {
	// Before, if not nil, runs before each number.
	Before  BeforeNumber
	factors []uint64
	wide    []*big.Int
}

// bytesPerLine is a first guess at the length of an output line.
const bytesPerLine = 24

// Solve factors every number of req and returns the reply. The reply's
// Worker field is left empty for the caller to fill in.
func (s *Solver) Solve(req *messages.FactorRequest) *messages.FactorReply {
	start := time.Now()
	reply := &messages.FactorReply{
		ChunkId:    req.ChunkId,
		FirstIndex: req.FirstIndex,
		Count:      uint32(len(req.Numbers)),
		Output:     make([]byte, 0, bytesPerLine*len(req.Numbers)),
		LineEnds:   make([]uint32, len(req.Numbers)),
	}
	opts := options(req)
	naive := req.Algorithm == messages.Algorithm_ALGORITHM_NAIVE
	for i, n := range req.Numbers {
		mag, isWide := req.Wide[uint32(i)]
		if s.Before != nil {
			s.Before(n, mag)
		}
		switch {
		case isWide:
			v := new(big.Int).SetBytes(mag)
			s.wide = factor.AppendFactorsBig(s.wide[:0], v)
			reply.Output = opts.AppendWide(reply.Output, v, s.wide)
		case naive:
			s.factors = factor.AppendNaive(s.factors[:0], n)
			reply.Output = opts.Append64(reply.Output, n, s.factors)
		default:
			s.factors = factor.AppendFactors(s.factors[:0], n)
			reply.Output = opts.Append64(reply.Output, n, s.factors)
		}
		reply.LineEnds[i] = uint32(len(reply.Output))
	}
	reply.ElapsedNanos = int64(time.Since(start))
	return reply
}

// options returns the output options a request asks for.
func options(req *messages.FactorRequest) output.Options {
	return output.Options{Format: output.Format(req.Format), Exponents: req.Exponents}
}
