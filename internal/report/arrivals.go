package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// An arrival is a report that came whole, from the mailbox or the API, on
// its way into the database. Arrivals that come together are stored
// together: a few statements and one commit for a batch, because in a wave
// the commit, not the report, is what costs.
type arrival struct {
	report   Report
	raw      []byte
	fileName string
	key      string // the delivery's own key; "" for none
	dedup    string // the reporter-and-message key; "" for none
	actor    vigil.Actor
	// earlier is, when the arrival turned out to be a repeat, the report it
	// repeats; the arrival itself is then not stored.
	earlier string
	err     error
	done    chan struct{}
}

// storeArrivals stores a batch in the transaction: repeats are resolved to
// the reports they repeat, the rest inserted with their e-mails and their
// audit events in one statement each.
func storeArrivals(ctx context.Context, tx *store.Tx, batch []*arrival, now time.Time) error {
	if err := resolveRepeats(ctx, tx, batch, now); err != nil {
		return err
	}
	var fresh []*arrival
	for _, a := range batch {
		if a.earlier == "" {
			fresh = append(fresh, a)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	var reports, raws rowsOf
	var entries []audit.Entry
	for _, a := range fresh {
		r := a.report
		var reporter any
		if r.ReporterID != "" {
			reporter = r.ReporterID
		}
		reports.add(r.ID, r.OrgID, r.Kind, r.Status, r.Source, nullable(a.key), reporter, r.ReporterAddress, r.Details.encode(),
			r.AnalysisNote, r.replyMessageID, nullable(a.dedup), now, now, now)
		if len(a.raw) > 0 {
			sum := sha256.Sum256(a.raw)
			raws.add(r.ID, r.OrgID, cleanFileName(a.fileName), len(a.raw), hex.EncodeToString(sum[:]), a.raw)
		}
		entries = append(entries, audit.Entry{Actor: a.actor, Change: audit.Change{Action: "create", EntityType: "report", EntityID: r.ID,
			Summary: "Received a report: " + r.Kind.Title(), After: map[string]any{"kind": r.Kind, "source": r.Source, "size": len(a.raw)}}})
	}
	if _, err := tx.Exec(ctx, `INSERT INTO reports (id, org_id, kind, status, source, source_key, reporter_id, reporter_address,
		details, analysis_note, reply_message_id, dedup_key, created_at, sent_at, updated_at) VALUES `+reports.values(), reports.args...); err != nil {
		return fmt.Errorf("save reports: %w", err)
	}
	if len(raws.args) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO report_raw (report_id, org_id, file_name, size, sha256, content) VALUES `+raws.values(), raws.args...); err != nil {
			return fmt.Errorf("keep reported e-mails: %w", err)
		}
	}
	return audit.RecordEach(ctx, tx, entries)
}

// resolveRepeats finds the arrivals that repeat a report made within
// DuplicateWindow — or an earlier arrival of the same batch — and lets older
// reports give their keys up to the new ones. One query per organisation.
func resolveRepeats(ctx context.Context, tx *store.Tx, batch []*arrival, now time.Time) error {
	byOrg := map[string][]*arrival{}
	seen := map[string]*arrival{} // org and key → the batch's first arrival with it
	for _, a := range batch {
		if a.dedup == "" {
			continue
		}
		k := a.report.OrgID + " " + a.dedup
		if first, ok := seen[k]; ok {
			a.earlier = first.report.ID
			continue
		}
		seen[k] = a
		byOrg[a.report.OrgID] = append(byOrg[a.report.OrgID], a)
	}
	for orgID, arrivals := range byOrg {
		keys := make([]string, len(arrivals))
		for i, a := range arrivals {
			keys[i] = a.dedup
		}
		args, marks := inList([]any{orgID}, keys)
		rows, err := tx.Query(ctx, `SELECT id, dedup_key, created_at FROM reports WHERE org_id = $1 AND dedup_key IN (`+marks+`)`+tx.Dialect.LockRows(), args...)
		if err != nil {
			return fmt.Errorf("look for earlier reports: %w", err)
		}
		var stale []string
		for rows.Next() {
			var id, key string
			var created time.Time
			if err := rows.Scan(&id, &key, &created); err != nil {
				rows.Close()
				return err
			}
			if now.Sub(created) >= DuplicateWindow {
				stale = append(stale, id)
				continue
			}
			seen[orgID+" "+key].earlier = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(stale) > 0 {
			args, marks := inList(nil, stale)
			if _, err := tx.Exec(ctx, `UPDATE reports SET dedup_key = NULL WHERE id IN (`+marks+`)`, args...); err != nil {
				return fmt.Errorf("release old reports' keys: %w", err)
			}
		}
	}
	return nil
}

// rowsOf builds a multi-row VALUES list with numbered placeholders.
type rowsOf struct {
	args []any
	rows []string
}

func (r *rowsOf) add(values ...any) {
	marks := make([]string, len(values))
	for i, v := range values {
		r.args = append(r.args, v)
		marks[i] = fmt.Sprintf("$%d", len(r.args))
	}
	r.rows = append(r.rows, "("+strings.Join(marks, ", ")+")")
}

func (r *rowsOf) values() string { return strings.Join(r.rows, ", ") }

// nullable is NULL for "", so that a unique index holds only real keys.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
