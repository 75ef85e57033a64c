package report_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// gophishResults is the shape of GoPhish's "Export CSV: Results".
const gophishResults = `id,status,ip,latitude,longitude,send_date,reported,modified_date,email,first_name,last_name,position
a1,Clicked Link,198.51.100.4,0,0,2026-10-06T08:00:00Z,false,2026-10-06T08:03:00Z,jane.smith@nhs.net,Jane,Smith,Nurse
a2,Submitted Data,198.51.100.5,0,0,2026-10-06T08:00:00Z,true,2026-10-06T08:09:00Z,amir.khan@nhs.net,Amir,Khan,Doctor
a3,Email Opened,,0,0,2026-10-06T08:00:00Z,true,2026-10-06T08:12:00Z,grace.okafor@nhs.net,Grace,Okafor,Nurse
a4,Email Sent,,0,0,2026-10-06T08:00:00Z,false,2026-10-06T08:00:00Z,tom.hughes@nhs.net,Tom,Hughes,IT
a5,Email Opened,,0,0,2026-10-06T08:00:00Z,TRUE,2026-10-06T08:00:00Z,Mei.Chen@nhs.net,Mei,Chen,Lab
`

func TestReadSimulationCSV(t *testing.T) {
	sim, err := report.ReadSimulationCSV(strings.NewReader("\ufeff" + gophishResults))
	if err != nil {
		t.Fatal(err)
	}
	if sim.Recipients != 5 || sim.Clicked != 2 || sim.Reported != 3 {
		t.Errorf("GoPhish results: %+v", sim)
	}
	if r, ok := sim.ReportersPerClicker(); !ok || r != 1.5 {
		t.Errorf("reporters per clicker %v %v, want 1.5", r, ok)
	}
	simple := "Email,Clicked,Reported\nA@x.example,yes,no\na@x.example,no,yes\nb@x.example,0,0\n"
	sim, err = report.ReadSimulationCSV(strings.NewReader(simple))
	if err != nil || sim.Recipients != 2 || sim.Clicked != 1 || sim.Reported != 1 {
		t.Errorf("simple results, repeats counted once: %+v %v", sim, err)
	}
	if _, ok := (report.Simulation{Reported: 4}).ReportersPerClicker(); ok {
		t.Error("a ratio with nobody clicking")
	}

	bad := map[string]string{
		"empty":           "",
		"no email column": "name,clicked\nJane,yes\n",
		"not an address":  "email,clicked\njane,yes\nok@x.example,maybe\n",
		"broken quoting":  "email,clicked\n\"a@x.example,yes\n",
		"nobody":          "email,clicked\n",
	}
	for name, in := range bad {
		_, err := report.ReadSimulationCSV(strings.NewReader(in))
		var ve *vigil.Error
		if !errors.As(err, &ve) || ve.Code != vigil.Invalid || len(ve.Fields) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = report.ReadSimulationCSV(strings.NewReader(bad["not an address"]))
	if fields := err.(*vigil.Error).Fields; fields["line 2"] == "" || fields["line 3"] == "" {
		t.Errorf("problems not placed by line: %v", fields)
	}
}

func TestImportedSimulationsFeedTheMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		if _, err := w.triage.ImportSimulation(ctx, w.nurse, "October", strings.NewReader(gophishResults)); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff imported simulation results: %v", err)
		}
		sim, err := w.triage.ImportSimulation(ctx, w.analyst, "October wellbeing voucher", strings.NewReader(gophishResults))
		if err != nil {
			t.Fatal(err)
		}
		m, err := w.triage.Metrics(ctx, w.analyst, 12, store.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Simulations) != 1 || m.Simulations[0].ID != sim.ID || !m.HasClickers || m.ReportersPerClicker != 1.5 {
			t.Errorf("metrics simulations: %+v ratio %v", m.Simulations, m.ReportersPerClicker)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE entity_type = 'simulation'`); n != 1 {
			t.Errorf("%d audit events for the import", n)
		}
	})
}

// FuzzReadSimulationCSV: a results file comes from another tool, or from anyone with a spreadsheet.
func FuzzReadSimulationCSV(f *testing.F) {
	f.Add(gophishResults)
	f.Add("email,clicked,reported\na@b,yes,no\n")
	f.Add("email,status\n\"a@b\",Clicked Link\n\"unterminated")
	f.Fuzz(func(t *testing.T, in string) {
		sim, err := report.ReadSimulationCSV(strings.NewReader(in))
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("not an Invalid error: %v", err)
			}
			return
		}
		if sim.Recipients < 1 || sim.Clicked > sim.Recipients || sim.Reported > sim.Recipients {
			t.Fatalf("impossible counts: %+v", sim)
		}
	})
}
