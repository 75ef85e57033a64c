package whatif_test

import (
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// practiceMap is a GP practice that sends its bloods to the same pathology company as the
// demo trust, under its own id and with the name spelt in other case.
func practiceMap(t *testing.T) *caremap.Map {
	t.Helper()
	m, err := caremap.New(caremap.Contents{
		Organisation: caremap.Organisation{Code: "DEMOGP", Name: "Test DEMOGP", Type: "gp-practice"},
		Suppliers:    []caremap.Supplier{{ID: "pathco", Name: "CITYPATH  diagnostics LTD"}},
		Assets: []caremap.Asset{{ID: "results-link", Name: "Results link", Kind: caremap.KindCloudService,
			DependsOn: []caremap.Dependency{{Type: caremap.TypeSupplier, ID: "pathco", Need: caremap.Required}}}},
		Services: []caremap.Service{{ID: "bloods", Name: "Blood tests", Consequence: caremap.Considerable, PatientsPerDay: 40,
			Downtime:  caremap.DowntimeProcedure{Procedure: "Phone the lab for urgent results.", SafeFor: 2 * caremap.Day},
			DependsOn: []caremap.Dependency{{Type: caremap.TypeAsset, ID: "results-link", Need: caremap.Required}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func central(t *testing.T, db *store.DB) vigil.Scope {
	t.Helper()
	o, err := org.NewStore(db, auth.EndSessions).CreateOrganisation(context.Background(), org.Organisation{Code: "NCC", Name: "National centre", Type: org.NationalCentre})
	if err != nil {
		t.Fatal(err)
	}
	return vigil.PersonScope(o.Ref(), "", "test central analyst", "", []vigil.Role{vigil.CentralAnalyst})
}

func TestNationalOutageAcrossOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := central(t, db)
		if _, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.practice, practiceMap(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		q := whatif.Outage{Supplier: "CityPath Diagnostics Ltd", Duration: 14 * caremap.Day}
		ans, err := f.whatif.National(ctx, centre, q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Maps != 2 || len(ans.Organisations) != 2 {
			t.Fatalf("looked at %d maps, %d organisations affected; want 2 and 2", ans.Maps, len(ans.Organisations))
		}
		trust, gp := ans.Organisations[0], ans.Organisations[1]
		if trust.OrgID != f.trust.OrgID || gp.OrgID != f.practice.OrgID {
			t.Errorf("order %s, %s; want the trust (more harm) first", trust.Name, gp.Name)
		}
		if trust.Risk < gp.Risk || trust.Risk == 0 {
			t.Errorf("trust risk %d, practice risk %d", trust.Risk, gp.Risk)
		}
		// The practice: one service, 40 a day for 14 days, safe for 2 days of 14.
		if len(gp.Services) != 1 || gp.Services[0].ID != "bloods" || gp.Patients != 560 || gp.HarmBeforeEnd != 1 || gp.FirstHarm != 2*caremap.Day {
			t.Errorf("practice answer %+v", gp)
		}
		if gp.Named[0] != "CITYPATH  diagnostics LTD" {
			t.Errorf("named %v", gp.Named)
		}
		// The same answer as the organisation's own what-if for that supplier.
		own, err := impact.Analyse(demo(t), []impact.Event{{Target: "citypath", Mode: impact.ModeUnavailable, Duration: 14 * caremap.Day}})
		if err != nil {
			t.Fatal(err)
		}
		if len(own.Services) != len(trust.Services) || own.Services[0].ID != trust.Services[0].ID || own.Services[0].Risk != trust.Risk {
			t.Errorf("national answer for the trust differs from its own what-if: %d services vs %d", len(trust.Services), len(own.Services))
		}
		if ans.Services != len(trust.Services)+1 || ans.Patients != trust.Patients+560 {
			t.Errorf("totals %d services, %d patients", ans.Services, ans.Patients)
		}

		// A supplier only the trust names, by id.
		only, err := f.whatif.National(ctx, centre, whatif.Outage{Supplier: "meridian", Duration: caremap.Day})
		if err != nil {
			t.Fatal(err)
		}
		if len(only.Organisations) != 1 || only.Organisations[0].OrgID != f.trust.OrgID {
			t.Errorf("meridian: %d organisations", len(only.Organisations))
		}
		// A product, by vendor/product from the assets' CPEs.
		prod, err := f.whatif.National(ctx, centre, whatif.Outage{Product: "meridian/care_record", Duration: 8 * caremap.Hour})
		if err != nil {
			t.Fatal(err)
		}
		if len(prod.Organisations) != 1 || len(prod.Organisations[0].Services) == 0 {
			t.Fatalf("product answer %+v", prod)
		}
		none, err := f.whatif.National(ctx, centre, whatif.Outage{Supplier: "Nobody Ltd", Duration: caremap.Day})
		if err != nil || len(none.Organisations) != 0 || none.Maps != 2 {
			t.Errorf("unknown supplier: %+v, %v", none, err)
		}
	})
}

func TestNationalOutageFollowsUploadedMaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := central(t, db)
		q := whatif.Outage{Supplier: "citypath diagnostics ltd", Duration: 3 * caremap.Day}
		if _, err := f.maps.Replace(ctx, f.practice, practiceMap(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		before, err := f.whatif.National(ctx, centre, q)
		if err != nil || len(before.Organisations) != 1 {
			t.Fatalf("before: %+v, %v", before, err)
		}
		// Another node uploads a map for the practice without the supplier: the next
		// answer follows it, with no stale map kept.
		c := practiceMap(t).Contents.Clone()
		c.Suppliers[0].Name = "Another Lab Ltd"
		changed, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mapstore.New(db).Replace(ctx, f.practice, changed, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		after, err := f.whatif.National(ctx, centre, q)
		if err != nil || len(after.Organisations) != 0 {
			t.Errorf("after the upload: %d organisations, %v", len(after.Organisations), err)
		}
	})
}

func TestNationalOutageIsForTheCentreOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if _, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		q := whatif.Outage{Supplier: "citypath", Duration: caremap.Day}
		for _, sc := range []vigil.Scope{f.trust, f.analyst, f.practice} {
			if _, err := f.whatif.National(ctx, sc, q); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("%s asked a national question: %v", sc.Name, err)
			}
			if _, err := f.maps.Heads(ctx, sc); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("%s listed every care map: %v", sc.Name, err)
			}
		}
	})
}

func TestNationalOutageRefusesBadQuestions(t *testing.T) {
	db := storetest.SQLite(t)
	centre := central(t, db)
	f := newFixture(t, db)
	for name, q := range map[string]whatif.Outage{
		"nothing":  {Duration: caremap.Day},
		"both":     {Supplier: "a", Product: "b/c", Duration: caremap.Day},
		"no time":  {Supplier: "a"},
		"too long": {Supplier: "a", Duration: 400 * caremap.Day},
		"bad cpe":  {Product: "cpe:2.3:nonsense", Duration: caremap.Day},
	} {
		_, err := f.whatif.National(context.Background(), centre, q)
		if vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestNationalCSVDefusesFormulas: names in care maps are typed by other organisations, so
// a cell that a spreadsheet would run as a formula is written as text.
func TestNationalCSVDefusesFormulas(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	f := newFixture(t, db)
	c := practiceMap(t).Contents.Clone()
	c.Services[0].Name = `=HYPERLINK("http://example.invalid","Blood tests")`
	m, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.maps.Replace(ctx, f.practice, m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	ans, err := f.whatif.National(ctx, central(t, db), whatif.Outage{Supplier: "pathco", Duration: 3 * caremap.Day})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := whatif.WriteNationalCSV(&b, ans); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV %q (%v)", b.String(), err)
	}
	want := []string{"DEMOGP", "Test DEMOGP", `'=HYPERLINK("http://example.invalid","Blood tests")`, "lost", "considerable", "high", "3", "120",
		"Phone the lab for urgent results.", "2d", "2d", "pathco > results-link > bloods"}
	if !slices.Equal(rows[1], want) {
		t.Errorf("row\n got %q\nwant %q", rows[1], want)
	}
}
