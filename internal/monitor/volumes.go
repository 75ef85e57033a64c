package monitor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The daily volumes are kept by the batch writer, in the transaction that
// stores the alerts: one upsert per source, day and band in the batch, adding
// only the alerts the database took as new, so a duplicate is never counted
// and what is counted is exactly what was committed. A job that rolled up
// finished days would have to run before retention deleted them, would miss
// today, and would need its own lock between nodes; adding in the writer's
// transaction needs none of that, and several nodes adding to the same row
// is safe because each adds with one atomic statement. Retention deletes
// alerts, never their volumes.

// BandKey is the key of a priority's band, as the volumes, the API and the
// CSV name it: Band's words in lower case, hyphens for spaces.
func BandKey(priority int) string {
	return strings.ReplaceAll(strings.ToLower(Band(priority)), " ", "-")
}

// Volume is how many alerts one source sent one organisation on one day
// (UTC) in one priority band, as they were when they arrived.
type Volume struct {
	OrgID    string
	SourceID string
	Source   string // the source's name
	Day      time.Time
	Band     string // the band's key, as BandKey gives it
	Alerts   int
	Matched  int // tied to a care-map asset on arrival
}

// MaxVolumeDays is the longest span of days one question may ask for.
const MaxVolumeDays = 366

// volumeKey is one row of alert_volumes, and volumeCount what one batch adds.
type volumeKey struct{ orgID, sourceID, day, band string }

type volumeCount struct{ alerts, matched int }

// volumeTally counts the alerts of a batch that were new, by volume row.
type volumeTally map[volumeKey]volumeCount

func (t volumeTally) add(orgID, sourceID string, received time.Time, priority int, matched bool) {
	k := volumeKey{orgID, sourceID, received.UTC().Format(time.DateOnly), BandKey(priority)}
	c := t[k]
	c.alerts++
	if matched {
		c.matched++
	}
	t[k] = c
}

// save adds the tally to alert_volumes. The rows are written in one order
// on every node, so two transactions adding to the same rows wait for each
// other rather than deadlock.
func (t volumeTally) save(ctx context.Context, tx *store.Tx) error {
	keys := make([]volumeKey, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b volumeKey) int {
		return strings.Compare(a.orgID+"\x00"+a.sourceID+"\x00"+a.day+"\x00"+a.band, b.orgID+"\x00"+b.sourceID+"\x00"+b.day+"\x00"+b.band)
	})
	for _, k := range keys {
		c := t[k]
		if _, err := tx.Exec(ctx, `INSERT INTO alert_volumes (org_id, source_id, day, band, alerts, matched) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id, source_id, day, band) DO UPDATE SET alerts = alert_volumes.alerts + excluded.alerts, matched = alert_volumes.matched + excluded.matched`,
			k.orgID, k.sourceID, k.day, k.band, c.alerts, c.matched); err != nil {
			return fmt.Errorf("count the day's alerts: %w", err)
		}
	}
	return nil
}

// Volumes are the caller's organisation's daily alert volumes from the day
// of from to the day of to (UTC), by day, source and band.
func (m *Monitor) Volumes(ctx context.Context, scope vigil.Scope, from, to time.Time) ([]Volume, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	return m.volumes(ctx, scope.OrgID, from, to)
}

// NationalVolumes are every organisation's daily alert volumes, for the
// national centre.
func (m *Monitor) NationalVolumes(ctx context.Context, scope vigil.Scope, from, to time.Time) ([]Volume, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	return m.volumes(ctx, "", from, to)
}

// volumes reads one organisation's volumes, or every one's when orgID is "".
func (m *Monitor) volumes(ctx context.Context, orgID string, from, to time.Time) ([]Volume, error) {
	first, last := from.UTC().Format(time.DateOnly), to.UTC().Format(time.DateOnly)
	if last < first {
		return nil, vigil.InvalidFields("The last day is before the first.", map[string]string{"to": "must not be before from"})
	}
	if daySpan(from, to) > MaxVolumeDays {
		return nil, vigil.InvalidFields(fmt.Sprintf("Ask for at most %d days at a time.", MaxVolumeDays), map[string]string{"from": fmt.Sprintf("at most %d days before to", MaxVolumeDays)})
	}
	rows, err := m.db.Query(ctx, `SELECT v.org_id, v.source_id, COALESCE(s.name, ''), v.day, v.band, v.alerts, v.matched
		FROM alert_volumes v LEFT JOIN alert_sources s ON s.id = v.source_id
		WHERE ($1 = '' OR v.org_id = $1) AND v.day >= $2 AND v.day <= $3
		ORDER BY v.day, v.org_id, s.name, v.source_id, v.band`, orgID, first, last)
	if err != nil {
		return nil, fmt.Errorf("read alert volumes: %w", err)
	}
	defer rows.Close()
	var out []Volume
	for rows.Next() {
		var v Volume
		var day string
		if err := rows.Scan(&v.OrgID, &v.SourceID, &v.Source, &day, &v.Band, &v.Alerts, &v.Matched); err != nil {
			return nil, fmt.Errorf("read alert volumes: %w", err)
		}
		if v.Day, err = time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("alert volume day %q: %w", day, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// daySpan is how many days from the day of from to the day of to span, both
// counted (UTC).
func daySpan(from, to time.Time) int {
	f, t := from.UTC().Truncate(24*time.Hour), to.UTC().Truncate(24*time.Hour)
	return int(t.Sub(f)/(24*time.Hour)) + 1
}

// DayTotal is one day's alerts, all sources together.
type DayTotal struct {
	Day     time.Time
	Alerts  int
	Matched int
	ByBand  map[string]int
}

// Daily adds volumes up by day, one total for each of the days days ending
// on the day of to, quiet days included, oldest first.
func Daily(vols []Volume, to time.Time, days int) []DayTotal {
	last := to.UTC().Truncate(24 * time.Hour)
	out := make([]DayTotal, days)
	at := map[string]int{}
	for i := range out {
		d := last.AddDate(0, 0, i-days+1)
		out[i] = DayTotal{Day: d, ByBand: map[string]int{}}
		at[d.Format(time.DateOnly)] = i
	}
	for _, v := range vols {
		i, ok := at[v.Day.Format(time.DateOnly)]
		if !ok {
			continue
		}
		out[i].Alerts += v.Alerts
		out[i].Matched += v.Matched
		out[i].ByBand[v.Band] += v.Alerts
	}
	return out
}
