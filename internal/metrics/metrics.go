// Package metrics keeps a run's metrics for Prometheus: it is the run's
// core.Observer, and serves what it counted, with the Go runtime's and
// the process's own metrics, in the Prometheus text format.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/actorfactor/actorfactor/actors/core"
)

// Metrics counts the events of runs as Prometheus metrics named actorfactor_*.
type Metrics struct {
	registry                      *prometheus.Registry
	numbers, invalid, quarantined prometheus.Counter
	chunks, retried, restarts     prometheus.Counter
	replaced, directives          *prometheus.CounterVec
	inFlight, queued              prometheus.Gauge
	latency                       prometheus.Histogram
}

var _ core.Observer = (*Metrics)(nil)

// New returns metrics registered in a registry of their own.
func New() *Metrics {
	m := &Metrics{
		registry:    prometheus.NewRegistry(),
		numbers:     counter("numbers_total", "Numbers answered by workers."),
		invalid:     counter("invalid_total", "Tokens that are not numbers."),
		quarantined: counter("quarantined_total", "Numbers skipped for crashing workers or for taking too long."),
		chunks:      counter("chunks_dispatched_total", "Chunks sent to workers, re-dispatches included."),
		retried:     counter("chunks_retried_total", "Chunks sent again after a crash, a timeout or a lost worker."),
		restarts:    counter("worker_restarts_total", "Workers restarted by their supervisor."),
		replaced: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "actorfactor_worker_replacements_total",
			Help: "Workers taken out of the run and replaced, by reason: stopped, failed canary, wedged.",
		}, []string{"reason"}),
		directives: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "actorfactor_supervisor_directives_total",
			Help: "Directives the supervisor applied to failed workers.",
		}, []string{"directive"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "actorfactor_chunks_in_flight", Help: "Chunks held by workers."}),
		queued:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "actorfactor_chunks_queued", Help: "Chunks waiting for a worker."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "actorfactor_chunk_latency_seconds",
			Help:    "Time from sending a chunk to its answer.",
			Buckets: prometheus.ExponentialBuckets(50e-6, 4, 12), // 50µs to 3.5 min
		}),
	}
	m.registry.MustRegister(m.numbers, m.invalid, m.quarantined, m.chunks, m.retried, m.restarts,
		m.replaced, m.directives, m.inFlight, m.queued, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func counter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: "actorfactor_" + name, Help: help})
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Observe counts an event.
func (m *Metrics) Observe(e core.Event) {
	switch e := e.(type) {
	case core.ChunkSent:
		m.chunks.Inc()
		if e.Retry {
			m.retried.Inc()
		}
	case core.ChunkAnswered:
		m.numbers.Add(float64(e.Numbers))
		m.invalid.Add(float64(e.Invalid))
		m.latency.Observe(e.Latency.Seconds())
	case core.NumbersQuarantined:
		m.quarantined.Inc()
	case core.WorkerReplaced:
		m.replaced.WithLabelValues(e.Why.String()).Inc()
	case core.WorkerSupervised:
		m.directives.WithLabelValues(e.Directive.String()).Inc()
		if e.Directive == core.Restart {
			m.restarts.Inc()
		}
	case core.LoadChanged:
		m.inFlight.Set(float64(e.InFlight))
		m.queued.Set(float64(e.Queued))
	}
}
