package monitor

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Stored is what became of one batch once it is committed.
type Stored struct {
	Accepted   int // new alerts, now in the database
	Duplicates int // alerts the source had sent before
}

// job is one sender's batch waiting for the writer.
type job struct {
	orgID    string
	sourceID string
	source   string
	actor    vigil.Actor
	rows     []row
	done     chan jobResult
}

type jobResult struct {
	stored Stored
	err    error
}

// row is an alert ready to insert.
type row struct {
	a                   *alert.Alert
	assetID, matchedBy  string
	risk, priority      int
	groupKey            string
	techniques, observe string
}

// Ingest stores a batch of alerts from the named source, correlated with the
// care map, and returns once they are committed: an alert counted as accepted
// is in the database. An alert whose dedup key the source has sent before is
// counted as a duplicate and not stored again, so a sender may retry a batch
// it is unsure about. When the queue is full the whole batch is refused with a
// TooMany error that says when to try again, and nothing of it is stored.
func (m *Monitor) Ingest(ctx context.Context, scope vigil.Scope, source string, alerts []alert.Alert) (Stored, error) {
	if m.bus != nil {
		return m.publish(ctx, scope, source, alerts)
	}
	j, err := m.prepare(ctx, scope, source, alerts)
	if err != nil || j == nil {
		return Stored{}, err
	}
	if err := m.enqueue(j); err != nil {
		return Stored{}, err
	}
	select {
	case r := <-j.done:
		return r.stored, r.err
	case <-ctx.Done():
		// The writer may still commit the batch; a retry then finds duplicates.
		return Stored{}, ctx.Err()
	}
}

// StoreNow stores a batch as Ingest does, in a transaction of its own, without
// the queue: for seeding and imports that make their own batches.
func (m *Monitor) StoreNow(ctx context.Context, scope vigil.Scope, source string, alerts []alert.Alert) (Stored, error) {
	j, err := m.prepare(ctx, scope, source, alerts)
	if err != nil || j == nil {
		return Stored{}, err
	}
	m.write(ctx, []*job{j})
	r := <-j.done
	return r.stored, r.err
}

// prepare checks the caller may send, resolves the source and ties each
// alert to its asset; it runs on the sender's goroutine so the single writer
// only writes. An empty batch is a nil job.
func (m *Monitor) prepare(ctx context.Context, scope vigil.Scope, source string, alerts []alert.Alert) (*job, error) {
	source, err := checkSend(scope, source)
	if err != nil || len(alerts) == 0 {
		return nil, err
	}
	return m.newJob(ctx, scope.OrgID, source, scope.Actor(), alerts)
}

// checkSend checks the caller may send alerts and cleans the source's name.
func checkSend(scope vigil.Scope, source string) (string, error) {
	if err := scope.Require(vigil.WriteAlerts); err != nil {
		return "", err
	}
	source = alert.CleanText(source, alert.MaxToolRunes)
	if source == "" {
		return "", vigil.InvalidFields("Name the source of the alerts.", map[string]string{"source": "needs a name"})
	}
	return source, nil
}

// newJob makes the rows of one source's alerts in one organisation.
func (m *Monitor) newJob(ctx context.Context, orgID, source string, actor vigil.Actor, alerts []alert.Alert) (*job, error) {
	sourceID, err := m.sourceID(ctx, orgID, source)
	if err != nil {
		return nil, err
	}
	ix, err := m.index(ctx, orgID)
	if err != nil {
		return nil, err
	}
	j := &job{orgID: orgID, sourceID: sourceID, source: source, actor: actor, rows: make([]row, len(alerts)), done: make(chan jobResult, 1)}
	for i := range alerts {
		a := &alerts[i]
		a.Source.Name = source
		if a.DedupKey == "" {
			a.Finish()
		}
		r := row{a: a}
		r.assetID, r.matchedBy = ix.match(a)
		if r.assetID != "" {
			r.risk = ix.risk[r.assetID]
		}
		r.priority = Priority(a.Severity, r.assetID != "", r.risk)
		r.groupKey = m.groupKey(a, r.assetID)
		r.techniques = jsonText(a.Techniques)
		r.observe = jsonText(a.Observables)
		j.rows[i] = r
	}
	return j, nil
}

