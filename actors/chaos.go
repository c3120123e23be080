package actors

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"time"

	"github.com/actorfactor/actorfactor/messages"
)

// Chaos injects faults into workers for supervision experiments. Every
// decision derives from Seed and the chunk's position, never from timing,
// so the same seed gives the same faults.
type Chaos struct {
	// PanicRate is the fraction of chunks on which a worker panics.
	PanicRate float64
	// Seed seeds every random decision.
	Seed uint64
	// Delay is the longest random pause before each number (slow workers).
	Delay time.Duration
	// Poison lists numbers whose handling always panics.
	Poison []*big.Int
}

// Enabled reports whether any fault is configured.
func (c Chaos) Enabled() bool {
	return c.PanicRate > 0 || c.Delay > 0 || len(c.Poison) > 0
}

// ChaosPanic is the value a worker panics with when chaos strikes.
type ChaosPanic struct{ Reason string }

func (p ChaosPanic) String() string { return "chaos: " + p.Reason }

// chaosMonkey applies a Chaos to the chunks of one worker.
type chaosMonkey struct {
	chaos Chaos
	// poison holds the poison numbers below 2^64; poisonWide the others,
	// keyed by big-endian magnitude.
	poison     map[uint64]bool
	poisonWide map[string]bool
	rng        *rand.Rand
}

func newChaosMonkey(c Chaos) *chaosMonkey {
	m := &chaosMonkey{chaos: c, poison: make(map[uint64]bool), poisonWide: make(map[string]bool)}
	for _, n := range c.Poison {
		if n.IsUint64() {
			m.poison[n.Uint64()] = true
		} else {
			m.poisonWide[string(n.Bytes())] = true
		}
	}
	return m
}

// chunkStarts decides, from the seed and the chunk's identity, whether the
// worker panics on this chunk; it also reseeds the per-number delays.
func (m *chaosMonkey) chunkStarts(req *messages.FactorRequest) {
	key := mix(mix(mix(m.chaos.Seed^req.FirstIndex)^uint64(len(req.Numbers))) ^ uint64(req.Attempt))
	m.rng = rand.New(rand.NewPCG(m.chaos.Seed, key))
	if m.rng.Float64() < m.chaos.PanicRate {
		panic(ChaosPanic{Reason: fmt.Sprintf("random panic on chunk at index %d", req.FirstIndex)})
	}
}

// beforeNumber pauses and panics as configured, before a number is factored.
func (m *chaosMonkey) beforeNumber(value uint64, wide []byte) {
	if m.chaos.Delay > 0 {
		time.Sleep(time.Duration(m.rng.Int64N(int64(m.chaos.Delay) + 1)))
	}
	switch {
	case wide == nil && m.poison[value]:
		panic(ChaosPanic{Reason: fmt.Sprintf("poison number %d", value)})
	case wide != nil && m.poisonWide[string(wide)]:
		panic(ChaosPanic{Reason: "poison number " + new(big.Int).SetBytes(wide).String()})
	}
}

// mix is the SplitMix64 finalizer: a cheap, well-spread hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
