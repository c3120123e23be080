package actors

import (
	"fmt"
	"time"
)

// triage decides what becomes of the numbers of a chunk that failed. A
// crash or a timeout is a fact about a number, not about a worker: a chunk
// of several numbers is split to isolate the culprit; a number that
// crashed Retries workers, or that was not answered in time, is
// quarantined by value, so that its other occurrences are skipped without
// being dispatched again.
type triage struct {
	retries int
	timeout time.Duration
	// crashes counts the workers each suspect value crashed on its own.
	crashes map[string]int
	// verdicts holds the quarantined values and why.
	verdicts map[string]string
	// version counts the changes to crashes and verdicts: a task screened
	// at an older version may hold new suspects.
	version int
}

func newTriage(retries int, timeout time.Duration) triage {
	return triage{retries: retries, timeout: timeout, crashes: make(map[string]int), verdicts: make(map[string]string)}
}

// skip is a part of a chunk that is given up, and why.
type skip struct {
	t      *task
	reason string
}

// screen cuts t into the parts to dispatch and the parts to skip: a
// quarantined value is skipped, a suspect value travels alone so that it
// takes no healthy number down with it, and the runs in between stay
// whole. A task with nothing to screen comes back as it is.
func (g *triage) screen(t *task) (send []*task, skipped []skip) {
	t.screened = g.version
	if len(g.crashes) == 0 && len(g.verdicts) == 0 {
		return []*task{t}, nil
	}
	start := t.lo
	for i := t.lo; i < t.hi; i++ {
		key := t.block.key(i)
		reason, quarantined := g.verdicts[string(key)]
		if !quarantined && g.crashes[string(key)] == 0 {
			continue
		}
		if start < i {
			send = append(send, t.part(start, i))
		}
		if quarantined {
			skipped = append(skipped, skip{t.part(i, i+1), reason})
		} else {
			send = append(send, t.part(i, i+1))
		}
		start = i + 1
	}
	if start == t.lo {
		return []*task{t}, nil
	}
	if start < t.hi {
		send = append(send, t.part(start, t.hi))
	}
	for _, s := range send {
		s.screened = g.version
	}
	return send, skipped
}

// crashSplit is the size to which a large chunk that crashed is cut at
// once, before halving: a poison number frequent in the input is isolated
// in a few rounds whatever the chunk size.
const crashSplit = 64

// crashed rules on a chunk a worker panicked on. When the worker names the
// token it was handling (on > 0: one more than its offset), that number is
// the suspect: it travels alone and the tokens around it go on as two
// chunks. Otherwise a large chunk is cut into parts of crashSplit tokens, a
// smaller one in two (halving exposes the fewest numbers to chunks of their
// own, where random crashes would soon quarantine them). A suspect that has
// crashed Retries workers is quarantined.
func (g *triage) crashed(t *task, on int) (retry []*task, skipped []skip) {
	if i := t.lo + on - 1; on > 0 && t.size() > 1 && i < t.hi {
		if i > t.lo {
			retry = append(retry, t.part(t.lo, i))
		}
		suspect, skip := g.crashed(t.part(i, i+1), 1)
		retry, skipped = append(retry, suspect...), skip
		if i+1 < t.hi {
			retry = append(retry, t.part(i+1, t.hi))
		}
		return retry, skipped
	}
	if t.size() > 2*crashSplit {
		for lo := t.lo; lo < t.hi; lo += crashSplit {
			retry = append(retry, t.part(lo, min(lo+crashSplit, t.hi)))
		}
		return retry, nil
	}
	if t.size() > 1 {
		mid := t.lo + t.size()/2
		return []*task{t.part(t.lo, mid), t.part(mid, t.hi)}, nil
	}
	key := string(t.block.key(t.lo))
	g.version++
	g.crashes[key]++
	if n := g.crashes[key]; n >= g.retries {
		delete(g.crashes, key)
		return nil, g.quarantine(t, fmt.Sprintf("crashed %d workers", n))
	}
	return []*task{t}, nil
}

// timedOut rules on a chunk that was not answered in time. Its worker is
// wedged, so a single number is quarantined at once rather than sent on to
// wedge another worker. Several numbers are sent again one by one: the
// slow one wedges one more worker, alone, and the others are answered.
// (A number large enough to be slow is always a chunk of its own.)
func (g *triage) timedOut(t *task) (retry []*task, skipped []skip) {
	if t.size() == 1 {
		return nil, g.quarantine(t, fmt.Sprintf("not answered within %v", g.timeout))
	}
	for i := t.lo; i < t.hi; i++ {
		retry = append(retry, t.part(i, i+1))
	}
	return retry, nil
}

func (g *triage) quarantine(t *task, reason string) []skip {
	g.version++
	g.verdicts[string(t.block.key(t.lo))] = reason
	return []skip{{t, reason}}
}
