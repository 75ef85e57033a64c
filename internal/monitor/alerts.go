package monitor

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

const selectAlert = `SELECT a.id, a.org_id, a.source_id, s.name, a.dedup_key, a.format, a.tool, a.source_ref, a.received_at, a.occurred_at,
	a.severity, a.severity_raw, a.rule_id, a.rule_name, a.category, a.techniques, a.observables, a.title, a.raw, a.asset_id, a.matched_by,
	a.clinical_risk, a.priority, a.group_key, a.status, a.triaged_at, a.triaged_by, a.incident_id
	FROM alerts a JOIN alert_sources s ON s.id = a.source_id `

func scanAlert(row interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var format, techniques, observables, status string
	var sev int
	var triaged sql.NullTime
	err := row.Scan(&a.ID, &a.OrgID, &a.SourceID, &a.Source.Name, &a.DedupKey, &format, &a.Source.Tool, &a.Alert.SourceID, &a.Received, &a.Occurred,
		&sev, &a.SeverityRaw, &a.RuleID, &a.RuleName, &a.Category, &techniques, &observables, &a.Title, &a.Raw, &a.AssetID, &a.MatchedBy,
		&a.ClinicalRisk, &a.Priority, &a.GroupKey, &status, &triaged, &a.TriagedBy, &a.IncidentID)
	if err != nil {
		return Alert{}, err
	}
	a.Source.Format, a.Severity, a.Status = alert.Format(format), alert.Severity(sev), Status(status)
	a.Received, a.Occurred = a.Received.UTC(), a.Occurred.UTC()
	if triaged.Valid {
		a.TriagedAt = triaged.Time.UTC()
	}
	if err := json.Unmarshal([]byte(techniques), &a.Techniques); err != nil {
		return Alert{}, fmt.Errorf("read techniques: %w", err)
	}
	if err := json.Unmarshal([]byte(observables), &a.Observables); err != nil {
		return Alert{}, fmt.Errorf("read observables: %w", err)
	}
	return a, nil
}

// Alert returns one alert; another organisation's is not found.
func (m *Monitor) Alert(ctx context.Context, scope vigil.Scope, id string) (Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Alert{}, err
	}
	a, err := scanAlert(m.db.QueryRow(ctx, selectAlert+`WHERE a.org_id = $1 AND a.id = $2`, scope.OrgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Alert{}, vigil.Errorf(vigil.NotFound, "There is no such alert.")
	}
	if err != nil {
		return Alert{}, fmt.Errorf("read alert: %w", err)
	}
	return a, nil
}

// Group is related alerts (one rule, one machine, one window of time) shown
// as one line of the queue: its most urgent alert, and how many there are.
type Group struct {
	Key    string
	Lead   Alert // the highest priority alert, the latest among equals
	Count  int
	First  time.Time
	Latest time.Time
}

// MaxQueue is the most groups one page of the queue shows.
const MaxQueue = 200

// Queue lists the groups of alerts still open (new or triaged), the most
// clinically urgent first, then the latest.
func (m *Monitor) Queue(ctx context.Context, scope vigil.Scope, limit int) ([]Group, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxQueue {
		limit = MaxQueue
	}
	rows, err := m.db.Query(ctx, `SELECT group_key, COUNT(*), MAX(priority), MIN(occurred_at), MAX(occurred_at) FROM alerts
		WHERE org_id = $1 AND status IN ($2, $3) GROUP BY group_key ORDER BY 3 DESC, 5 DESC, 1 LIMIT $4`,
		scope.OrgID, string(Untriaged), string(Triaged), limit)
	if err != nil {
		return nil, fmt.Errorf("list alert queue: %w", err)
	}
	var groups []Group
	for rows.Next() {
		var g Group
		var top int
		var first, latest any
		if err := rows.Scan(&g.Key, &g.Count, &top, &first, &latest); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read alert queue: %w", err)
		}
		g.First, g.Latest = anyTime(first), anyTime(latest)
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range groups {
		lead, err := scanAlert(m.db.QueryRow(ctx, selectAlert+`WHERE a.org_id = $1 AND a.group_key = $2 AND a.status IN ($3, $4)
			ORDER BY a.priority DESC, a.occurred_at DESC, a.id LIMIT 1`, scope.OrgID, groups[i].Key, string(Untriaged), string(Triaged)))
		if err != nil {
			return nil, fmt.Errorf("read the lead alert of a group: %w", err)
		}
		groups[i].Lead = lead
	}
	return groups, nil
}

// anyTime reads an aggregate of a time column, which SQLite returns as the
// text its driver wrote (Go's time.Time.String layout).
func anyTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
			if p, err := time.Parse(layout, t); err == nil {
				return p.UTC()
			}
		}
	}
	return time.Time{}
}

