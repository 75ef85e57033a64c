package monitor

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
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
func (m *Monitor) Run(ctx context.Context) error {
	for {
		var first *job
		select {
		case <-ctx.Done():
			m.refuseQueued()
			return nil
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
	results := make([]Stored, len(batch))
	err := m.db.Tx(ctx, func(tx *store.Tx) error {
		now := m.clock()
		ins, err := newInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		entries := make([]audit.Entry, 0, len(batch))
		for i, j := range batch {
			n, err := ins.insert(ctx, j)
			if err != nil {
				return err
			}
			results[i] = Stored{Accepted: n, Duplicates: len(j.rows) - n}
			if _, err := tx.Exec(ctx, `UPDATE alert_sources SET last_seen_at = $1, silent_since = NULL, alerts_total = alerts_total + $2
				WHERE id = $3 AND org_id = $4`, now, n, j.sourceID, j.orgID); err != nil {
				return fmt.Errorf("note source %s seen: %w", j.source, err)
			}
			entries = append(entries, audit.Entry{Actor: j.actor, Change: audit.Change{Action: "ingest", EntityType: "alert-source", EntityID: j.sourceID,
				Summary: fmt.Sprintf("Received %d alerts from %s (%d new, %d already held)", len(j.rows), j.source, n, len(j.rows)-n)}})
		}
		if err := ins.save(ctx); err != nil {
			return err
		}
		return audit.RecordEach(ctx, tx, entries)
	})
	for i, j := range batch {
		if err != nil {
			j.done <- jobResult{err: fmt.Errorf("store alerts: %w", err)}
			continue
		}
		j.done <- jobResult{stored: results[i]}
	}
}

// alertColumns is the insert's column list.
const (
	alertColumns = `id, org_id, source_id, dedup_key, format, tool, source_ref, received_at, occurred_at, severity, severity_raw,
		rule_id, rule_name, category, techniques, observables, title, raw, asset_id, matched_by, clinical_risk, priority, group_key,
		status, triaged_by, incident_id`
	alertColumnCount = 26
	// insertChunk is how many alerts one PostgreSQL statement carries, inside
	// its limit of 65,535 parameters.
	insertChunk = 1000
	onConflict  = ` ON CONFLICT (org_id, source_id, dedup_key) DO NOTHING`
)

// inserter writes alerts in one transaction the fast way for its engine:
// SQLite runs one prepared single-row statement many times (it binds the
// numbered parameters of a long statement in time that grows with their
// square); PostgreSQL takes many rows per statement, saving round trips.
type inserter struct {
	tx   *store.Tx
	stmt *sql.Stmt // SQLite only
	args []any
	// added counts the alerts that were new, for the daily volumes that
	// save adds in the same transaction.
	added volumeTally
}

func newInserter(ctx context.Context, tx *store.Tx) (*inserter, error) {
	ins := &inserter{tx: tx, added: volumeTally{}}
	if tx.Dialect == store.SQLite {
		stmt, err := tx.Prepare(ctx, `INSERT INTO alerts (`+alertColumns+`) VALUES `+store.Placeholders(1, 1, alertColumnCount)+onConflict)
		if err != nil {
			return nil, fmt.Errorf("prepare alert insert: %w", err)
		}
		ins.stmt = stmt
	}
	return ins, nil
}

func (ins *inserter) close() {
	if ins.stmt != nil {
		ins.stmt.Close()
	}
}

// save adds the new alerts to the daily volumes; call it once, after the
// last insert of the transaction.
func (ins *inserter) save(ctx context.Context) error { return ins.added.save(ctx, ins.tx) }

func (ins *inserter) appendRow(orgID, sourceID string, r row) {
	a := r.a
	ins.args = append(ins.args, store.NewID(), orgID, sourceID, a.DedupKey, string(a.Source.Format), a.Source.Tool, a.SourceID,
		a.Received, a.Occurred, int(a.Severity), a.SeverityRaw, a.RuleID, a.RuleName, a.Category, r.techniques, r.observe,
		a.Title, a.Raw, r.assetID, r.matchedBy, r.risk, r.priority, r.groupKey, string(Untriaged), "", "")
}

// insert inserts a job's alerts and returns how many were new. On
// PostgreSQL the statement returns what it inserted, and on SQLite each row
// says whether it went in, so only new alerts are counted in the volumes.
func (ins *inserter) insert(ctx context.Context, j *job) (int, error) {
	inserted := 0
	if ins.stmt != nil {
		for _, r := range j.rows {
			ins.args = ins.args[:0]
			ins.appendRow(j.orgID, j.sourceID, r)
			res, err := ins.stmt.ExecContext(ctx, ins.args...)
			if err != nil {
				return 0, fmt.Errorf("insert an alert from %s: %w", j.source, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return 0, fmt.Errorf("count alerts inserted: %w", err)
			}
			if n == 1 {
				inserted++
				ins.added.add(j.orgID, j.sourceID, r.a.Received, r.priority, r.assetID != "")
			}
		}
		return inserted, nil
	}
	for start := 0; start < len(j.rows); start += insertChunk {
		rows := j.rows[start:min(start+insertChunk, len(j.rows))]
		ins.args = ins.args[:0]
		for _, r := range rows {
			ins.appendRow(j.orgID, j.sourceID, r)
		}
		n, err := ins.insertMany(ctx, j, len(rows))
		if err != nil {
			return 0, fmt.Errorf("insert %d alerts from %s: %w", len(rows), j.source, err)
		}
		inserted += n
	}
	return inserted, nil
}

// insertMany inserts the rows in ins.args in one statement and counts those
// that went in.
func (ins *inserter) insertMany(ctx context.Context, j *job, rows int) (int, error) {
	res, err := ins.tx.Query(ctx, `INSERT INTO alerts (`+alertColumns+`) VALUES `+store.Placeholders(1, rows, alertColumnCount)+onConflict+
		` RETURNING received_at, priority, asset_id`, ins.args...)
	if err != nil {
		return 0, err
	}
	defer res.Close()
	n := 0
	for res.Next() {
		var received time.Time
		var priority int
		var assetID string
		if err := res.Scan(&received, &priority, &assetID); err != nil {
			return 0, err
		}
		n++
		ins.added.add(j.orgID, j.sourceID, received, priority, assetID != "")
	}
	return n, res.Err()
}
