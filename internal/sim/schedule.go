// Package sim runs the coordinator's core (actors/core) against simulated
// workers, cluster members, faults and a virtual clock. Every schedule is
// drawn from a seed and replays exactly from it; Run checks the core's
// invariants on it: each token read is written or named exactly once, in
// input order; no worker's answer is taken twice; the run ends within a
// virtual-time bound; and no number is dispatched more than a bounded
// number of times.
package sim

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

// Schedule is one simulated run: a batch, a configuration and its faults.
type Schedule struct {
	// Seed draws everything the schedule leaves to chance as it runs.
	Seed uint64
	// Values are the batch's tokens, by value: "x" marks a token that is
	// not a number.
	Values []string
	// Poison values crash every worker on them; Stall values wedge it;
	// Big values are left to shared sieves.
	Poison, Stall, Big []string
	Config             core.Config
	// Router names the router; Run makes it from the seed.
	Router string
	// Strategy models the workers' supervision.
	Strategy Strategy
	// Members lend workers in a cluster; Local is how many the
	// coordinator spawns.
	Members []Member
	// Cost is a number's compute time; Slow the share of numbers that
	// take ten times longer.
	Cost time.Duration
	Slow float64
	// RoundTrip is the time a message takes to a member and back.
	RoundTrip time.Duration
	Faults    Faults
}

// Strategy is how a simulated supervisor handles a worker that crashed.
type Strategy int

// The strategies, after the built-in ones of actors.
const (
	OneForOne Strategy = iota
	AllForOne
	Backoff
	Restarting
)

var strategyNames = [...]string{"one-for-one", "all-for-one", "exponential-backoff", "restarting"}

func (s Strategy) String() string { return strategyNames[s] }

// Member is a cluster member: how many workers it lends, and its fate.
type Member struct {
	Workers int
	// JoinAt is when it joins (0: at the start); LostAt when it dies (0:
	// never); FrozenAt and ThawAt bound a pause (both 0: none); BrokenAt,
	// after it joined, is when its connection breaks while it lives on
	// (0: never).
	JoinAt, LostAt, FrozenAt, ThawAt, BrokenAt time.Duration
}

// Faults are the faults of a schedule, as rates per dispatch or times in
// the run.
type Faults struct {
	// CrashBefore is the rate of crashes before a worker's first number
	// (chaos's random panics); CrashIn the rate of crashes inside a
	// random number of a chunk.
	CrashBefore, CrashIn float64
	// Wedge is the rate of dispatches a worker never returns from.
	Wedge float64
	// Lost, Duplicated and Late are the rates of replies lost, delivered
	// twice, and delivered after the dispatch timed out.
	Lost, Duplicated, Late float64
	// SignalAt is when the run is interrupted (0: never); WriteFailsAt
	// the index of the block whose write fails (-1: none).
	SignalAt     time.Duration
	WriteFailsAt int
}

// Draw returns the schedule of seed: every size, configuration and fault
// drawn from it.
func Draw(seed uint64) Schedule {
	return DrawFrom(seed, rand.NewPCG(seed, 0xc0ffee))
}

