package core

import "time"

// Flow control: how many chunks a worker holds, and how many blocks are
// read ahead. A worker holds enough chunks to stay busy over its round
// trip: one it factors, one that waits, and as many more as fit in the
// time a chunk takes to reach it and its answer to come back. The rest
// of the window waits in the Core for whichever worker frees up first, so
// that a worker that dies loses little. The window, unless configured,
// holds what the workers hold and six blocks more per worker, so that
// reading stays ahead of them.

// maxHold caps the chunks a worker holds, whatever its round trip: beyond
// it, chunks should be larger (see the capacity model in the README).
const maxHold = 64

// spareBlocks is how many blocks per worker the window holds beyond what
// the workers hold.
const spareBlocks = 6

// MaxAutoWindow caps the window a Core sizes itself (Config.Window 0).
const MaxAutoWindow = 1 << 14

// average is a moving average of durations.
type average struct {
	value time.Duration
	known bool
}

// observe feeds one sample.
func (a *average) observe(d time.Duration) {
	if !a.known {
		a.value, a.known = d, true
		return
	}
	a.value += (d - a.value) / 4
}

// holdLimit returns how many chunks w may hold: 2, plus as many as it
// answers in the time its answer takes to bring it the next, at most
// maxHold. That time is, for a worker of another member, its round trip;
// for one in the coordinator's process, the coordinator's own time for a
// chunk of every worker (chunks cut smaller than that would leave it idle).
func (c *Core) holdLimit(w *worker) int {
	if !w.cost.known {
		return 2
	}
	turn := time.Duration(len(c.workers)) * shellCost
	if w.member != nil {
		if !w.member.trip.known {
			return 2
		}
		turn = w.member.trip.value + w.cost.value - 1
	}
	return 2 + min(int(turn/max(w.cost.value, time.Microsecond)), maxHold-2)
}

// learnTrip learns from the latency of a chunk that w answered and the
// time it computed: a chunk sent to a worker of another member that held
// nothing else spent the rest of its latency travelling.
func (c *Core) learnTrip(d *dispatch, latency, elapsed time.Duration) {
	w := d.holder
	w.cost.observe(elapsed)
	if d.alone && w.member != nil {
		w.member.trip.observe(max(latency-elapsed, 0))
	}
}

// shellCost is what a chunk costs the coordinator itself, about: its
// decisions, the request and its future, the reply (BenchmarkShellPerChunk
// in actors measures about 8µs of CPU).
const shellCost = 10 * time.Microsecond

// chunkTarget returns the time an auto-sized chunk aims for: the
// configured target, or longer when the workers are so many that the
// coordinator's own time per chunk would leave them idle (it keeps about
// target/shellCost workers busy), or so far away that they could not hold
// enough chunks to cover their round trip.
func (c *Core) chunkTarget() time.Duration {
	target := max(c.cfg.Chunk.Target, time.Duration(len(c.workers))*shellCost)
	for _, m := range c.members {
		if m.trip.known && !m.gone {
			target = max(target, m.trip.value/(maxHold/2))
		}
	}
	return target
}

// window returns how many blocks may be read and not yet written: the
// configured window, or what the workers hold plus spareBlocks each.
func (c *Core) window() int {
	if c.cfg.Window > 0 {
		return c.cfg.Window
	}
	n := 0
	for _, w := range c.workers {
		n += c.holdLimit(w) + spareBlocks
	}
	return min(max(n, 2+spareBlocks), MaxAutoWindow)
}
