package mapstore_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func centreScope(t *testing.T, db *store.DB) vigil.Scope {
	t.Helper()
	o, err := org.NewStore(db, auth.EndSessions).CreateOrganisation(context.Background(),
		org.Organisation{Code: "NCC", Name: "National centre", Type: org.NationalCentre})
	if err != nil {
		t.Fatal(err)
	}
	return vigil.PersonScope(o.Ref(), "", "test central analyst", "", []vigil.Role{vigil.CentralAnalyst})
}

// outlineRow is the stored outline's digest and format, or "" when there is none.
func outlineRow(t *testing.T, db *store.DB, orgID string) (digest string, format int) {
	t.Helper()
	rows, err := db.Query(context.Background(), `SELECT digest, format FROM care_map_outlines WHERE org_id = $1`, orgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&digest, &format); err != nil {
			t.Fatal(err)
		}
	}
	return digest, format
}

// TestReplaceStoresTheOutline: every stored map has its outline beside it, at its
// digest, and the national centre reads the map from it.
func TestReplaceStoresTheOutline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := centreScope(t, db)
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if d, format := outlineRow(t, db, f.trust.OrgID); d != m.Version() || format != caremap.OutlineFormat {
			t.Fatalf("outline row at %q format %d, want %q format %d", d, format, m.Version(), caremap.OutlineFormat)
		}
		c := m.Contents.Clone()
		c.Services[0].Name = "Renamed service"
		changed, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.trust, changed, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if d, _ := outlineRow(t, db, f.trust.OrgID); d != changed.Version() {
			t.Fatalf("after a change the outline is at %q, want the new map's %q", d, changed.Version())
		}
		heads, err := f.maps.Heads(ctx, centre)
		if err != nil || len(heads) != 1 {
			t.Fatalf("heads %v, %v", heads, err)
		}
		got, err := f.maps.Load(ctx, centre, heads[0])
		if err != nil {
			t.Fatal(err)
		}
		if got.Version() != changed.Version() || got.Services[0].Name != "Renamed service" {
			t.Errorf("read map %q with first service %q, want the changed map", got.Version(), got.Services[0].Name)
		}
		if _, err := got.JSON(); err == nil {
			t.Errorf("the map was read from its document, not from its outline")
		}
		if _, err := f.maps.Load(ctx, f.trust, heads[0]); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("an organisation's admin read a map as the national centre: %v", err)
		}
	})
}

// TestFillOutlinesUpgradesOlderMaps: maps stored before outlines (or with an older
// format) are still answered from their documents, and FillOutlines makes their
// outlines once.
func TestFillOutlinesUpgradesOlderMaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := centreScope(t, db)
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		c := m.Contents.Clone()
		c.Organisation.Code = "DEMOGP"
		gp, err := caremap.New(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Replace(ctx, f.practice, gp, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		// As before this version: one map without an outline, one with an old format.
		if _, err := db.Exec(ctx, `DELETE FROM care_map_outlines WHERE org_id = $1`, f.trust.OrgID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE care_map_outlines SET format = 0 WHERE org_id = $1`, f.practice.OrgID); err != nil {
			t.Fatal(err)
		}
		heads, err := f.maps.Heads(ctx, centre)
		if err != nil || len(heads) != 2 {
			t.Fatalf("heads %v, %v", heads, err)
		}
		for _, h := range heads {
			got, err := f.maps.Load(ctx, centre, h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := got.JSON(); err != nil || got.Version() != h.Digest {
				t.Errorf("a map without a current outline was not read whole from its document: %v", err)
			}
		}
		n, err := f.maps.FillOutlines(ctx)
		if err != nil || n != 2 {
			t.Fatalf("FillOutlines wrote %d, %v; want 2", n, err)
		}
		for _, h := range heads {
			if d, format := outlineRow(t, db, h.OrgID); d != h.Digest || format != caremap.OutlineFormat {
				t.Errorf("after filling, outline of %s at %q format %d", h.OrgID, d, format)
			}
			got, err := f.maps.Load(ctx, centre, h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := got.JSON(); err == nil {
				t.Errorf("after filling, the map of %s was still read from its document", h.OrgID)
			}
		}
		if n, err := f.maps.FillOutlines(ctx); err != nil || n != 0 {
			t.Errorf("a second FillOutlines wrote %d, %v; want 0", n, err)
		}
	})
}

// TestLoadMendsADamagedOutline: an outline at the current digest and format that does
// not load is answered from the document and written again, so that the next read (and
// the next restart) is fast once more; FillOutlines would never pick it up.
func TestLoadMendsADamagedOutline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre := centreScope(t, db)
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE care_map_outlines SET outline = $1 WHERE org_id = $2`,
			[]byte("not an outline"), f.trust.OrgID); err != nil {
			t.Fatal(err)
		}
		heads, err := f.maps.Heads(ctx, centre)
		if err != nil || len(heads) != 1 {
			t.Fatalf("heads %v, %v", heads, err)
		}
		got, err := f.maps.Load(ctx, centre, heads[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := got.JSON(); err != nil || got.Version() != m.Version() {
			t.Errorf("a map with a damaged outline was not read whole from its document: %v", err)
		}
		if d, format := outlineRow(t, db, f.trust.OrgID); d != m.Version() || format != caremap.OutlineFormat {
			t.Fatalf("outline row at %q format %d, want %q format %d", d, format, m.Version(), caremap.OutlineFormat)
		}
		again, err := f.maps.Load(ctx, centre, heads[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := again.JSON(); err == nil || again.Version() != m.Version() {
			t.Errorf("the damaged outline was not written again: the map was still read from its document")
		}
	})
}
