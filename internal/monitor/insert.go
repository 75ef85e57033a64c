package monitor

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/store"
)

// alertColumns is the insert's column list.
const (
	alertColumns = `id, org_id, source_id, dedup_key, format, tool, source_ref, received_at, occurred_at, severity, severity_raw,
		rule_id, rule_name, category, techniques, observables, title, raw, asset_id, matched_by, clinical_risk, priority, group_key,
		status, triaged_by, incident_id`
	alertColumnCount = 26
	// sqliteChunk is how many alerts one SQLite statement carries: enough to
	// spread the cost of a statement's run over many rows, few enough that its
	// parameters stay well inside SQLite's limit.
	sqliteChunk = 64
	onConflict  = ` ON CONFLICT (org_id, source_id, dedup_key) DO NOTHING`
	// returning names what each new alert adds to the daily volumes; a
	// duplicate is not returned, so it is never counted twice.
	returning = ` RETURNING received_at, priority, asset_id`
)

// pgInsert takes a whole job's alerts in one PostgreSQL statement: one array
// parameter a column, unnested into rows, rather than a parameter a value. The
// statement stays the same size whatever the batch, so the server parses 26
// parameters instead of 26,000, and the values of one organisation and source
// are sent once. Dedup is the same ON CONFLICT as one row at a time: a key
// seen before, or twice in the batch, is stored once.
const pgInsert = `INSERT INTO alerts (` + alertColumns + `)
	SELECT u.id, $1, $2, u.dedup_key, u.format, u.tool, u.source_ref, u.received_at, u.occurred_at, u.severity, u.severity_raw,
		u.rule_id, u.rule_name, u.category, u.techniques, u.observables, u.title, u.raw, u.asset_id, u.matched_by, u.clinical_risk,
		u.priority, u.group_key, $3, '', ''
	FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::integer[],
		$12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bytea[], $20::text[],
		$21::text[], $22::integer[], $23::integer[], $24::text[])
		AS u(id, dedup_key, format, tool, source_ref, received_at, occurred_at, severity, severity_raw, rule_id, rule_name, category,
		techniques, observables, title, raw, asset_id, matched_by, clinical_risk, priority, group_key)` + onConflict + returning

// inserter writes alerts in one transaction the fast way for its engine.
type inserter struct {
	tx    *store.Tx
	stmts map[int]*sql.Stmt // SQLite: the statement for so many rows
	args  []any
	// added counts the alerts that were new, for the daily volumes saved in
	// the same transaction.
	added volumeTally
}

func newInserter(tx *store.Tx) *inserter {
	return &inserter{tx: tx, stmts: map[int]*sql.Stmt{}, added: volumeTally{}}
}

func (ins *inserter) close() {
	for _, s := range ins.stmts {
		s.Close()
	}
}

// insert inserts a job's alerts and returns how many were new.
func (ins *inserter) insert(ctx context.Context, j *job) (int, error) {
	if ins.tx.Dialect == store.Postgres {
		return ins.insertPostgres(ctx, j)
	}
	inserted := 0
	for start := 0; start < len(j.rows); start += sqliteChunk {
		rows := j.rows[start:min(start+sqliteChunk, len(j.rows))]
		stmt, err := ins.sqliteStmt(ctx, len(rows))
		if err != nil {
			return 0, err
		}
		ins.args = ins.args[:0]
		for _, r := range rows {
			a := r.a
			ins.args = append(ins.args, store.NewID(), j.orgID, j.sourceID, a.DedupKey, string(a.Source.Format), a.Source.Tool, a.SourceID,
				a.Received, a.Occurred, int(a.Severity), a.SeverityRaw, a.RuleID, a.RuleName, a.Category, r.techniques, r.observe,
				a.Title, a.Raw, r.assetID, r.matchedBy, r.risk, r.priority, r.groupKey, string(Untriaged), "", "")
		}
		res, err := stmt.QueryContext(ctx, ins.args...)
		if err != nil {
			return 0, fmt.Errorf("insert %d alerts from %s: %w", len(rows), j.source, err)
		}
		n, err := ins.scan(j, res)
		if err != nil {
			return 0, fmt.Errorf("insert %d alerts from %s: %w", len(rows), j.source, err)
		}
		inserted += n
	}
	return inserted, nil
}

