package monitor_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

var volumeDay = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) // the day read() receives alerts

// sumVolumes adds volumes up by band, and all bands under "all".
func sumVolumes(vols []monitor.Volume) (alerts, matched map[string]int) {
	alerts, matched = map[string]int{}, map[string]int{}
	for _, v := range vols {
		alerts[v.Band] += v.Alerts
		alerts["all"] += v.Alerts
		if v.Matched > 0 {
			matched[v.Band] += v.Matched
			matched["all"] += v.Matched
		}
	}
	return alerts, matched
}

// TestVolumesCountEachNewAlertOnceAndOutliveRetention: the day's volumes
// count each alert once however often it is sent, by its band and whether
// it was matched, and stay when retention deletes the alerts.
func TestVolumesCountEachNewAlertOnceAndOutliveRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		body := generic("a1", "high", "EPR login storm", "epr-app-01") + generic("a2", "high", "EPR login storm again", "epr-app-01") +
			generic("a3", "low", "Printer noise", "unknown-host-9")
		for range 3 { // a sender retrying its batch adds nothing
			if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, body)); err != nil {
				t.Fatal(err)
			}
		}
		held, err := f.mon.Latest(ctx, f.analyst, 0)
		if err != nil {
			t.Fatal(err)
		}
		wantAlerts, wantMatched := map[string]int{"all": len(held)}, map[string]int{}
		for _, a := range held {
			wantAlerts[monitor.BandKey(a.Priority)]++
			if a.Matched() {
				wantMatched[monitor.BandKey(a.Priority)]++
				wantMatched["all"]++
			}
		}
		if len(held) != 3 || wantMatched["all"] != 2 {
			t.Fatalf("held %d alerts, %d matched; the test wants 3, 2 of them on the EPR", len(held), wantMatched["all"])
		}
		check := func(when string) {
			t.Helper()
			vols, err := f.mon.Volumes(ctx, f.analyst, volumeDay.AddDate(0, 0, -29), volumeDay)
			if err != nil {
				t.Fatal(err)
			}
			alerts, matched := sumVolumes(vols)
			if fmt.Sprint(alerts) != fmt.Sprint(wantAlerts) || fmt.Sprint(matched) != fmt.Sprint(wantMatched) {
				t.Errorf("%s: volumes %v, matched %v; want %v, matched %v", when, alerts, matched, wantAlerts, wantMatched)
			}
			for _, v := range vols {
				if !v.Day.Equal(volumeDay) || v.Source != "Wazuh manager" || v.OrgID != f.trust.ID {
					t.Errorf("%s: volume %+v, want the trust's Wazuh manager on %s", when, v, volumeDay.Format(time.DateOnly))
				}
			}
		}
		check("after three sends of one batch")

		if n, err := f.mon.DeleteExpired(ctx, 30, volumeDay.AddDate(0, 2, 0)); err != nil || n != 3 {
			t.Fatalf("retention deleted %d (%v), want all 3", n, err)
		}
		check("after retention deleted the alerts")
	})
}

// TestVolumesStayInTheirOrganisation: an organisation reads its own
// volumes only; staff without alerts cannot read them; only the national
// centre reads across organisations, and sees each organisation apart.
func TestVolumesStayInTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		f.run(t)
		ctx := context.Background()
		if _, err := f.mon.Ingest(ctx, f.wazuh, "Wazuh manager", read(t, generic("t1", "high", "Trust alert", "epr-app-01")+generic("t2", "low", "Trust two", "x"))); err != nil {
			t.Fatal(err)
		}
		if _, err := f.mon.Ingest(ctx, f.practice, "Practice firewall", read(t, generic("g1", "low", "Practice alert", "gp-fw"))); err != nil {
			t.Fatal(err)
		}
		from, to := volumeDay.AddDate(0, 0, -29), volumeDay
		gp, err := f.mon.Volumes(ctx, f.practice, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if alerts, _ := sumVolumes(gp); alerts["all"] != 1 || gp[0].OrgID != f.practice.OrgID {
			t.Errorf("the practice reads %+v, want its own 1 alert only", gp)
		}
		for name, call := range map[string]func() error{
			"a nurse's volumes":             func() error { _, err := f.mon.Volumes(ctx, f.nurse, from, to); return err },
			"the practice's national view":  func() error { _, err := f.mon.NationalVolumes(ctx, f.practice, from, to); return err },
			"the trust analyst's national ": func() error { _, err := f.mon.NationalVolumes(ctx, f.analyst, from, to); return err },
		} {
			if err := call(); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("%s: %v, want forbidden", name, err)
			}
		}
		all, err := f.mon.NationalVolumes(ctx, f.centre, from, to)
		if err != nil {
			t.Fatal(err)
		}
		byOrg := map[string]int{}
		for _, v := range all {
			byOrg[v.OrgID] += v.Alerts
		}
		if byOrg[f.trust.ID] != 2 || byOrg[f.practice.OrgID] != 1 || len(byOrg) != 2 {
			t.Errorf("the centre reads %v, want the trust's 2 and the practice's 1", byOrg)
		}
		if _, err := f.mon.Volumes(ctx, f.analyst, to, from); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a span that ends before it starts: %v, want invalid", err)
		}
		if _, err := f.mon.Volumes(ctx, f.analyst, to.AddDate(-2, 0, 0), to); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("two years at once: %v, want invalid", err)
		}
	})
}

