package actors

// ledger records every chunk in flight by the id of its dispatch and by
// the worker that holds it. A re-dispatch gets a new id, so a late reply
// to an id the ledger no longer has is a duplicate and is ignored.
type ledger struct {
	tasks  map[uint64]*task
	nextID uint64
}

func newLedger() ledger { return ledger{tasks: make(map[uint64]*task)} }

// add records t, held by t.holder, and returns its dispatch id.
func (l *ledger) add(t *task) uint64 {
	id := l.nextID
	l.nextID++
	l.tasks[id] = t
	t.holder.outstanding++
	return id
}

// take removes and returns the task of dispatch id.
func (l *ledger) take(id uint64) (*task, bool) {
	t, ok := l.tasks[id]
	if ok {
		delete(l.tasks, id)
		t.holder.outstanding--
	}
	return t, ok
}

// takeHeldBy removes and returns the tasks that m holds.
func (l *ledger) takeHeldBy(m *member) []*task {
	return l.takeWhere(func(t *task) bool { return t.holder == m })
}

// takeAll removes and returns every task.
func (l *ledger) takeAll() []*task {
	return l.takeWhere(func(*task) bool { return true })
}

func (l *ledger) takeWhere(match func(*task) bool) []*task {
	var taken []*task
	for id, t := range l.tasks {
		if match(t) {
			delete(l.tasks, id)
			t.holder.outstanding--
			taken = append(taken, t)
		}
	}
	return taken
}

// busy reports whether a chunk of the batch (not a canary) is in flight.
func (l *ledger) busy() bool {
	for _, t := range l.tasks {
		if t.block != nil {
			return true
		}
	}
	return false
}
