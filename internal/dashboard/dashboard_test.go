package dashboard

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
)

func snapshot(t *testing.T, d *Dashboard) State {
	t.Helper()
	var s State
	require.NoError(t, json.Unmarshal(d.Snapshot(), &s))
	return s
}

func TestTheStateFollowsTheEvents(t *testing.T) {
	d := New(Options{Router: "least-loaded", Supervisor: "one-for-one",
		Progress: func() (int64, int64, int64) { return 30, 250, 1000 }})
	defer d.Close()
	d.Observe(core.WorkerAdded{Worker: "c/worker-1"})
	d.Observe(core.WorkerAdded{Worker: "c/worker-2"})
	d.Observe(core.WorkerAdded{Worker: "node-worker-1", Member: "10.0.0.2:7420"})
	d.Observe(core.MemberJoined{Address: "10.0.0.2:7420"})
	d.Observe(core.ChunkSent{Worker: "c/worker-1"})
	d.Observe(core.ChunkSent{Worker: "c/worker-1"})
	d.Observe(core.ChunkAnswered{Worker: "c/worker-1", Numbers: 16, Latency: time.Millisecond})
	d.Observe(core.ChunkSent{Worker: "c/worker-2"})
	d.Observe(core.WorkerCrashed{Worker: "c/worker-2"})
	d.Observe(core.WorkerSupervised{Worker: "c/worker-2", Directive: core.Restart})
	d.Observe(core.WorkerReplaced{Worker: "node-worker-1", Why: core.Wedged})
	d.Observe(core.MemberLost{Address: "10.0.0.2:7420"})
	d.Observe(core.NumbersQuarantined{Numbers: "1000003", Reason: core.Reason{Why: core.Crashed, Count: 3}})
	d.Observe(core.LoadChanged{InFlight: 3, Queued: 5})

	s := snapshot(t, d)
	assert.Equal(t, "least-loaded", s.Router)
	assert.Equal(t, int64(30), s.Numbers)
	assert.InDelta(t, 0.25, s.Done, 1e-9)
	assert.Positive(t, s.ETA)
	assert.Equal(t, 3, s.InFlight)
	assert.Equal(t, 5, s.Queued)
	assert.False(t, s.Finished)
	require.Len(t, s.Members, 2)
	local, node := s.Members[0], s.Members[1]
	assert.Equal(t, "", local.Address)
	assert.Equal(t, Member{Address: "10.0.0.2:7420", State: "lost", Workers: []*Worker{
		{ID: "node-worker-1", Name: "node-worker-1", State: "wedged"}}}, *node)
	require.Len(t, local.Workers, 2)
	assert.Equal(t, Worker{ID: "c/worker-1", Name: "worker-1", State: "busy", Chunks: 1, Numbers: 16}, *local.Workers[0])
	assert.Equal(t, Worker{ID: "c/worker-2", Name: "worker-2", State: "restarting", Restarts: 1, Crashes: 1}, *local.Workers[1])
	assert.Equal(t, []Quarantine{{Numbers: "1000003", Reason: "crashed 3 workers"}}, s.Quarantined)

	d.Finish()
	assert.True(t, snapshot(t, d).Finished)
}

func TestAWorkerHeardOfBeforeItIsAddedIsShown(t *testing.T) {
	d := New(Options{})
	defer d.Close()
	d.Observe(core.WorkerSupervised{Worker: "c/worker-9", Directive: core.Stop})
	d.Observe(core.WorkerAdded{Worker: "c/worker-9"})
	s := snapshot(t, d)
	require.Len(t, s.Members, 1)
	require.Len(t, s.Members[0].Workers, 1)
	assert.Equal(t, "stopped", s.Members[0].Workers[0].State)
	assert.Equal(t, -1.0, s.Done, "no input size: no share done")
}

func TestEventsStreamTheStateAsServerSentEvents(t *testing.T) {
	d := New(Options{Router: "work-pulling"})
	defer d.Close()
	d.Observe(core.WorkerAdded{Worker: "c/worker-1"})
	server := httptest.NewServer(d.Events())
	defer server.Close()
	res, err := http.Get(server.URL)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	events := bufio.NewReader(res.Body)
	for range 2 { // the state at once, then again
		line, err := events.ReadString('\n')
		require.NoError(t, err)
		data, ok := strings.CutPrefix(line, "data: ")
		require.True(t, ok, line)
		var s State
		require.NoError(t, json.Unmarshal([]byte(data), &s))
		assert.Equal(t, "work-pulling", s.Router)
		assert.Equal(t, "worker-1", s.Members[0].Workers[0].Name)
		blank, err := events.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "\n", blank)
	}
}

func TestThePageIsSelfContained(t *testing.T) {
	rec := httptest.NewRecorder()
	Page().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	assert.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Contains(t, body, `new EventSource("events")`)
	assert.NotRegexp(t, `(src|href)="(https?:)?//`, body, "nothing from the network")
}
