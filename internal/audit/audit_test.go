package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func reader(orgID string, roles ...vigil.Role) vigil.Scope {
	return vigil.PersonScope(vigil.Org{ID: orgID, Code: orgID}, "u-"+orgID, "Reader", "", roles)
}

func record(t *testing.T, db *store.DB, orgID, summary string) {
	t.Helper()
	err := audit.Record(context.Background(), db, vigil.SystemActor(orgID), audit.Change{Action: "update", EntityType: "thing", EntityID: "t1", Summary: summary,
		Before: map[string]int{"n": 1}, After: map[string]int{"n": 2}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTheTrailIsReadPerOrganisationNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		trail := audit.NewStore(db)
		for i := range 5 {
			record(t, db, "org-a", fmt.Sprintf("change %d", i))
		}
		record(t, db, "org-b", "someone else's change")
		a := reader("org-a", vigil.OrgAdmin)
		page, err := trail.List(ctx, a, "", 3)
		if err != nil || len(page) != 3 || page[0].Summary != "change 4" || page[0].Before != `{"n":1}` || page[0].Actor != "Vigil" {
			t.Fatalf("first page: %+v, %v", page, err)
		}
		rest, err := trail.List(ctx, a, page[2].ID, 10)
		if err != nil || len(rest) != 2 || rest[1].Summary != "change 0" {
			t.Fatalf("second page: %+v, %v", rest, err)
		}
		if _, err := trail.List(ctx, reader("org-a", vigil.Staff), "", 10); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("staff read the audit trail: %v", err)
		}
		for _, e := range append(page, rest...) {
			if e.OrgID != "org-a" {
				t.Errorf("org-a's trail holds %+v", e)
			}
		}
	})
}

func TestTheTrailCannotBeRewritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, "org-a", "what happened")
		if _, err := db.Exec(ctx, `UPDATE audit_events SET summary = 'nothing happened'`); err == nil {
			t.Error("an audit event was changed")
		}
		if _, err := db.Exec(ctx, `DELETE FROM audit_events`); err == nil {
			t.Error("an audit event was deleted")
		}
	})
}

func TestCSVExportDefusesFormulas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		record(t, db, "org-a", "=HYPERLINK(\"http://evil.example\",\"click\")")
		var buf bytes.Buffer
		if err := audit.NewStore(db).WriteCSV(context.Background(), reader("org-a", vigil.OrgAdmin), &buf); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("CSV: %v, %v", rows, err)
		}
		if got := rows[1][7]; got[0] != '\'' {
			t.Errorf("summary cell %q would run as a formula", got)
		}
	})
}