// TestVolumesWithSeveralNodes: several nodes storing overlapping batches at
// once, each in its own transaction, count each alert exactly once.
func TestVolumesWithSeveralNodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, monitor.Options{})
		ctx := context.Background()
		nodes := []*monitor.Monitor{f.mon, monitor.New(db, f.maps, f.ranks, nil, monitor.Options{}), monitor.New(db, f.maps, f.ranks, nil, monitor.Options{})}
		var batches []string
		for b := range 6 {
			var body strings.Builder
			for i := range 40 { // each batch shares half its alerts with the next
				n := b*20 + i
				sev, host := []string{"low", "medium", "high", "critical"}[n%4], []string{"epr-app-01", "prt-07", "nowhere"}[n%3]
				body.WriteString(generic(fmt.Sprintf("n%d", n), sev, fmt.Sprintf("Alert %d", n), host))
			}
			batches = append(batches, body.String())
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(batches)*len(nodes))
		for _, node := range nodes {
			for _, body := range batches {
				wg.Add(1)
				go func() {
					defer wg.Done()
					alerts := read(t, body)
					if _, err := node.StoreNow(ctx, f.wazuh, "Wazuh manager", alerts); err != nil {
						errs <- err
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		vols, err := f.mon.Volumes(ctx, f.analyst, volumeDay, volumeDay)
		if err != nil {
			t.Fatal(err)
		}
		got, gotMatched := sumVolumes(vols)
		want, wantMatched := map[string]int{}, map[string]int{}
		rows, err := db.Query(ctx, `SELECT priority, asset_id FROM alerts WHERE org_id = $1`, f.trust.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var p int
			var asset string
			if err := rows.Scan(&p, &asset); err != nil {
				t.Fatal(err)
			}
			want[monitor.BandKey(p)]++
			want["all"]++
			if asset != "" {
				wantMatched[monitor.BandKey(p)]++
				wantMatched["all"]++
			}
		}
		if want["all"] != 5*20+40 {
			t.Fatalf("held %d alerts, want %d", want["all"], 5*20+40)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(gotMatched) != fmt.Sprint(wantMatched) {
			t.Errorf("volumes %v (matched %v), want the alerts held: %v (matched %v)", got, gotMatched, want, wantMatched)
		}
	})
}

// The band keys are stored in alert_volumes and given out by the API and the
// CSV, so they must stay what they are for every priority.
func TestBandKey(t *testing.T) {
	for p := 0; p <= 30; p++ {
		want := "low"
		switch {
		case p >= 15:
			want = "patients-at-risk"
		case p >= 8:
			want = "high"
		case p >= 4:
			want = "medium"
		}
		if got := monitor.BandKey(p); got != want {
			t.Errorf("BandKey(%d) = %q, want %q", p, got, want)
		}
	}
}

func TestDaily(t *testing.T) {
	to := time.Date(2026, 11, 30, 13, 0, 0, 0, time.UTC)
	vols := []monitor.Volume{
		{Day: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Band: "high", Alerts: 3, Matched: 1},
		{Day: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Band: "low", Alerts: 2},
		{Day: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), Band: "low", Alerts: 4, Matched: 4},
		{Day: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Band: "low", Alerts: 9}, // outside the days
	}
	days := monitor.Daily(vols, to, 3)
	var got []string
	for _, d := range days {
		got = append(got, fmt.Sprintf("%s:%d/%d/%d", d.Day.Format(time.DateOnly), d.Alerts, d.Matched, d.ByBand["high"]))
	}
	if want := "[2026-11-28:4/4/0 2026-11-29:0/0/0 2026-11-30:5/1/3]"; fmt.Sprint(got) != want {
		t.Errorf("daily = %v, want %s", got, want)
	}
}