// DrawFrom returns a schedule whose choices come from src; seed draws
// what happens as it runs. A fuzzer's bytes make a source that steers
// every choice (see Choices).
func DrawFrom(seed uint64, src rand.Source) Schedule {
	rng := rand.New(src)
	s := Schedule{Seed: seed, Cost: time.Duration(50+rng.IntN(2000)) * time.Microsecond}
	s.Values = drawValues(rng)
	pick := func() string { return s.Values[rng.IntN(len(s.Values))] }
	for range rng.IntN(3) {
		if v := pick(); v != "x" {
			s.Poison = append(s.Poison, v)
		}
	}
	if rng.IntN(6) == 0 {
		if v := pick(); v != "x" && !slices.Contains(s.Poison, v) {
			s.Stall = append(s.Stall, v)
		}
	}
	cfg := core.Config{
		Window:       1 + rng.IntN(16),
		Unordered:    rng.IntN(4) == 0,
		Retries:      1 + rng.IntN(4),
		MaxRestarts:  []int{0, 1, 3, 10}[rng.IntN(4)],
		ChunkTimeout: time.Duration(200+rng.IntN(800)) * time.Millisecond,
		Address:      "sim",
	}
	names := core.RouterNames()
	s.Router = names[rng.IntN(len(names))]
	s.Strategy = Strategy(rng.IntN(4))
	if rng.IntN(3) == 0 { // a cluster
		cfg.Cluster = true
		cfg.Workers = rng.IntN(3)
		s.RoundTrip = []time.Duration{0, time.Millisecond, 10 * time.Millisecond, 50 * time.Millisecond}[rng.IntN(4)]
		for range 1 + rng.IntN(3) {
			m := Member{Workers: 1 + rng.IntN(3)}
			if rng.IntN(3) == 0 {
				m.JoinAt = drawTime(rng)
			}
			switch rng.IntN(6) {
			case 0:
				m.LostAt = m.JoinAt + drawTime(rng)
			case 1:
				m.FrozenAt = m.JoinAt + drawTime(rng)
				m.ThawAt = m.FrozenAt + drawTime(rng)
			case 2:
				m.BrokenAt = drawTime(rng)
			}
			s.Members = append(s.Members, m)
		}
		cfg.NodeWorkers = rng.IntN(3)
	} else {
		cfg.Workers = 1 + rng.IntN(4)
	}
	switch rng.IntN(4) {
	case 0:
		cfg.Chunk = core.Chunking{Mode: core.ChunkAuto, Size: 1 + rng.IntN(16), Target: time.Duration(1+rng.IntN(5)) * time.Millisecond}
	case 1:
		if !cfg.Cluster {
			cfg.Chunk = core.Chunking{Mode: core.ChunkStatic}
			break
		}
		fallthrough
	default:
		cfg.Chunk = core.Chunking{Mode: core.ChunkFixed, Size: 1 + rng.IntN(16)}
	}
	if rng.IntN(5) == 0 {
		cfg.ShareSieveBits = 150
		for range 1 + rng.IntN(2) {
			if v := pick(); v != "x" && !slices.Contains(s.Poison, v) && !slices.Contains(s.Stall, v) {
				s.Big = append(s.Big, v)
			}
		}
	}
	s.Config = cfg
	s.Slow = []float64{0, 0, 0.05}[rng.IntN(3)]
	f := &s.Faults
	f.CrashBefore = []float64{0, 0, 0.05, 0.2, 0.5}[rng.IntN(5)]
	f.CrashIn = []float64{0, 0, 0, 0.02}[rng.IntN(4)]
	f.Wedge = []float64{0, 0, 0, 0.01}[rng.IntN(4)]
	f.Lost = []float64{0, 0, 0.01, 0.05}[rng.IntN(4)]
	f.Duplicated = []float64{0, 0, 0.05}[rng.IntN(3)]
	f.Late = []float64{0, 0, 0.02}[rng.IntN(3)]
	f.WriteFailsAt = -1
	if rng.IntN(8) == 0 {
		f.SignalAt = drawTime(rng)
	}
	if rng.IntN(12) == 0 {
		f.WriteFailsAt = rng.IntN(8)
	}
	return s
}

// drawValues draws a batch: distinct numbers, a few values repeated many
// times, and now and then a token that is not a number.
func drawValues(rng *rand.Rand) []string {
	n := 1 + rng.IntN(300)
	repeated := make([]string, rng.IntN(4))
	for i := range repeated {
		repeated[i] = fmt.Sprint(1_000_000 + rng.IntN(1000))
	}
	values := make([]string, n)
	for i := range values {
		switch r := rng.IntN(20); {
		case r == 0:
			values[i] = "x"
		case r < 8 && len(repeated) > 0:
			values[i] = repeated[rng.IntN(len(repeated))]
		default:
			values[i] = fmt.Sprint(2 + rng.IntN(1_000_000))
		}
	}
	return values
}

// drawTime draws a moment within the first seconds of a run.
func drawTime(rng *rand.Rand) time.Duration {
	return time.Duration(1+rng.IntN(3000)) * time.Millisecond
}

// String describes the schedule in one line, to replay it by hand.
func (s Schedule) String() string {
	c := s.Config
	var b strings.Builder
	fmt.Fprintf(&b, "seed=%d tokens=%d router=%s workers=%d window=%d chunk=%s unordered=%v retries=%d max-restarts=%d strategy=%s timeout=%v cost=%v",
		s.Seed, len(s.Values), s.Router, c.Workers, c.Window, c.Chunk, c.Unordered, c.Retries, c.MaxRestarts, s.Strategy, c.ChunkTimeout, s.Cost)
	if len(s.Members) > 0 {
		fmt.Fprintf(&b, " members=%+v round-trip=%v", s.Members, s.RoundTrip)
	}
	fmt.Fprintf(&b, " poison=%v stall=%v big=%v faults=%+v", s.Poison, s.Stall, s.Big, s.Faults)
	return b.String()
}

// Choices is a rand.Source that returns the bytes of Data, eight at a
// time, then the numbers of Rest: the choices of a schedule as a fuzzer
// mutates them. (A source that returned only zeros would hang math/rand's
// bounded draws.)
type Choices struct {
	Data []byte
	Rest rand.Source
}

// Uint64 returns the next eight bytes as a number.
func (c *Choices) Uint64() uint64 {
	if len(c.Data) == 0 {
		return c.Rest.Uint64()
	}
	var buf [8]byte
	n := copy(buf[:], c.Data)
	c.Data = c.Data[n:]
	return binary.LittleEndian.Uint64(buf[:])
}
