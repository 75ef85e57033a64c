package findings_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// osvRecord is an OSV record about lodash published on published, fixed in fixed ("" for
// no fixed version yet).
func osvRecord(id, alias, published, fixed string) []byte {
	events := `{"introduced": "0"}`
	if fixed != "" {
		events += fmt.Sprintf(`, {"fixed": %q}`, fixed)
	}
	return fmt.Appendf(nil, `{"schema_version": "1.6.0", "id": %q, "aliases": [%q], "modified": %q, "published": %q,
		"affected": [{"package": {"ecosystem": "npm", "name": "lodash"}, "ranges": [{"type": "SEMVER", "events": [%s]}]}]}`,
		id, alias, published, published, events)
}

// TestProductFixTimes: a vulnerability first published without a fix and fixed in a later
// advisory counts the days between; one fixed when published counts none; one still
// without a fix counts how long it has been public. Each figure keeps its advisories.
func TestProductFixTimes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		svc := findings.New(db, f.orgs, mapstore.New(db), func() time.Time { return now })
		for name, doc := range map[string][]byte{
			"nvd.json":     osvRecord("CVE-2025-0001", "GHSA-aaaa-0001", "2025-01-01T00:00:00Z", ""),
			"ghsa.json":    osvRecord("GHSA-aaaa-0001", "CVE-2025-0001", "2025-01-11T00:00:00Z", "4.17.21"),
			"at-once.json": osvRecord("GHSA-bbbb-0002", "CVE-2025-0002", "2025-06-01T00:00:00Z", "4.17.22"),
			"quick.json":   osvRecord("GHSA-dddd-0004", "CVE-2025-0004", "2025-07-01T00:00:00Z", ""),
			"quick-2.json": osvRecord("GHSA-eeee-0005", "CVE-2025-0004", "2025-07-05T00:00:00Z", "4.17.23"),
			"open.json":    osvRecord("GHSA-cccc-0003", "CVE-2025-0003", "2025-12-01T00:00:00Z", ""),
		} {
			if _, err := svc.Import(ctx, f.analyst, findings.Advisories, name, doc); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := svc.Products(ctx, f.analyst, []string{"pkg:npm/lodash"})
		if err != nil {
			t.Fatal(err)
		}
		got := ps[0].Fixes
		// Fixed after 10, 0 and 4 days: the middle value is 4.
		want := findings.FixTimes{Measured: 3, AtDisclosure: 1, MedianDays: 4, LongestDays: 10, Unfixed: 1, OldestUnfixedDays: 90}
		if got != want {
			t.Errorf("fix times %+v, want %+v", got, want)
		}
		for _, a := range ps[0].Advisories {
			if a.ID == "CVE-2025-0001" {
				if a.DaysToFix() != 10 || len(a.Evidence) != 2 || a.Evidence[0] != "CVE-2025-0001 (osv, published 2025-01-01)" ||
					a.Evidence[1] != "GHSA-aaaa-0001 (osv, published 2025-01-11, names a fixed version)" {
					t.Errorf("CVE-2025-0001: %d days, evidence %q", a.DaysToFix(), a.Evidence)
				}
			}
		}
	})
}

// TestProductSupportAndSBOMs: the electronic patient record runs meridian:care_record, so
// that product shows the record's end-of-support date from the care map and the quality
// of the SBOM uploaded for it; another organisation sees neither; the national centre
// sees both.
func TestProductSupportAndSBOMs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		doc := bom("4.17.20")
		attach(t, f, f.analyst, "epr", "epr.cdx.json", doc)
		inv, err := sbom.Read("epr.cdx.json", bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		wantQuality := inv.Quality()

		ps, err := f.svc.Products(ctx, f.analyst, []string{"meridian:care_record"})
		if err != nil {
			t.Fatal(err)
		}
		p := ps[0]
		if len(p.Support) != 1 || p.Support[0].Asset != "Electronic patient record" || p.Support[0].Ends.String() != "2029-03-31" {
			t.Errorf("support %+v", p.Support)
		}
		if len(p.SBOMs) != 1 || p.SBOMs[0].Document != "epr.cdx.json" || p.SBOMs[0].Quality != wantQuality {
			t.Errorf("SBOMs %+v, want one with %+v", p.SBOMs, wantQuality)
		}
		theirs, err := f.svc.Products(ctx, f.practice, []string{"meridian:care_record"})
		if err != nil || len(theirs[0].Support) != 0 || len(theirs[0].SBOMs) != 0 {
			t.Errorf("another organisation sees %+v %+v (%v)", theirs[0].Support, theirs[0].SBOMs, err)
		}
		national, err := f.svc.Products(ctx, f.central, []string{"meridian:care_record"})
		if err != nil || len(national[0].Support) != 1 || len(national[0].SBOMs) != 1 || national[0].SBOMs[0].Organisation != "Test "+"DEMO" {
			t.Errorf("the national centre sees %+v %+v (%v)", national[0].Support, national[0].SBOMs, err)
		}
	})
}

// TestProductAdviceFollowsAChangedMap: product advice keeps what each care map says by the
// map's digest; when the trust moves its record's end of support, the next comparison
// shows the new date.
func TestProductAdviceFollowsAChangedMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ends := func() string {
			t.Helper()
			ps, err := f.svc.Products(ctx, f.central, []string{"meridian:care_record"})
			if err != nil || len(ps[0].Support) != 1 {
				t.Fatalf("support %+v, %v", ps, err)
			}
			return ps[0].Support[0].Ends.String()
		}
		if got := ends(); got != "2029-03-31" {
			t.Fatalf("end of support %s, want the demo map's 2029-03-31", got)
		}
		maps := mapstore.New(db)
		st, err := maps.Current(ctx, vigil.SystemScope(f.analyst.Org(), "test", []vigil.Role{vigil.OrgAdmin}))
		if err != nil {
			t.Fatal(err)
		}
		m := *st.Map
		m.Assets = slices.Clone(m.Assets)
		for i := range m.Assets {
			if m.Assets[i].ID == "epr" {
				if m.Assets[i].EndOfSupport, err = caremap.ParseDate("2031-12-31"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := maps.Replace(ctx, vigil.SystemScope(f.analyst.Org(), "test", []vigil.Role{vigil.OrgAdmin}), &m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if got := ends(); got != "2031-12-31" {
			t.Errorf("end of support %s after the map changed, want 2031-12-31", got)
		}
	})
}
