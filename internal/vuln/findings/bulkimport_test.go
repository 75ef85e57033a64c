package findings_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/synth"
)

// readSynth reads a generated corpus of OSV records, as o asks for (how many, from
// which seed, naming which real packages).
func readSynth(t testing.TB, o synth.Options) []advisory.Advisory {
	t.Helper()
	var zip bytes.Buffer
	if _, err := synth.WriteOSVZip(&zip, o); err != nil {
		t.Fatal(err)
	}
	var as []advisory.Advisory
	_, err := advisory.ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(zip.Bytes()), int64(zip.Len()), advisory.ReadOptions{},
		func(a advisory.Advisory) error { as = append(as, a); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// TestBulkImport imports a corpus larger than one batch of writes, again (nothing
// changes), and then with some records changed, withdrawn and repeated: the counts and
// the rows kept are those a record-by-record import would give.
func TestBulkImport(t *testing.T) {
	const n = 2_600 // more than one lookup chunk and one PostgreSQL statement
	as := readSynth(t, synth.Options{Records: n, Seed: 7})
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		count := func() (rows, withdrawn int) {
			t.Helper()
			if err := db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN withdrawn THEN 1 ELSE 0 END), 0) FROM vuln_advisories WHERE org_id = $1`,
				f.practice.OrgID).Scan(&rows, &withdrawn); err != nil {
				t.Fatal(err)
			}
			return rows, withdrawn
		}
		first, err := f.svc.ImportAdvisories(ctx, f.practice, "all.zip", as, nil)
		if err != nil {
			t.Fatal(err)
		}
		rows, withdrawnRows := count()
		if first.New != n || rows != n || first.Withdrawn != withdrawnRows || withdrawnRows == 0 {
			t.Fatalf("first import %+v: %d rows, %d withdrawn; want %d new", first, rows, withdrawnRows, n)
		}
		again, err := f.svc.ImportAdvisories(ctx, f.practice, "all.zip", as, nil)
		if err != nil || again.Unchanged != n || again.New+again.Updated+again.Withdrawn != 0 {
			t.Fatalf("import again %+v, %v; want all %d unchanged", again, err, n)
		}

		// Changes: record 10 gets a newer version; record 20 is withdrawn; record 30 comes
		// twice, newer then older, and record 40 older then newer — the newest stays.
		later := func(i int, summary string) advisory.Advisory {
			a := as[i]
			a.Modified = a.Modified.Add(time.Hour)
			a.Summary = summary
			return a
		}
		gone := as[20]
		if gone.IsWithdrawn() {
			t.Fatal("the corpus's record 20 is already withdrawn; pick another")
		}
		gone.Modified = gone.Modified.Add(time.Hour)
		gone.Withdrawn = gone.Modified
		changed := []advisory.Advisory{later(10, "changed"), gone, later(30, "newest"), as[30], as[40], later(40, "newest")}
		res, err := f.svc.ImportAdvisories(ctx, f.practice, "changes.json", changed, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Updated != 4 || res.Unchanged != 2 || res.Withdrawn != 1 || res.New != 0 {
			t.Errorf("changes %+v, want 4 updated (10, 20, 30, 40), 2 unchanged, 1 withdrawn", res)
		}
		for _, want := range []struct {
			id, summary string
		}{{as[10].ID, "changed"}, {as[30].ID, "newest"}, {as[40].ID, "newest"}} {
			var summary string
			if err := db.QueryRow(ctx, `SELECT summary FROM vuln_advisories WHERE org_id = $1 AND advisory_id = $2`, f.practice.OrgID, want.id).Scan(&summary); err != nil {
				t.Fatal(err)
			}
			if summary != want.summary {
				t.Errorf("%s kept %q, want %q", want.id, summary, want.summary)
			}
		}
		if rows, w := count(); rows != n || w != withdrawnRows+1 {
			t.Errorf("%d rows, %d withdrawn after the changes; want %d and %d", rows, w, n, withdrawnRows+1)
		}
		// Another organisation's copy of the same records is its own.
		other, err := f.svc.ImportAdvisories(ctx, f.analyst, "all.zip", as[:100], nil)
		if err != nil || other.New != 100 {
			t.Errorf("another organisation's import %+v, %v; want 100 new", other, err)
		}
	})
}
