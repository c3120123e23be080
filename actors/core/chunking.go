package core

import "time"

// Bounds of adaptive chunk sizes. The upper bound keeps chunks small
// enough to spread a short batch over many chunks (load balance) while a
// chunk of cheap numbers costs far more than its round trip: at 128, the
// round trips (message, future, a fresh goroutine for the worker's
// mailbox) took a third of the CPU time of `seq 1 10000000`.
const (
	minAutoChunk = 1
	maxAutoChunk = 1024
)

// chunkSizer picks the size of the next block. In ChunkAuto mode it keeps
// a moving average of the cost per number and sizes blocks to take about
// the target time, the actor answer to Pool.map's chunksize.
type chunkSizer struct {
	chunking Chunking
	// nanosPerNumber is the moving average cost; 0 until the first reply.
	nanosPerNumber float64
}

// next returns the number of tokens to read for the next block, for
// chunks of about target when auto.
func (s *chunkSizer) next(target time.Duration) int {
	switch s.chunking.Mode {
	case ChunkFixed:
		return s.chunking.Size
	case ChunkStatic:
		return maxInt
	}
	if s.nanosPerNumber == 0 {
		return s.chunking.Size
	}
	n := float64(target.Nanoseconds()) / s.nanosPerNumber
	return int(min(max(n, minAutoChunk), maxAutoChunk))
}

// observe feeds the compute time of a chunk of n numbers.
func (s *chunkSizer) observe(n int, elapsed time.Duration) {
	if n == 0 || elapsed <= 0 {
		return
	}
	cost := float64(elapsed.Nanoseconds()) / float64(n)
	if s.nanosPerNumber == 0 {
		s.nanosPerNumber = cost
		return
	}
	const weight = 0.25
	s.nanosPerNumber += weight * (cost - s.nanosPerNumber)
}

const maxInt = int(^uint(0) >> 1)
