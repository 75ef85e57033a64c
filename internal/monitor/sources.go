package monitor

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// sourceID returns the id of the organisation's source of that name, adding
// the source the first time it sends.
func (m *Monitor) sourceID(ctx context.Context, orgID, name string) (string, error) {
	key := orgID + "\x00" + name
	m.mu.Lock()
	id, ok := m.sources[key]
	m.mu.Unlock()
	if ok {
		return id, nil
	}
	if _, err := m.db.Exec(ctx, `INSERT INTO alert_sources (id, org_id, name, expected_minutes, alerts_total, created_at)
		VALUES ($1, $2, $3, 0, 0, $4) ON CONFLICT (org_id, name) DO NOTHING`, store.NewID(), orgID, name, m.clock()); err != nil {
		return "", fmt.Errorf("add alert source %s: %w", name, err)
	}
	if err := m.db.QueryRow(ctx, `SELECT id FROM alert_sources WHERE org_id = $1 AND name = $2`, orgID, name).Scan(&id); err != nil {
		return "", fmt.Errorf("read alert source %s: %w", name, err)
	}
	m.mu.Lock()
	m.sources[key] = id
	m.mu.Unlock()
	return id, nil
}

const sourceColumns = `id, name, expected_minutes, last_seen_at, silent_since, alerts_total, created_at`

func scanSource(row interface{ Scan(...any) error }) (Source, error) {
	var s Source
	var minutes int
	var last, silent sql.NullTime
	if err := row.Scan(&s.ID, &s.Name, &minutes, &last, &silent, &s.Total, &s.CreatedAt); err != nil {
		return Source{}, err
	}
	s.Expected = time.Duration(minutes) * time.Minute
	s.LastSeen, s.SilentSince, s.CreatedAt = last.Time.UTC(), silent.Time.UTC(), s.CreatedAt.UTC()
	if !last.Valid {
		s.LastSeen = time.Time{}
	}
	if !silent.Valid {
		s.SilentSince = time.Time{}
	}
	return s, nil
}

// Sources lists the organisation's alert sources by name.
func (m *Monitor) Sources(ctx context.Context, scope vigil.Scope) ([]Source, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	rows, err := m.db.Query(ctx, `SELECT `+sourceColumns+` FROM alert_sources WHERE org_id = $1 ORDER BY name`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list alert sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("read alert source: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Source returns one source; another organisation's is not found.
func (m *Monitor) Source(ctx context.Context, scope vigil.Scope, id string) (Source, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return Source{}, err
	}
	s, err := scanSource(m.db.QueryRow(ctx, `SELECT `+sourceColumns+` FROM alert_sources WHERE org_id = $1 AND id = $2`, scope.OrgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Source{}, vigil.Errorf(vigil.NotFound, "There is no such alert source.")
	}
	if err != nil {
		return Source{}, fmt.Errorf("read alert source: %w", err)
	}
	return s, nil
}

// MaxExpectedMinutes is the longest silence a source may be allowed: a week.
const MaxExpectedMinutes = 7 * 24 * 60

// SetExpected says how often the source should send at least one alert;
// zero stops watching it for silence.
func (m *Monitor) SetExpected(ctx context.Context, scope vigil.Scope, id string, minutes int) (Source, error) {
	if err := scope.Require(vigil.WriteAlerts); err != nil {
		return Source{}, err
	}
	if minutes < 0 || minutes > MaxExpectedMinutes {
		return Source{}, vigil.InvalidFields("Check how often the source should send.",
			map[string]string{"expected_minutes": fmt.Sprintf("Enter a number of minutes from 0 to %d", MaxExpectedMinutes)})
	}
	before, err := m.Source(ctx, scope, id)
	if err != nil {
		return Source{}, err
	}
	err = m.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE alert_sources SET expected_minutes = $1 WHERE org_id = $2 AND id = $3`, minutes, scope.OrgID, id); err != nil {
			return fmt.Errorf("set expected interval: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "alert-source", EntityID: id,
			Summary: fmt.Sprintf("Expect alerts from %s at least every %d minutes", before.Name, minutes),
			Before:  map[string]int{"expected_minutes": int(before.Expected / time.Minute)}, After: map[string]int{"expected_minutes": minutes}})
	})
	if err != nil {
		return Source{}, err
	}
	return m.Source(ctx, scope, id)
}

// HealthSource is the name of the source under which Vigil raises its own
// alerts about the other sources.
const HealthSource = "Vigil source health"

// CheckSilence raises an alert for every source, in every organisation, that
// has sent nothing for longer than expected, once per silence: a silent
// sensor is a blind spot. It returns how many it raised.
func (m *Monitor) CheckSilence(ctx context.Context, now time.Time) (int, error) {
	rows, err := m.db.Query(ctx, `SELECT org_id, `+sourceColumns+` FROM alert_sources WHERE expected_minutes > 0 AND silent_since IS NULL`)
	if err != nil {
		return 0, fmt.Errorf("list watched sources: %w", err)
	}
	type silent struct {
		orgID string
		Source
	}
	var found []silent
	for rows.Next() {
		var orgID string
		s, err := scanSource(scanWith{rows, &orgID})
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("read watched source: %w", err)
		}
		if s.Silent(now) {
			found = append(found, silent{orgID, s})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, s := range found {
		if err := m.raiseSilence(ctx, s.orgID, s.Source, now); err != nil {
			return 0, err
		}
	}
	return len(found), nil
}

// scanWith scans a leading org id before a source's columns.
type scanWith struct {
	rows  *sql.Rows
	orgID *string
}

func (s scanWith) Scan(dest ...any) error { return s.rows.Scan(append([]any{s.orgID}, dest...)...) }

func (m *Monitor) raiseSilence(ctx context.Context, orgID string, s Source, now time.Time) error {
	healthID, err := m.sourceID(ctx, orgID, HealthSource)
	if err != nil {
		return err
	}
	since := "it was set up"
	if !s.LastSeen.IsZero() {
		since = s.LastSeen.Format("15:04 on 2 January")
	}
	a := alert.Alert{Source: alert.Source{Format: alert.Generic, Tool: "Vigil", Name: HealthSource}, Received: now, Occurred: now,
		Severity: alert.High, RuleID: "source-silent", RuleName: "A source of alerts has gone silent", Category: "source-health",
		Title:    alert.CleanText(fmt.Sprintf("No alerts from %s since %s: a blind spot", s.Name, since), alert.MaxTitleRunes),
		DedupKey: "silent:" + s.ID + ":" + s.LastSeen.Format(time.RFC3339Nano)}
	j := &job{orgID: orgID, sourceID: healthID, source: HealthSource, actor: vigil.SystemActor(orgID),
		rows: []row{{a: &a, priority: Priority(a.Severity, false, 0), groupKey: "health|" + s.ID, techniques: "[]", observe: "[]"}}}
	return m.db.Tx(ctx, func(tx *store.Tx) error {
		ins := newInserter(tx)
		defer ins.close()
		if _, err := ins.insert(ctx, j); err != nil {
			return err
		}
		if err := ins.save(ctx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE alert_sources SET silent_since = $1 WHERE org_id = $2 AND id = $3`, now, orgID, s.ID); err != nil {
			return fmt.Errorf("note source %s silent: %w", s.Name, err)
		}
		return audit.Record(ctx, tx, vigil.SystemActor(orgID), audit.Change{Action: "create", EntityType: "alert", EntityID: s.ID,
			Summary: a.Title})
	})
}
