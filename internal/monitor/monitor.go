// Package monitor keeps the security alerts an organisation's detection tools
// send: it stores them through a bounded queue and a batch writer, ties each
// to the care-map asset it names, ranks it by the clinical harm that asset can
// do, groups related alerts, watches each source for silence, and gives the
// national centre its view across organisations.
//
// Package alert and its subpackages read the tools' formats; this package is
// where alerts meet the database and the care map.
package monitor

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
)

// Options tune the batch writer and the grouping; a zero field means its default.
type Options struct {
	// BatchRows and BatchWait bound one transaction: the writer commits when it
	// holds BatchRows alerts or BatchWait has passed since the first.
	BatchRows int
	BatchWait time.Duration
	// QueueRows is how many alerts may wait for the writer. Past it, a sender
	// is told to come back later rather than the queue growing without limit.
	QueueRows int
	// GroupWindow is how close in time alerts of one rule on one asset must be
	// to count as one group.
	GroupWindow time.Duration
	// RetryAfter is what a sender turned away is asked to wait.
	RetryAfter time.Duration
}

// Defaults for Options.
const (
	DefaultBatchRows   = 2000
	DefaultBatchWait   = 50 * time.Millisecond
	DefaultQueueRows   = 100_000
	DefaultGroupWindow = time.Hour
	DefaultRetryAfter  = 2 * time.Second
)

func (o Options) withDefaults() Options {
	if o.BatchRows <= 0 {
		o.BatchRows = DefaultBatchRows
	}
	if o.BatchWait <= 0 {
		o.BatchWait = DefaultBatchWait
	}
	if o.QueueRows <= 0 {
		o.QueueRows = DefaultQueueRows
	}
	if o.GroupWindow <= 0 {
		o.GroupWindow = DefaultGroupWindow
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = DefaultRetryAfter
	}
	return o
}

// Monitor is the alerts service. Every method takes the caller's scope and
// touches that organisation's alerts only, except the national view, which
// needs the centre's permission to read across organisations.
type Monitor struct {
	db    *store.DB
	maps  *mapstore.Store
	ranks *impact.Cache
	opt   Options
	clock func() time.Time

	jobs   chan *job
	queued atomic.Int64
	bus    Bus // nil: this node's own queue and writer

	mu      sync.Mutex
	sources map[string]string      // org id + "\x00" + name → source id
	indexes map[string]*assetIndex // by org id
}

// New returns the alerts service on db. Run must be running for Ingest to
// store anything.
func New(db *store.DB, maps *mapstore.Store, ranks *impact.Cache, clock func() time.Time, opt Options) *Monitor {
	opt = opt.withDefaults()
	if clock == nil {
		clock = store.Now
	}
	return &Monitor{db: db, maps: maps, ranks: ranks, opt: opt, clock: clock,
		jobs:    make(chan *job, 4096),
		sources: make(map[string]string), indexes: make(map[string]*assetIndex)}
}
