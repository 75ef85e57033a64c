package board_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// counter is a source whose figure is whatever it is set to, per organisation.
type counter struct {
	values map[string]float64 // by org code
	broken bool
}

func (c *counter) Evidence(context.Context, vigil.Scope, time.Time) ([]evidence.Item, error) {
	return nil, nil
}

func (c *counter) Measures(_ context.Context, sc vigil.Scope, _ time.Time) ([]evidence.Measure, error) {
	if c.broken {
		return nil, errors.New("broken")
	}
	return []evidence.Measure{
		{Key: "test.reports", Label: "Reports", Value: c.values[sc.OrgCode], Unit: "reports", Better: evidence.HigherIsBetter, Link: "/triage"},
		{Key: "test.share", Label: "Share", Value: c.values[sc.OrgCode] * 10, Unit: "%", Better: evidence.HigherIsBetter},
	}, nil
}

type fixture struct {
	b                      *board.Board
	src                    *counter
	admin, nurse, practice vigil.Scope
	central                vigil.Scope
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice, centre := add("RXX", org.AcuteTrust), add("GPX", org.GPPractice), add("CSOC", org.NationalCentre)
	person := func(o org.Organisation, role vigil.Role) vigil.Scope {
		return vigil.PersonScope(o.Ref(), "", "Test", "", []vigil.Role{vigil.Staff, role})
	}
	src := &counter{values: map[string]float64{"RXX": 4, "GPX": 2}}
	return fixture{b: board.New(db, orgs, []evidence.Source{src}), src: src, admin: person(trust, vigil.OrgAdmin),
		nurse: person(trust, vigil.Staff), practice: person(practice, vigil.OrgAdmin), central: person(centre, vigil.CentralAnalyst)}
}

func TestFiguresHaveTrendsFromTheSnapshots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := time.Now().UTC()
		for i, v := range []float64{1, 2, 3} {
			f.src.values["RXX"] = v
			if _, err := f.b.SnapshotAll(ctx, now.AddDate(0, 0, -3+i)); err != nil {
				t.Fatal(err)
			}
		}
		f.src.values["RXX"] = 4
		figures, errs, err := f.b.Figures(ctx, f.admin, now)
		if err != nil || len(errs) != 0 {
			t.Fatal(err, errs)
		}
		reports := figures[0]
		if reports.Key != "test.reports" || reports.Value != 4 || len(reports.Trend) != 4 {
			t.Fatalf("figure %+v", reports)
		}
		for i, p := range reports.Trend {
			if p.Value != float64(i+1) {
				t.Errorf("trend %+v, want 1, 2, 3, 4", reports.Trend)
				break
			}
		}
		if reports.Change() != 3 || !reports.Improving() {
			t.Errorf("change %v improving %v", reports.Change(), reports.Improving())
		}
		// A snapshot on demand replaces today's, not yesterday's.
		if _, err := f.b.Snapshot(ctx, f.admin, now); err != nil {
			t.Fatal(err)
		}
		f.src.values["RXX"] = 5
		if _, err := f.b.Snapshot(ctx, f.admin, now); err != nil {
			t.Fatal(err)
		}
		national, err := f.b.National(ctx, f.central, now)
		if err != nil {
			t.Fatal(err)
		}
		var last board.Point
		for _, nf := range national {
			if nf.Key == "test.reports" {
				last = nf.Trend[len(nf.Trend)-1]
			}
		}
		// Today: the trust's 5 (its second snapshot of the day) and the practice's 2 from SnapshotAll.
		if last.Value != 7 {
			t.Errorf("national reports today %v, want 5 + 2", last.Value)
		}
	})
}

func TestNationalFiguresAddCountsAndAverageShares(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := time.Now().UTC()
		if _, err := f.b.SnapshotAll(ctx, now); err != nil {
			t.Fatal(err)
		}
		national, err := f.b.National(ctx, f.central, now)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]board.NationalFigure{}
		for _, nf := range national {
			got[nf.Key] = nf
		}
		if v := got["test.reports"].Trend[0].Value; v != 6 {
			t.Errorf("reports across organisations %v, want 4 + 2", v)
		}
		if v := got["test.share"].Trend[0].Value; v != 30 {
			t.Errorf("share across organisations %v, want the mean of 40 and 20", v)
		}
		if n := len(got["test.reports"].Orgs); n != 2 {
			t.Errorf("%d organisations, want the trust and the practice (not the centre)", n)
		}
	})
}

func TestBoardPermissionsAndTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := time.Now().UTC()
		if _, _, err := f.b.Figures(ctx, f.nurse, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff reading the board: %v", err)
		}
		if _, err := f.b.National(ctx, f.admin, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust reading the national board: %v", err)
		}
		f.src.values["RXX"] = 9
		if err := f.b.Keep(ctx, f.admin, now.AddDate(0, 0, -7), mustMeasures(t, f, f.admin)); err != nil {
			t.Fatal(err)
		}
		if err := f.b.Keep(ctx, f.admin, now, nil); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("keeping today's figures by hand: %v", err)
		}
		// The practice's board shows none of the trust's history.
		figures, _, err := f.b.Figures(ctx, f.practice, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(figures[0].Trend) != 1 || figures[0].Value != 2 {
			t.Errorf("the practice's figure %+v has another organisation's history", figures[0])
		}
		// A broken source leaves the others, and says so.
		f.src.broken = true
		figures, errs, err := f.b.Figures(ctx, f.admin, now)
		if err != nil || len(errs) != 1 || len(figures) != 0 {
			t.Errorf("with a broken source: %d figures, %v, %v", len(figures), errs, err)
		}
	})
}

func mustMeasures(t *testing.T, f fixture, sc vigil.Scope) []evidence.Measure {
	ms, err := f.src.Measures(context.Background(), sc, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
