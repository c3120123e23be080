package core

import (
	"fmt"
	"time"

	"github.com/actorfactor/actorfactor/internal/input"
)

// chunk is tokens [lo, hi) of a block, on their way to a worker.
type chunk struct {
	block  *Block
	lo, hi int
	// attempt counts the earlier dispatches of these numbers that failed.
	attempt int
	// screened is the triage version the chunk was last screened at.
	screened int
	// The records of its dispatch, its work and its answer live here, so
	// that a chunk costs one allocation: it has one dispatch in flight at
	// a time and one answer.
	sent   dispatch
	work   ChunkWork
	answer Answer
}

func (t *chunk) size() int { return t.hi - t.lo }

// part returns the chunk of tokens [lo, hi) of t's block.
func (t *chunk) part(lo, hi int) *chunk {
	return &chunk{block: t.block, lo: lo, hi: hi, attempt: t.attempt}
}

// key returns the value of token i of t's block.
func (t *chunk) key(i int) []byte { return t.block.Keys.Key(i) }

// numbers names the numbers of t: the number itself when it is one,
// shortened when long.
func (t *chunk) numbers() string {
	if t.size() == 1 {
		return numberText(t, t.lo)
	}
	return fmt.Sprintf("%d numbers from %s", t.size(), numberText(t, t.lo))
}

// numberText names token i of t's block as a message does: shortened
// when long.
func numberText(t *chunk, i int) string { return input.Shorten(string(t.key(i))) }

// triage decides what becomes of the numbers of a chunk that failed. A
// crash that a worker names a number for, or a timeout, is a fact about
// that number; a crash between numbers, or a worker lost, is not. A chunk
// of several numbers is split to isolate the culprit. A number that
// crashed Retries workers, each while it was handling it, is quarantined
// by value, so that its other occurrences are skipped without being
// dispatched again; but a value answered once is not poison, whatever
// crashes follow.
type triage struct {
	retries int
	timeout time.Duration
	// crashes counts the workers each suspect value crashed on its own.
	crashes map[string]int
	// good holds the values answered after they crashed a worker.
	good map[string]bool
	// verdicts holds the quarantined values and why.
	verdicts map[string]Reason
	// version counts the changes to crashes and verdicts: a chunk screened
	// at an older version may hold new suspects.
	version int
}

func newTriage(retries int, timeout time.Duration) triage {
	return triage{retries: retries, timeout: timeout,
		crashes: make(map[string]int), good: make(map[string]bool), verdicts: make(map[string]Reason)}
}

// skip is a part of a chunk that is given up, and why.
type skip struct {
	t      *chunk
	reason Reason
}

// screen cuts t into the parts to dispatch and the parts to skip: a
// quarantined value is skipped, a suspect value travels alone so that it
// takes no healthy number down with it, and the runs in between stay
// whole. A chunk with nothing to screen comes back as it is.
func (g *triage) screen(t *chunk) (send []*chunk, skipped []skip) {
	t.screened = g.version
	if len(g.crashes) == 0 && len(g.verdicts) == 0 {
		return []*chunk{t}, nil
	}
	start := t.lo
	for i := t.lo; i < t.hi; i++ {
		key := t.key(i)
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
		return []*chunk{t}, nil
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
// chunks; attributed is then true. A crash between tokens says nothing
// about a number: a large chunk is cut into parts of crashSplit tokens, a
// smaller one in two, to expose fewer numbers to the next.
func (g *triage) crashed(t *chunk, on int) (retry []*chunk, skipped []skip, attributed bool) {
	i := t.lo + on - 1
	if on <= 0 || i >= t.hi {
		switch {
		case t.size() > 2*crashSplit:
			for lo := t.lo; lo < t.hi; lo += crashSplit {
				retry = append(retry, t.part(lo, min(lo+crashSplit, t.hi)))
			}
		case t.size() > 1:
			mid := t.lo + t.size()/2
			retry = []*chunk{t.part(t.lo, mid), t.part(mid, t.hi)}
		default:
			retry = []*chunk{t}
		}
		return retry, nil, false
	}
	if i > t.lo {
		retry = append(retry, t.part(t.lo, i))
	}
	suspect, skipped := g.crashedOn(t.part(i, i+1))
	retry = append(retry, suspect...)
	if i+1 < t.hi {
		retry = append(retry, t.part(i+1, t.hi))
	}
	return retry, skipped, true
}

// crashedOn counts a crash against the single number of t: a value that
// crashed Retries workers and was never answered is quarantined.
func (g *triage) crashedOn(t *chunk) (retry []*chunk, skipped []skip) {
	key := string(t.key(t.lo))
	if g.good[key] {
		return []*chunk{t}, nil
	}
	g.version++
	g.crashes[key]++
	if n := g.crashes[key]; n >= g.retries {
		delete(g.crashes, key)
		return nil, g.quarantine(t, Reason{Why: Crashed, Count: n})
	}
	return []*chunk{t}, nil
}

// answered notes that the numbers of t were answered: a suspect among
// them is not poison.
func (g *triage) answered(t *chunk) {
	if len(g.crashes) == 0 {
		return
	}
	for i := t.lo; i < t.hi; i++ {
		if key := t.key(i); g.crashes[string(key)] > 0 {
			delete(g.crashes, string(key))
			g.good[string(key)] = true
			g.version++
		}
	}
}

// timedOut rules on a chunk that was not answered in time. Its worker is
// wedged, so a single number is quarantined at once rather than sent on to
// wedge another worker. Several numbers are sent again one by one: the
// slow one wedges one more worker, alone, and the others are answered.
// (A number large enough to be slow is always a chunk of its own.)
func (g *triage) timedOut(t *chunk) (retry []*chunk, skipped []skip) {
	if t.size() == 1 {
		return nil, g.quarantine(t, Reason{Why: NotAnswered, Timeout: g.timeout})
	}
	for i := t.lo; i < t.hi; i++ {
		retry = append(retry, t.part(i, i+1))
	}
	return retry, nil
}

// quarantine gives up the value of t's single number for reason: its
// other occurrences are skipped when they are screened.
func (g *triage) quarantine(t *chunk, reason Reason) []skip {
	g.version++
	g.verdicts[string(t.key(t.lo))] = reason
	return []skip{{t, reason}}
}
