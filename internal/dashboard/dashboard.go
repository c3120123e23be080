// Package dashboard draws a live picture of a run in a browser: an
// core.Observer that keeps the state of the run from the coordinator's
// own events, a page embedded in the binary, and the state streamed to
// the page as Server-Sent Events.
package dashboard

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/actorfactor/actorfactor/actors/core"
)

//go:embed page.html
var page []byte

// Progress reports how far a run is: numbers answered, and the position in
// the input reached and its size (0 when unknown), in one unit.
type Progress func() (numbers, position, size int64)

// Options describes the run a Dashboard shows.
type Options struct {
	Router, Supervisor string
	Progress           Progress
}

// State is the picture of a run the page draws, sent as JSON.
type State struct {
	Router     string `json:"router"`
	Supervisor string `json:"supervisor"`
	// Elapsed is in seconds; Rate in numbers a second, over the last
	// sample; Done is the share of the input answered, -1 when unknown,
	// and ETA the seconds left at the average rate, -1 when unknown.
	Elapsed  float64 `json:"elapsed"`
	Numbers  int64   `json:"numbers"`
	Rate     float64 `json:"rate"`
	Done     float64 `json:"done"`
	ETA      float64 `json:"eta"`
	InFlight int     `json:"inFlight"`
	Queued   int     `json:"queued"`
	Finished bool    `json:"finished"`
	// Members lists this process ("") and the cluster members, each with
	// its workers, in the order they joined.
	Members     []*Member    `json:"members"`
	Quarantined []Quarantine `json:"quarantined"`
	Throughput  []Sample     `json:"throughput"`
}

// Member is a process whose workers take part.
type Member struct {
	Address string `json:"address"`
	// State is local (this process), joined or lost.
	State   string    `json:"state"`
	Workers []*Worker `json:"workers"`
}

// Worker is one worker actor.
type Worker struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// State is busy, idle, restarting, stopped, replaced or wedged.
	State    string `json:"state"`
	Chunks   int    `json:"chunks"`
	Numbers  int    `json:"numbers"`
	Restarts int    `json:"restarts"`
	Crashes  int    `json:"crashes"`
	// outstanding counts the chunks sent to it and not answered.
	outstanding int
}

// Quarantine is a number skipped, and why.
type Quarantine struct {
	Numbers string `json:"numbers"`
	Reason  string `json:"reason"`
}

// Sample is the rate of answers at a time of the run, in seconds.
type Sample struct {
	T    float64 `json:"t"`
	Rate float64 `json:"rate"`
}

// Limits of what is kept: the page stays readable and the state small.
const (
	maxSamples     = 600
	maxQuarantined = 200
	sampleEvery    = 500 * time.Millisecond
	sendEvery      = 250 * time.Millisecond
)

// Dashboard keeps the state of a run and serves it.
type Dashboard struct {
	opts  Options
	start time.Time
	stop  chan struct{}
	done  sync.WaitGroup

	mu      sync.Mutex
	state   State
	workers map[string]*Worker
	members map[string]*Member
	// sampled is the count of numbers at the last sample.
	sampled int64
}

var _ core.Observer = (*Dashboard)(nil)

// New returns a Dashboard of a run starting now; Close it when done.
func New(opts Options) *Dashboard {
	d := &Dashboard{opts: opts, start: time.Now(), stop: make(chan struct{}),
		workers: make(map[string]*Worker), members: make(map[string]*Member)}
	d.state.Router, d.state.Supervisor = opts.Router, opts.Supervisor
	d.state.Done, d.state.ETA = -1, -1
	d.done.Go(d.sample)
	return d
}

// Close stops sampling; the state stays as it is.
func (d *Dashboard) Close() {
	close(d.stop)
	d.done.Wait()
}

// Finish marks the run as over.
func (d *Dashboard) Finish() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refresh()
	d.state.Finished = true
}

// sample records the rate of answers every sampleEvery.
func (d *Dashboard) sample() {
	tick := time.NewTicker(sampleEvery)
	defer tick.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-tick.C:
			d.mu.Lock()
			if d.state.Finished { // the curve ends with the run
				d.mu.Unlock()
				return
			}
			d.refresh()
			n := d.state.Numbers
			d.state.Rate = float64(n-d.sampled) / sampleEvery.Seconds()
			d.sampled = n
			d.state.Throughput = append(d.state.Throughput, Sample{T: d.state.Elapsed, Rate: d.state.Rate})
			if len(d.state.Throughput) > maxSamples {
				d.state.Throughput = d.state.Throughput[len(d.state.Throughput)-maxSamples:]
			}
			d.mu.Unlock()
		}
	}
}

