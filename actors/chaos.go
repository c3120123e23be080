package actors

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/actorfactor/actorfactor/messages"
)

// Chaos injects faults into workers for supervision experiments. Every
// decision derives from Seed and the chunk's identity (its first index,
// its length and its attempt), so the same seed gives the same faults to
// the same chunks. Auto chunking sizes chunks from measured times: for
// the same faults from run to run, give a fixed chunk size.
type Chaos struct {
	// PanicRate is the fraction of chunks, and of shared-sieve requests, on
	// which a worker panics.
	PanicRate float64
	// Seed seeds every random decision.
	Seed uint64
	// Delay is the longest random pause before each number (slow workers).
	Delay time.Duration
	// Poison lists numbers whose handling always panics: as a number of
	// a chunk, or as a composite whose sieve is shared.
	Poison []*big.Int
	// Stall lists numbers whose handling hangs until the run ends: the
	// worker is wedged, as by a number no algorithm can factor.
	Stall []*big.Int
}

// Enabled reports whether any fault is configured.
func (c Chaos) Enabled() bool {
	return c.PanicRate > 0 || c.Delay > 0 || len(c.Poison) > 0 || len(c.Stall) > 0
}

// ChaosPanic is the value a worker panics with when chaos strikes.
type ChaosPanic struct{ Reason string }

func (p ChaosPanic) String() string { return "chaos: " + p.Reason }

// chaosMonkey applies a Chaos to the chunks of one worker.
type chaosMonkey struct {
	chaos         Chaos
	poison, stall numberSet
	// runEnded is closed when the run ends; stalled numbers wait for it.
	runEnded <-chan struct{}
	rng      *rand.Rand
}

func newChaosMonkey(c Chaos, runEnded <-chan struct{}) *chaosMonkey {
	return &chaosMonkey{chaos: c, poison: newNumberSet(c.Poison), stall: newNumberSet(c.Stall), runEnded: runEnded}
}

// chunkStarts decides, from the seed and the chunk's identity, whether the
// worker panics on this chunk; it also reseeds the per-number delays.
func (m *chaosMonkey) chunkStarts(req *messages.FactorRequest) {
	key := mix(mix(mix(m.chaos.Seed^req.FirstIndex)^uint64(len(req.Text))) ^ uint64(req.Attempt))
	m.rng = rand.New(rand.NewPCG(m.chaos.Seed, key))
	if m.rng.Float64() < m.chaos.PanicRate {
		panic(ChaosPanic{Reason: fmt.Sprintf("random panic on chunk at index %d", req.FirstIndex)})
	}
}

// sieveStarts decides, from the seed and the request's identity (its
// composite and seed), whether the worker panics on this sieve request; a
// poisoned composite panics every time.
func (m *chaosMonkey) sieveStarts(req *messages.SieveRequest) {
	if m.poison.has(0, req.Number) {
		panic(ChaosPanic{Reason: "poisoned number " + numberText(0, req.Number) + " in a shared sieve"})
	}
	key := mix(mix(m.chaos.Seed^req.Seed) ^ uint64(len(req.Number)) ^ uint64(req.Number[len(req.Number)-1]))
	if rand.New(rand.NewPCG(m.chaos.Seed, key)).Float64() < m.chaos.PanicRate {
		panic(ChaosPanic{Reason: fmt.Sprintf("random panic on sieve request %d", req.Seed)})
	}
}

// beforeNumber pauses, stalls and panics as configured, before a number
// is factored.
func (m *chaosMonkey) beforeNumber(value uint64, wide []byte) {
	if m.chaos.Delay > 0 {
		time.Sleep(time.Duration(m.rng.Int64N(int64(m.chaos.Delay) + 1)))
	}
	if m.stall.has(value, wide) {
		<-m.runEnded
	}
	if m.poison.has(value, wide) {
		panic(ChaosPanic{Reason: "poison number " + numberText(value, wide)})
	}
}

// numberSet holds numbers for quick lookup: those below 2^64 by value, the
// others by big-endian magnitude.
type numberSet struct {
	small map[uint64]bool
	wide  map[string]bool
}

func newNumberSet(nums []*big.Int) numberSet {
	s := numberSet{small: make(map[uint64]bool), wide: make(map[string]bool)}
	for _, n := range nums {
		if n.IsUint64() {
			s.small[n.Uint64()] = true
		} else {
			s.wide[string(n.Bytes())] = true
		}
	}
	return s
}

// has reports whether the set holds value, or the magnitude wide if not nil.
func (s numberSet) has(value uint64, wide []byte) bool {
	if wide != nil {
		return s.wide[string(wide)]
	}
	return s.small[value]
}

func numberText(value uint64, wide []byte) string {
	if wide != nil {
		return new(big.Int).SetBytes(wide).String()
	}
	return fmt.Sprint(value)
}

// mix is the SplitMix64 finalizer: a cheap, well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Validate reports every invalid setting at once.
func (c Chaos) Validate() error {
	var errs []error
	if !(c.PanicRate >= 0 && c.PanicRate <= 1) { // NaN too
		errs = append(errs, fmt.Errorf("chaos panic rate must be within [0, 1], got %v", c.PanicRate))
	}
	if c.Delay < 0 {
		errs = append(errs, fmt.Errorf("chaos delay must not be negative, got %v", c.Delay))
	}
	return errors.Join(errs...)
}
