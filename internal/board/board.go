// Package board keeps the figures a board sees: each capability's current
// measures (from its evidence.Source), and dated copies of them taken once
// a day and on demand, so every measure has a trend. The national centre
// sees the same figures across organisations.
package board

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Board reads measures from the sources and keeps their daily snapshots.
type Board struct {
	db      *store.DB
	orgs    *org.Store
	sources []evidence.Source
}

// New returns the board on db, reading figures from sources.
func New(db *store.DB, orgs *org.Store, sources []evidence.Source) *Board {
	return &Board{db: db, orgs: orgs, sources: sources}
}

// Figure is one measure now, with its trend.
type Figure struct {
	evidence.Measure
	Trend []Point // oldest first, ending with today's value
}

// Point is a measure's value on one day.
type Point struct {
	Day   time.Time
	Value float64
}

// Change is the difference between the figure now and at the trend's first point.
func (f Figure) Change() float64 {
	if len(f.Trend) < 2 {
		return 0
	}
	return f.Trend[len(f.Trend)-1].Value - f.Trend[0].Value
}

// Improving reports whether the change is in the better direction; false when there is none.
func (f Figure) Improving() bool {
	c := f.Change()
	return (c > 0 && f.Better == evidence.HigherIsBetter) || (c < 0 && f.Better == evidence.LowerIsBetter)
}

// TrendDays is how far back a trend goes.
const TrendDays = 90

// day is t's date as midnight UTC.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Measures asks every source for its measures now, as Vigil itself in the
// organisation: the board's readers see the figures, not the records behind
// them. A source that fails is left out and reported in errs.
func (b *Board) Measures(ctx context.Context, o org.Organisation, now time.Time) ([]evidence.Measure, []error) {
	sys := o.System("Board dashboard")
	var out []evidence.Measure
	var errs []error
	for _, src := range b.sources {
		ms, err := src.Measures(ctx, sys, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, ms...)
	}
	return out, errs
}

// Figures are the organisation's measures now, each with its trend over
// the last TrendDays from the snapshots.
func (b *Board) Figures(ctx context.Context, scope vigil.Scope, now time.Time) ([]Figure, []error, error) {
	if err := scope.Require(vigil.ReadBoard); err != nil {
		return nil, nil, err
	}
	o, err := b.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return nil, nil, err
	}
	measures, errs := b.Measures(ctx, o, now)
	trends, err := b.trends(ctx, o.ID, day(now).AddDate(0, 0, -TrendDays), day(now))
	if err != nil {
		return nil, nil, err
	}
	out := make([]Figure, len(measures))
	for i, m := range measures {
		out[i] = Figure{Measure: m, Trend: append(trends[m.Key], Point{Day: day(now), Value: m.Value})}
	}
	return out, errs, nil
}

// trends reads the snapshots of an organisation from since up to before
// the day until, by measure key.
func (b *Board) trends(ctx context.Context, orgID string, since, until time.Time) (map[string][]Point, error) {
	rows, err := b.db.Query(ctx, `SELECT measure_key, day, value FROM board_snapshots
		WHERE org_id = $1 AND day >= $2 AND day < $3 ORDER BY measure_key, day`, orgID, since, until)
	if err != nil {
		return nil, fmt.Errorf("read board snapshots: %w", err)
	}
	defer rows.Close()
	out := map[string][]Point{}
	for rows.Next() {
		var key string
		var p Point
		if err := rows.Scan(&key, &p.Day, &p.Value); err != nil {
			return nil, err
		}
		p.Day = p.Day.UTC()
		out[key] = append(out[key], p)
	}
	return out, rows.Err()
}

// Snapshot keeps today's measures for the scope's organisation, replacing
// any taken earlier today: the "take a snapshot now" button.
func (b *Board) Snapshot(ctx context.Context, scope vigil.Scope, now time.Time) (int, error) {
	if err := scope.Require(vigil.ReadBoard); err != nil {
		return 0, err
	}
	o, err := b.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return 0, err
	}
	measures, errs := b.Measures(ctx, o, now)
	n, err := b.keep(ctx, scope.Actor(), o.ID, measures, now)
	if err != nil {
		return 0, err
	}
	return n, errors.Join(errs...)
}

// SnapshotAll keeps today's measures for every organisation: Vigil's daily
// job. One organisation's failure does not stop the others'.
func (b *Board) SnapshotAll(ctx context.Context, now time.Time) (int, error) {
	lister := vigil.SystemScope(vigil.Org{}, "Board snapshots", []vigil.Role{vigil.CentralAnalyst})
	orgs, err := b.orgs.Organisations(ctx, lister)
	if err != nil {
		return 0, err
	}
	var errs []error
	total := 0
	for _, o := range orgs {
		measures, merrs := b.Measures(ctx, o, now)
		errs = append(errs, merrs...)
		n, err := b.keep(ctx, vigil.SystemActor(o.ID), o.ID, measures, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("snapshot %s: %w", o.Code, err))
		}
		total += n
	}
	return total, errors.Join(errs...)
}