// sqliteStmt prepares, once a transaction, the insert of so many rows. Its
// parameters are plain "?": the SQLite driver looks up the name of each
// numbered one on every run, which costs more than the insert.
func (ins *inserter) sqliteStmt(ctx context.Context, rows int) (*sql.Stmt, error) {
	if s, ok := ins.stmts[rows]; ok {
		return s, nil
	}
	one := "(" + strings.Repeat("?, ", alertColumnCount-1) + "?)"
	values := strings.Repeat(one+", ", rows-1) + one
	s, err := ins.tx.Prepare(ctx, `INSERT INTO alerts (`+alertColumns+`) VALUES `+values+onConflict+returning)
	if err != nil {
		return nil, fmt.Errorf("prepare alert insert: %w", err)
	}
	ins.stmts[rows] = s
	return s, nil
}

func (ins *inserter) insertPostgres(ctx context.Context, j *job) (int, error) {
	n := len(j.rows)
	var (
		ids, keys, formats, tools, refs, sevRaw, ruleIDs, ruleNames          = texts(n), texts(n), texts(n), texts(n), texts(n), texts(n), texts(n), texts(n)
		categories, techniques, observables, titles, assets, matched, groups = texts(n), texts(n), texts(n), texts(n), texts(n), texts(n), texts(n)
		received, occurred                                                   = make([]time.Time, n), make([]time.Time, n)
		severity, risk, priority                                             = make([]int32, n), make([]int32, n), make([]int32, n)
		raw                                                                  = make([][]byte, n)
	)
	for i, r := range j.rows {
		a := r.a
		ids[i], keys[i], formats[i], tools[i], refs[i] = store.NewID(), a.DedupKey, string(a.Source.Format), a.Source.Tool, a.SourceID
		received[i], occurred[i], severity[i], sevRaw[i] = a.Received, a.Occurred, int32(a.Severity), a.SeverityRaw
		ruleIDs[i], ruleNames[i], categories[i], techniques[i], observables[i] = a.RuleID, a.RuleName, a.Category, r.techniques, r.observe
		titles[i], raw[i], assets[i], matched[i], risk[i], priority[i], groups[i] = a.Title, a.Raw, r.assetID, r.matchedBy, int32(r.risk), int32(r.priority), r.groupKey
	}
	rows, err := ins.tx.Query(ctx, pgInsert, j.orgID, j.sourceID, string(Untriaged),
		ids, keys, formats, tools, refs, received, occurred, severity, sevRaw, ruleIDs, ruleNames, categories, techniques, observables,
		titles, raw, assets, matched, risk, priority, groups)
	if err != nil {
		return 0, fmt.Errorf("insert %d alerts from %s: %w", n, j.source, err)
	}
	inserted, err := ins.scan(j, rows)
	if err != nil {
		return 0, fmt.Errorf("insert %d alerts from %s: %w", n, j.source, err)
	}
	return inserted, nil
}

func texts(n int) []string { return make([]string, n) }

// scan reads the rows an insert of j's alerts returned, adding each new
// alert to the daily volumes, and says how many there were. It closes rows.
func (ins *inserter) scan(j *job, rows *sql.Rows) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		var received time.Time
		var priority int
		var assetID string
		if err := rows.Scan(&received, &priority, &assetID); err != nil {
			return 0, fmt.Errorf("read the alerts inserted: %w", err)
		}
		n++
		ins.added.add(j.orgID, j.sourceID, received, priority, assetID != "")
	}
	return n, rows.Err()
}

// save adds the new alerts to the daily volumes; call it once, after the
// last insert of the transaction.
func (ins *inserter) save(ctx context.Context) error { return ins.added.save(ctx, ins.tx) }
