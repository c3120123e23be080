package actors

import (
	"math/big"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingObserver counts the events it is told of.
type countingObserver struct {
	mu                                 sync.Mutex
	added, crashed                     int
	sent, resent, numbers, quarantined int
	replaced, directives               map[string]int
	inFlight, queued                   []int
}

func (o *countingObserver) WorkerAdded(string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.added++
}

func (o *countingObserver) WorkerCrashed(string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.crashed++
}

func (o *countingObserver) Member(string, string) {}

func (o *countingObserver) ChunkSent(_ string, retry bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent++
	if retry {
		o.resent++
	}
}

func (o *countingObserver) ChunkAnswered(_ string, numbers, _ int, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.numbers += numbers
}

func (o *countingObserver) Quarantined(string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.quarantined++
}

func (o *countingObserver) WorkerReplaced(_, reason string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.replaced[reason]++
}

func (o *countingObserver) Supervised(_, directive string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.directives[directive]++
}

func (o *countingObserver) Chunks(inFlight, queued int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.inFlight, o.queued = append(o.inFlight, inFlight), append(o.queued, queued)
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
	assert.Equal(t, int(summary.Supervision.Restarts), obs.directives["restart"])
	assert.Equal(t, int(summary.Supervision.Stops), obs.directives["stop"])
	assert.Equal(t, summary.Replaced, obs.replaced["stopped"]+obs.replaced["failed canary"])
	assert.Equal(t, summary.Wedged, obs.replaced["wedged"])
	assert.Equal(t, cfg.Workers+summary.Replaced+summary.Wedged, obs.added, "every worker spawned, replacements too")
	assert.GreaterOrEqual(t, obs.crashed, int(summary.Supervision.Restarts), "a restart follows a crash")
	assert.Positive(t, slices.Max(obs.inFlight))
	assert.Equal(t, 0, obs.inFlight[len(obs.inFlight)-1], "nothing in flight at the end")
	assert.Equal(t, 0, obs.queued[len(obs.queued)-1], "nothing queued at the end")
}
