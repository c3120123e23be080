package actors

import (
	"math/big"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/actorfactor/actorfactor/actors/core"
)

// countingObserver counts the events it is told of.
type countingObserver struct {
	mu                                 sync.Mutex
	added, crashed                     int
	sent, resent, numbers, quarantined int
	replaced, directives               map[string]int
	inFlight, queued                   []int
}

func (o *countingObserver) Observe(e core.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch e := e.(type) {
	case core.WorkerAdded:
		o.added++
	case core.WorkerCrashed:
		o.crashed++
	case core.ChunkSent:
		o.sent++
		if e.Retry {
			o.resent++
		}
	case core.ChunkAnswered:
		o.numbers += e.Numbers
	case core.NumbersQuarantined:
		o.quarantined++
	case core.WorkerReplaced:
		o.replaced[e.Why.String()]++
	case core.WorkerSupervised:
		o.directives[e.Directive.String()]++
	case core.LoadChanged:
		o.inFlight, o.queued = append(o.inFlight, e.InFlight), append(o.queued, e.Queued)
	}
}

func TestTheObserverSeesWhatTheSummaryCounts(t *testing.T) {
	nums := mixedBatch(2000)
	nums[100], nums[1500] = 1_000_003, 1_000_003
	cfg := chaosConfig(OneForOne)
	cfg.Chaos.Poison = []*big.Int{big.NewInt(1_000_003)}
	cfg.Supervision.MaxRestarts = 2
	obs := &countingObserver{replaced: map[string]int{}, directives: map[string]int{}}
	cfg.Observer = obs
	rec, summary, err := runNums(t, cfg, nums)
	require.NoError(t, err)
	checkConservation(t, cfg, nums, rec, summary)

	obs.mu.Lock()
	defer obs.mu.Unlock()
	assert.Equal(t, summary.Chunks, obs.sent)
	assert.Positive(t, obs.resent)
	assert.LessOrEqual(t, obs.resent, summary.Retried)
	assert.Equal(t, summary.Numbers-len(rec.skipped), obs.numbers, "every number answered is counted once")
	assert.Equal(t, summary.Quarantined, obs.quarantined)
	assert.Equal(t, 2, obs.quarantined, "both copies of the poison")
	// A directive that follows the crash which ends the run may come after
	// the summary is taken; none the summary counts goes unseen.
	assert.GreaterOrEqual(t, obs.directives["restart"], int(summary.Supervision.Restarts))
	assert.GreaterOrEqual(t, obs.directives["stop"], int(summary.Supervision.Stops))
	assert.LessOrEqual(t, obs.directives["restart"]+obs.directives["stop"], int(summary.Supervision.Restarts+summary.Supervision.Stops)+cfg.Workers)
	assert.Equal(t, summary.Replaced, obs.replaced["stopped"]+obs.replaced["failed canary"])
	assert.Equal(t, summary.Wedged, obs.replaced["wedged"])
	assert.Equal(t, cfg.Workers+summary.Replaced+summary.Wedged, obs.added, "every worker spawned, replacements too")
	assert.GreaterOrEqual(t, obs.crashed, int(summary.Supervision.Restarts), "a restart follows a crash")
	assert.Positive(t, slices.Max(obs.inFlight))
	assert.Equal(t, 0, obs.inFlight[len(obs.inFlight)-1], "nothing in flight at the end")
	assert.Equal(t, 0, obs.queued[len(obs.queued)-1], "nothing queued at the end")
}
