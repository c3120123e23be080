package actors

import "github.com/actorfactor/actorfactor/actors/core"

// Observers returns an Observer that tells each of observers of every
// event, in order.
func Observers(observers ...core.Observer) core.Observer { return fanOut(observers) }

type fanOut []core.Observer

func (f fanOut) Observe(e core.Event) {
	for _, o := range f {
		o.Observe(e)
	}
}

// ObserverFunc is an Observer that calls f.
type ObserverFunc func(core.Event)

// Observe calls f(e).
func (f ObserverFunc) Observe(e core.Event) { f(e) }