// groupKey puts together alerts of one rule on one machine within one window
// of time: one incident candidate, not a page of repeats.
func (m *Monitor) groupKey(a *alert.Alert, assetID string) string {
	on := assetID
	if on == "" {
		for _, o := range a.Observables {
			if o.Kind == alert.Hostname || o.Kind == alert.AgentName {
				on = "host:" + o.Value
				break
			}
		}
	}
	rule := a.RuleID
	if rule == "" {
		rule = a.Title
	}
	window := a.Occurred.Truncate(m.opt.GroupWindow).Unix()
	return string(a.Source.Format) + "|" + on + "|" + rule + "|" + strconv.FormatInt(window, 10)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// enqueue hands a job to the writer, or refuses it when the queue is full.
func (m *Monitor) enqueue(j *job) error {
	n := int64(len(j.rows))
	// One batch larger than the whole queue still goes in when nothing waits.
	if total := m.queued.Add(n); total > int64(m.opt.QueueRows) && total != n {
		m.queued.Add(-n)
		return m.busy()
	}
	select {
	case m.jobs <- j:
		return nil
	default:
		m.queued.Add(-n)
		return m.busy()
	}
}

func (m *Monitor) busy() error {
	return vigil.Busy(m.opt.RetryAfter, "Vigil is storing as many alerts as it can. Send this batch again in a moment; nothing of it was kept.")
}

// Queued is how many alerts are waiting for the writer.
func (m *Monitor) Queued() int { return int(m.queued.Load()) }

// Run is the batch writer: it commits queued alerts in transactions of up to
// BatchRows alerts or BatchWait of waiting, and answers each batch once its
// transaction has committed. It returns when ctx ends, after writing what it
// had taken; batches still queued are answered with an error.
//
// SQLite takes one writer at a time. PostgreSQL takes several: while one
// transaction waits for the server, another fills, so the node's work and the
// server's overlap. Dedup holds across them: the unique key makes a second
// insert of a key wait for the first and then do nothing.
func (m *Monitor) Run(ctx context.Context) error {
	writers := 1
	if m.db.Dialect == store.Postgres {
		writers = pgWriters
	}
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.writeQueued(ctx)
		}()
	}
	wg.Wait()
	m.refuseQueued()
	return nil
}

// pgWriters is how many transactions a node keeps open on PostgreSQL at
// once: enough to keep the server busy while the node prepares the next
// batch, few enough to leave the pool's connections to everything else.
// On two cores, two stored more alerts a second than three or four.
const pgWriters = 2

// writeQueued is one writer's loop.
func (m *Monitor) writeQueued(ctx context.Context) {
	for {
		var first *job
		select {
		case <-ctx.Done():
			return
		case first = <-m.jobs:
		}
		batch, rows := []*job{first}, len(first.rows)
		timer := time.NewTimer(m.opt.BatchWait)
	fill:
		for rows < m.opt.BatchRows {
			select {
			case j := <-m.jobs:
				batch = append(batch, j)
				rows += len(j.rows)
			case <-timer.C:
				break fill
			case <-ctx.Done():
				break fill
			}
		}
		timer.Stop()
		m.write(context.WithoutCancel(ctx), batch)
		m.queued.Add(-int64(rows))
	}
}

func (m *Monitor) refuseQueued() {
	for {
		select {
		case j := <-m.jobs:
			m.queued.Add(-int64(len(j.rows)))
			j.done <- jobResult{err: m.busy()}
		default:
			return
		}
	}
}

// write commits one transaction for the jobs and answers each of them.
func (m *Monitor) write(ctx context.Context, batch []*job) {
	// Several writers take their locks in one order (the keys of one source,
	// then the next; then the sources' rows), so that two of them holding
	// batches of the same sources never wait on each other in a circle.
	slices.SortStableFunc(batch, func(a, b *job) int {
		return cmp.Or(strings.Compare(a.orgID, b.orgID), strings.Compare(a.sourceID, b.sourceID))
	})
	results := make([]Stored, len(batch))
	var err error
	// Writers whose batches repeat each other's alerts in another order can
	// still deadlock on PostgreSQL; the server then undoes one transaction
	// whole, and running it again stores its alerts (or finds them stored).
	for range deadlockRetries + 1 {
		err = m.writeTx(ctx, batch, results)
		if !store.IsDeadlock(err) {
			break
		}
	}
	for i, j := range batch {
		if err != nil {
			j.done <- jobResult{err: fmt.Errorf("store alerts: %w", err)}
			continue
		}
		j.done <- jobResult{stored: results[i]}
	}
}

// deadlockRetries is how many times a transaction undone to break a deadlock
// runs again before its senders are told it failed.
const deadlockRetries = 3

// writeTx commits the jobs in one transaction, filling in what became of each.
func (m *Monitor) writeTx(ctx context.Context, batch []*job, results []Stored) error {
	return m.db.Tx(ctx, func(tx *store.Tx) error {
		now := m.clock()
		ins := newInserter(tx)
		defer ins.close()
		entries := make([]audit.Entry, 0, len(batch))
		for i, j := range batch {
			n, err := ins.insert(ctx, j)
			if err != nil {
				return err
			}
			results[i] = Stored{Accepted: n, Duplicates: len(j.rows) - n}
			entries = append(entries, audit.Entry{Actor: j.actor, Change: audit.Change{Action: "ingest", EntityType: "alert-source", EntityID: j.sourceID,
				Summary: fmt.Sprintf("Received %d alerts from %s (%d new, %d already held)", len(j.rows), j.source, n, len(j.rows)-n)}})
		}
		// Sources are noted seen after every insert, so a writer holds a
		// source's row lock only for the end of its transaction.
		for i, j := range batch {
			if _, err := tx.Exec(ctx, `UPDATE alert_sources SET last_seen_at = $1, silent_since = NULL, alerts_total = alerts_total + $2
				WHERE id = $3 AND org_id = $4`, now, results[i].Accepted, j.sourceID, j.orgID); err != nil {
				return fmt.Errorf("note source %s seen: %w", j.source, err)
			}
		}
		if err := ins.save(ctx); err != nil {
			return err
		}
		return audit.RecordEach(ctx, tx, entries)
	})
}