// Related lists the alerts of the same group, latest first, at most 100.
func (m *Monitor) Related(ctx context.Context, scope vigil.Scope, a Alert) ([]Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return m.alertsWhere(ctx, `WHERE a.org_id = $1 AND a.group_key = $2 ORDER BY a.occurred_at DESC, a.id LIMIT 100`, scope.OrgID, a.GroupKey)
}

// Latest lists the organisation's latest alerts, whatever their status.
func (m *Monitor) Latest(ctx context.Context, scope vigil.Scope, limit int) ([]Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxQueue {
		limit = MaxQueue
	}
	return m.alertsWhere(ctx, `WHERE a.org_id = $1 ORDER BY a.received_at DESC, a.id DESC LIMIT $2`, scope.OrgID, limit)
}

func (m *Monitor) alertsWhere(ctx context.Context, where string, args ...any) ([]Alert, error) {
	return alertsFrom(ctx, m.db, where, args...)
}

// alertsFrom lists the alerts that where selects, inside or outside a transaction.
func alertsFrom(ctx context.Context, q store.Querier, where string, args ...any) ([]Alert, error) {
	rows, err := q.Query(ctx, selectAlert+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("read alert: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Judge sets the status of an alert and of the open alerts of its group: an
// analyst has looked (Triaged) or judged them harmless (Dismissed).
func (m *Monitor) Judge(ctx context.Context, scope vigil.Scope, id string, status Status) (int, error) {
	if err := scope.Require(vigil.WriteAlerts); err != nil {
		return 0, err
	}
	if status != Triaged && status != Dismissed {
		return 0, vigil.InvalidFields("Choose what to do with the alert.", map[string]string{"status": "Choose triaged or dismissed"})
	}
	a, err := m.Alert(ctx, scope, id)
	if err != nil {
		return 0, err
	}
	var n int64
	err = m.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE alerts SET status = $1, triaged_at = COALESCE(triaged_at, $2), triaged_by = $3
			WHERE org_id = $4 AND group_key = $5 AND status IN ($6, $7)`,
			string(status), m.clock(), scope.Name, scope.OrgID, a.GroupKey, string(Untriaged), string(Triaged))
		if err != nil {
			return fmt.Errorf("judge alerts: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "alert", EntityID: id,
			Summary: fmt.Sprintf("Marked %d alerts %s: %s", n, status, a.Title), After: map[string]string{"status": string(status)}})
	})
	return int(n), err
}

// LinkIncident marks the open alerts of the groups of ids as part of an
// incident, inside the transaction that records it. It returns the alerts' ids.
func LinkIncident(ctx context.Context, tx *store.Tx, orgID, incidentID string, alertIDs []string) ([]string, error) {
	var linked []string
	for _, id := range alertIDs {
		var group string
		err := tx.QueryRow(ctx, `SELECT group_key FROM alerts WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&group)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, vigil.Errorf(vigil.NotFound, "There is no such alert.")
		}
		if err != nil {
			return nil, fmt.Errorf("read alert: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT id FROM alerts WHERE org_id = $1 AND (group_key = $2 AND status IN ($3, $4) OR id = $5)`,
			orgID, group, string(Untriaged), string(Triaged), id)
		if err != nil {
			return nil, fmt.Errorf("list alerts of the group: %w", err)
		}
		for rows.Next() {
			var got string
			if err := rows.Scan(&got); err != nil {
				rows.Close()
				return nil, err
			}
			if !slices.Contains(linked, got) {
				linked = append(linked, got)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for start := 0; start < len(linked); start += 500 {
		part := linked[start:min(start+500, len(linked))]
		args := []any{string(InIncident), incidentID, orgID}
		marks := make([]string, len(part))
		for i, id := range part {
			args = append(args, id)
			marks[i] = fmt.Sprintf("$%d", i+4)
		}
		if _, err := tx.Exec(ctx, `UPDATE alerts SET status = $1, incident_id = $2 WHERE org_id = $3 AND id IN (`+strings.Join(marks, ", ")+`)`, args...); err != nil {
			return nil, fmt.Errorf("link alerts to incident: %w", err)
		}
	}
	return linked, nil
}

// OfIncident lists the alerts linked to an incident, latest first.
func (m *Monitor) OfIncident(ctx context.Context, scope vigil.Scope, incidentID string) ([]Alert, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return m.alertsWhere(ctx, `WHERE a.org_id = $1 AND a.incident_id = $2 ORDER BY a.occurred_at DESC, a.id LIMIT 500`, scope.OrgID, incidentID)
}