// refresh updates the time and progress figures; d.mu is held.
func (d *Dashboard) refresh() {
	if d.state.Finished {
		return
	}
	d.state.Elapsed = time.Since(d.start).Seconds()
	if d.opts.Progress == nil {
		return
	}
	numbers, position, size := d.opts.Progress()
	d.state.Numbers = numbers
	if size > 0 {
		d.state.Done = min(1, float64(position)/float64(size))
		if d.state.Done > 0 {
			d.state.ETA = d.state.Elapsed * (1 - d.state.Done) / d.state.Done
		}
	}
}

// Snapshot returns the state as JSON.
func (d *Dashboard) Snapshot() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refresh()
	out, err := json.Marshal(&d.state)
	if err != nil {
		panic(fmt.Sprintf("dashboard: %v", err)) // plain values only
	}
	return out
}

// Page serves the dashboard's page.
func Page() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}

// Events streams the state as Server-Sent Events, a few times a second,
// until the client goes.
func (d *Dashboard) Events() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flusher, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "streaming unsupported", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		tick := time.NewTicker(sendEvery)
		defer tick.Stop()
		for {
			if _, err := fmt.Fprintf(w, "data: %s\n\n", d.Snapshot()); err != nil {
				return
			}
			flusher.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	})
}

// member returns the member at address, added when new; d.mu is held.
func (d *Dashboard) member(address string) *Member {
	m, ok := d.members[address]
	if !ok {
		m = &Member{Address: address, State: "joined", Workers: []*Worker{}}
		if address == "" {
			m.State = "local"
		}
		d.members[address] = m
		d.state.Members = append(d.state.Members, m)
	}
	return m
}

// worker returns the worker with id; d.mu is held. A worker not added yet
// is shown under this process.
func (d *Dashboard) worker(id string) *Worker {
	if w, ok := d.workers[id]; ok {
		return w
	}
	return d.addWorker(id, "")
}

// addWorker shows a new worker under the member at address; d.mu is held.
func (d *Dashboard) addWorker(id, address string) *Worker {
	w := &Worker{ID: id, Name: id[strings.LastIndexByte(id, '/')+1:], State: "idle"}
	d.workers[id] = w
	m := d.member(address)
	m.Workers = append(m.Workers, w)
	return w
}

// Observe shows an event.
func (d *Dashboard) Observe(e core.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch e := e.(type) {
	case core.WorkerAdded:
		if _, ok := d.workers[string(e.Worker)]; !ok {
			d.addWorker(string(e.Worker), e.Member)
		}
	case core.ChunkSent:
		w := d.worker(string(e.Worker))
		w.outstanding++
		w.State = "busy"
	case core.ChunkAnswered:
		w := d.worker(string(e.Worker))
		w.Chunks++
		w.Numbers += e.Numbers
		w.outstanding = max(0, w.outstanding-1)
		w.State = "busy"
		if w.outstanding == 0 {
			w.State = "idle"
		}
	case core.WorkerCrashed:
		w := d.worker(string(e.Worker))
		w.Crashes++
		w.outstanding = max(0, w.outstanding-1)
		w.State = "restarting"
	case core.WorkerReplaced:
		w := d.worker(string(e.Worker))
		w.State = "replaced"
		if e.Why == core.Wedged {
			w.State = "wedged"
		}
	case core.WorkerSupervised:
		w := d.worker(string(e.Worker))
		switch e.Directive {
		case core.Restart:
			w.Restarts++
			w.State = "restarting"
		case core.Stop:
			w.State = "stopped"
		}
	case core.NumbersQuarantined:
		// the first maxQuarantined
		if len(d.state.Quarantined) < maxQuarantined {
			d.state.Quarantined = append(d.state.Quarantined, Quarantine{Numbers: e.Numbers, Reason: e.Reason.String()})
		}
	case core.MemberJoined:
		d.member(e.Address).State = "joined"
	case core.MemberLost:
		d.member(e.Address).State = "lost"
	case core.LoadChanged:
		d.state.InFlight, d.state.Queued = e.InFlight, e.Queued
	}
}
