// Package chunk answers a worker's requests. A Solver answers a chunk: it
// parses the tokens of a messages.FactorRequest, factors them with the
// kernel and formats the output lines of the messages.FactorReply; workers
// and the bench baselines share it, so every mode measures the same kernel
// and the same formatting. A Siever answers a messages.SieveRequest, a
// slice of the quadratic sieve of a number shared by many workers.
package chunk

import (
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/actorfactor/actorfactor/internal/factor"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// BeforeNumber, when set on a Solver, is called before each number is
// factored: it is the fault-injection hook of chaos experiments.
type BeforeNumber func(value uint64, wide []byte)

// Solver factors chunk requests. The zero value is ready to use.
type Solver struct {
	// Before, if not nil, runs before each number.
	Before BeforeNumber
	// handling is one more than the offset of the token being solved; 0
	// between chunks.
	handling int
	factors  []uint64
	wide     []*big.Int
}

// bytesPerDigit is a first guess at the bytes of output per byte of input.
const bytesPerDigit = 3

// Solve parses, factors and formats every token of req and returns the
// reply. The reply's Worker field is left empty for the caller to fill in.
func (s *Solver) Solve(req *messages.FactorRequest) *messages.FactorReply {
	start := time.Now()
	reply := &messages.FactorReply{
		ChunkId:    req.ChunkId,
		FirstIndex: req.FirstIndex,
		Output:     outputBuffer(len(req.Text) * bytesPerDigit),
		LineEnds:   make([]uint32, 0, req.Count),
	}
	opts := options(req)
	naive := req.Algorithm == messages.Algorithm_ALGORITHM_NAIVE
	small := 0 // numbers below factor.SmallLimit
	tokens := input.NewTokens(req.Text, int(req.FirstLine), req.Arguments)
	for tokens.Scan() {
		tok := tokens.Token()
		s.handling = int(reply.Count) + 1
		switch {
		case tok.Err != nil:
			if reply.Invalid == nil {
				reply.Invalid = make(map[uint32]string)
			}
			reply.Invalid[reply.Count] = tok.Err.Error()
		case tok.Wide != nil:
			if s.Before != nil {
				s.Before(0, tok.Wide.Bytes())
			}
			began := time.Now()
			solved := s.solveWide(reply, tok.Wide, opts, req)
			if took := int64(time.Since(began)); took > reply.SlowestNanos {
				reply.Slowest, reply.SlowestNanos = reply.Count+1, took
			}
			if !solved {
				if reply.Failed == nil {
					reply.Failed = make(map[uint32]string)
				}
				reply.Failed[reply.Count] = fmt.Sprintf("%s %v", GaveUp, time.Duration(req.NumberTimeoutNanos))
			}
		default:
			if s.Before != nil {
				s.Before(tok.Value, nil)
			}
			if naive {
				s.factors = factor.AppendNaive(s.factors[:0], tok.Value)
			} else {
				s.factors = factor.AppendFactors(s.factors[:0], tok.Value)
				if tok.Value < factor.SmallLimit {
					small++
				}
			}
			reply.Output = opts.Append64(reply.Output, tok.Value, tok.Digits, s.factors)
		}
		reply.LineEnds = append(reply.LineEnds, uint32(len(reply.Output)))
		reply.Count++
	}
	s.handling = 0
	factor.NoteSmall(small)
	reply.ElapsedNanos = int64(time.Since(start))
	return reply
}

// outputs holds the output buffers of written replies for Solve to
// reuse: a batch of cheap numbers writes tens of megabytes of lines a
// second, and reusing their buffers spares the garbage collector most of
// that.
var outputs sync.Pool // of *[]byte

// Recycle hands the output buffer of a reply whose lines are written back
// for a later Solve to reuse, and sets the reply's Output to nil: nothing
// may use the buffer afterwards.
func Recycle(reply *messages.FactorReply) {
	if cap(reply.Output) > 0 {
		buf := reply.Output[:0]
		outputs.Put(&buf)
	}
	reply.Output = nil
}

// outputBuffer returns an empty buffer with room for size bytes: a
// recycled one when it is large enough.
func outputBuffer(size int) []byte {
	if buf, ok := outputs.Get().(*[]byte); ok && cap(*buf) >= size {
		return *buf
	}
	return make([]byte, 0, size)
}

// GaveUp starts the reason of a number given up for taking longer than
// its request's number timeout: "not factored within 3s".
const GaveUp = "not factored within"

// solveWide appends the line of n to the reply's output, or, when it
// leaves a composite to a shared sieve, records what it found in the
// reply's shared map and leaves the line empty. It reports false when the
// request's number timeout passed first.
func (s *Solver) solveWide(reply *messages.FactorReply, n *big.Int, opts output.Options, req *messages.FactorRequest) bool {
	effort := factor.Effort{ShareFrom: int(req.ShareSieveBits)}
	if req.NumberTimeoutNanos > 0 {
		effort.Deadline = time.Now().Add(time.Duration(req.NumberTimeoutNanos))
	}
	var shared []*big.Int
	var err error
	if s.wide, shared, err = factor.AppendFactorsBigWith(s.wide[:0], n, effort); err != nil {
		return false
	}
	if len(shared) == 0 {
		reply.Output = opts.AppendWide(reply.Output, n, s.wide)
		return true
	}
	if reply.Shared == nil {
		reply.Shared = make(map[uint32]*messages.SharedNumber)
	}
	reply.Shared[reply.Count] = &messages.SharedNumber{Primes: magnitudes(s.wide), Composites: magnitudes(shared)}
	return true
}

// magnitudes returns the big-endian magnitudes of xs.
func magnitudes(xs []*big.Int) [][]byte {
	out := make([][]byte, len(xs))
	for i, x := range xs {
		out[i] = x.Bytes()
	}
	return out
}

// Handling returns the offset of the token that a Solve that did not return
// (it panicked) was handling, and whether there was one. A worker that
// panicked is restarted with a new Solver, so the value is never stale.
func (s *Solver) Handling() (int, bool) { return s.handling - 1, s.handling > 0 }

// options returns the output options a request asks for.
func options(req *messages.FactorRequest) output.Options {
	return output.Options{Format: output.Format(req.Format), Exponents: req.Exponents}
}