func (b *Board) keep(ctx context.Context, actor vigil.Actor, orgID string, measures []evidence.Measure, now time.Time) (int, error) {
	if len(measures) == 0 {
		return 0, nil
	}
	today, taken := day(now), store.Now()
	err := b.db.Tx(ctx, func(tx *store.Tx) error {
		for _, m := range measures {
			_, err := tx.Exec(ctx, `INSERT INTO board_snapshots (org_id, day, measure_key, label, unit, better, value, link, taken_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (org_id, day, measure_key) DO UPDATE SET label = $4, unit = $5, better = $6, value = $7, link = $8, taken_at = $9`,
				orgID, today, m.Key, m.Label, m.Unit, int(m.Better), m.Value, m.Link, taken)
			if err != nil {
				return fmt.Errorf("keep board figure %s: %w", m.Key, err)
			}
		}
		return audit.Record(ctx, tx, actor, audit.Change{Action: "snapshot", EntityType: "board", EntityID: today.Format("2006-01-02"),
			Summary: fmt.Sprintf("Kept %d board figures for %s", len(measures), today.Format("2 January 2006"))})
	})
	if err != nil {
		return 0, err
	}
	return len(measures), nil
}

// Keep records figures for a past day as given: for figures kept before
// Vigil was, and for the demo's history. Today's come from the sources.
func (b *Board) Keep(ctx context.Context, scope vigil.Scope, on time.Time, measures []evidence.Measure) error {
	if err := scope.Require(vigil.WriteAssessment); err != nil {
		return err
	}
	if !day(on).Before(day(store.Now())) {
		return vigil.Errorf(vigil.Invalid, "Only figures for days before today can be kept this way.")
	}
	_, err := b.keep(ctx, scope.Actor(), scope.OrgID, measures, on)
	return err
}

// OrgFigure is one organisation's latest value of a measure.
type OrgFigure struct {
	Org   org.Organisation
	Value float64
	Day   time.Time
}

// NationalFigure is one measure across organisations: each organisation's
// latest snapshot, and the national trend (the sum of counts, or the mean
// of percentages and hours, over the organisations with a figure by then).
type NationalFigure struct {
	Key, Label, Unit string
	Better           evidence.Direction
	Orgs             []OrgFigure
	Trend            []Point
}

// National is every measure across the organisations, from their snapshots.
func (b *Board) National(ctx context.Context, scope vigil.Scope, now time.Time) ([]NationalFigure, error) {
	if err := scope.Require(vigil.ReadBoard); err != nil {
		return nil, err
	}
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	orgs, err := b.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	since := day(now).AddDate(0, 0, -TrendDays)
	byKey := map[string]*NationalFigure{}
	// series are each measure's values by organisation, oldest first.
	series := map[string]map[string][]Point{}
	for _, o := range orgs {
		if o.Type == org.NationalCentre {
			continue
		}
		rows, err := b.db.Query(ctx, `SELECT measure_key, label, unit, better, day, value FROM board_snapshots
			WHERE org_id = $1 AND day >= $2 ORDER BY measure_key, day`, o.ID, since)
		if err != nil {
			return nil, fmt.Errorf("read %s's board figures: %w", o.Code, err)
		}
		for rows.Next() {
			var key, label, unit string
			var better int
			var p Point
			if err := rows.Scan(&key, &label, &unit, &better, &p.Day, &p.Value); err != nil {
				rows.Close()
				return nil, err
			}
			p.Day = p.Day.UTC()
			if byKey[key] == nil {
				byKey[key] = &NationalFigure{Key: key, Label: label, Unit: unit, Better: evidence.Direction(better)}
				series[key] = map[string][]Point{}
			}
			series[key][o.ID] = append(series[key][o.ID], p)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
		for key, byOrg := range series {
			if ps := byOrg[o.ID]; len(ps) > 0 {
				last := ps[len(ps)-1]
				byKey[key].Orgs = append(byKey[key].Orgs, OrgFigure{Org: o, Value: last.Value, Day: last.Day})
			}
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]NationalFigure, 0, len(keys))
	for _, k := range keys {
		nf := byKey[k]
		nf.Trend = nationalTrend(nf.Unit, series[k])
		out = append(out, *nf)
	}
	return out, nil
}

// nationalTrend combines the organisations' series day by day. On a day an
// organisation kept no figure, its latest earlier one stands, so that a
// missed day does not look like a fall.
func nationalTrend(unit string, byOrg map[string][]Point) []Point {
	var days []time.Time
	for _, ps := range byOrg {
		for _, p := range ps {
			if !slices.ContainsFunc(days, p.Day.Equal) {
				days = append(days, p.Day)
			}
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	out := make([]Point, 0, len(days))
	for _, d := range days {
		var values []float64
		for _, ps := range byOrg {
			i, found := slices.BinarySearchFunc(ps, d, func(p Point, t time.Time) int { return p.Day.Compare(t) })
			if !found {
				i-- // the latest before d
			}
			if i >= 0 {
				values = append(values, ps[i].Value)
			}
		}
		out = append(out, Point{Day: d, Value: combine(unit, values)})
	}
	return out
}

// combine is the national value of one day: a mean for shares, a sum for counts.
func combine(unit string, values []float64) float64 {
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	if unit == "%" || unit == "hours" {
		return sum / float64(len(values))
	}
	return sum
}
