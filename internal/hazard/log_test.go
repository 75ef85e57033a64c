package hazard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestCreateNumbersHazardsAndDefaultsTheOwnerToTheCSO(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		first := mustCreate(t, f, f.analyst, details("EPR ransomware"))
		second := mustCreate(t, f, f.analyst, details("Pathology link down"))
		if first.Code() != "H-001" || second.Code() != "H-002" {
			t.Errorf("codes %s, %s; want H-001, H-002", first.Code(), second.Code())
		}
		if first.Owner.Name != f.csoName || first.Owner.ID != f.cso.UserID {
			t.Errorf("owner %+v, want the CSO %s", first.Owner, f.csoName)
		}
		if first.Status != hazard.Open || first.Approved() {
			t.Errorf("a new hazard is %s, approved %v; want open and awaiting approval", first.Status, first.Approved())
		}
		got, err := f.log.Hazard(context.Background(), f.cso, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "EPR ransomware" || got.Initial.Risk() != 4 || len(got.Causes) != 2 || got.Links[0].ID != "epr" {
			t.Errorf("read back %+v", got)
		}
		// The practice numbers its own log from 1.
		other := mustCreate(t, f, f.practice, details("Practice system down"))
		if other.Code() != "H-001" {
			t.Errorf("the practice's first hazard is %s, want H-001", other.Code())
		}
	})
}

func TestCreateSaysWhatIsMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, err := f.log.Create(context.Background(), f.cso, hazard.Details{Residual: hazard.Assessment{Consequence: caremap.Major}})
		var e *vigil.Error
		if vigil.CodeOf(err) != vigil.Invalid || !asError(err, &e) {
			t.Fatalf("got %v, want invalid", err)
		}
		for _, field := range []string{"title", "description", "harm", "type", "initial_consequence", "initial_likelihood", "residual_likelihood"} {
			if e.Fields[field] == "" {
				t.Errorf("no problem reported for %s; got %v", field, e.Fields)
			}
		}
	})
}

func TestOnlyTheCSOApprovesOrCloses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		d := details("EPR ransomware")
		d.FurtherControls = []hazard.Control{{Kind: hazard.TestControl, Text: "Test restores monthly"}}
		d.Residual = hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Low}
		h := mustCreate(t, f, f.analyst, d)
		token := vigil.TokenScope(f.cso.Org(), "tok", "script", f.cso.UserID, vigil.Permissions)
		for name, sc := range map[string]vigil.Scope{"analyst": f.analyst, "admin who is not a CSO": f.admin, "nurse": f.nurse, "API token": token} {
			if _, err := f.log.Approve(ctx, sc, h.ID, h.Version); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("%s approving: got %v, want forbidden", name, err)
			}
			if _, err := f.log.SetStatus(ctx, sc, h.ID, h.Version, hazard.Closed, ""); vigil.CodeOf(err) != vigil.Forbidden {
				t.Errorf("%s closing: got %v, want forbidden", name, err)
			}
		}
		approved, err := f.log.Approve(ctx, f.cso, h.ID, h.Version)
		if err != nil {
			t.Fatal(err)
		}
		if !approved.Approved() || approved.Approval.By != f.csoName {
			t.Fatalf("approval %+v", approved.Approval)
		}
		closed, err := f.log.SetStatus(ctx, f.cso, h.ID, approved.Version, hazard.Closed, "Controls in place and tested")
		if err != nil {
			t.Fatal(err)
		}
		if closed.Status != hazard.Closed {
			t.Errorf("status %s", closed.Status)
		}
		// Anyone who keeps the log may reopen: that only makes it safer.
		if _, err := f.log.SetStatus(ctx, f.analyst, h.ID, closed.Version, hazard.Open, ""); err != nil {
			t.Errorf("analyst reopening: %v", err)
		}
	})
}

func TestApprovalNeedsAResidualRiskAndLapsesWhenTheAssessmentChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		h := mustCreate(t, f, f.cso, details("EPR ransomware"))
		_, err := f.log.Approve(ctx, f.cso, h.ID, h.Version)
		wantCode(t, err, vigil.Invalid)
		_, err = f.log.SetStatus(ctx, f.cso, h.ID, h.Version, hazard.Closed, "")
		wantCode(t, err, vigil.Invalid)

		d := h.Details
		d.Residual = hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Low}
		h, err = f.log.Update(ctx, f.analyst, h.ID, h.Version, d)
		if err != nil {
			t.Fatal(err)
		}
		if h, err = f.log.Approve(ctx, f.cso, h.ID, h.Version); err != nil || !h.Approved() {
			t.Fatalf("approve: %v", err)
		}
		// A change of wording keeps the approval; a change of risk loses it.
		d = h.Details
		d.Description = "Reworded."
		if h, err = f.log.Update(ctx, f.analyst, h.ID, h.Version, d); err != nil || !h.Approved() {
			t.Fatalf("after rewording: approved %v, err %v; want still approved", h.Approved(), err)
		}
		d.Residual.Likelihood = caremap.Medium
		if h, err = f.log.Update(ctx, f.analyst, h.ID, h.Version, d); err != nil || h.Approved() {
			t.Fatalf("after changing the residual risk: approved %v, err %v; want awaiting approval", h.Approved(), err)
		}
	})
}

func TestTransferNeedsANoteAndStaleVersionsConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		h := mustCreate(t, f, f.analyst, details("Supplier outage"))
		_, err := f.log.SetStatus(ctx, f.analyst, h.ID, h.Version, hazard.Transferred, " ")
		wantCode(t, err, vigil.Invalid)
		moved, err := f.log.SetStatus(ctx, f.analyst, h.ID, h.Version, hazard.Transferred, "Held by CityPath under their DCB0129 log")
		if err != nil || moved.Status != hazard.Transferred {
			t.Fatalf("transfer: %v %v", moved.Status, err)
		}
		_, err = f.log.Update(ctx, f.analyst, h.ID, h.Version, details("Edited from an old page"))
		wantCode(t, err, vigil.Conflict)
	})
}

func TestEveryChangeIsInTheHistoryAndTheAuditTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		h := mustCreate(t, f, f.analyst, details("EPR ransomware"))
		d := h.Details
		d.Title = "EPR encrypted by ransomware"
		d.Residual = hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Low}
		h, _ = f.log.Update(ctx, f.analyst, h.ID, h.Version, d)
		h, _ = f.log.Approve(ctx, f.cso, h.ID, h.Version)
		if _, err := f.log.Review(ctx, f.cso, h.ID, h.Version, time.Now().AddDate(0, 6, 0), "Checked with IT"); err != nil {
			t.Fatal(err)
		}
		history, err := f.log.History(ctx, f.cso, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		var summaries []string
		for _, c := range history {
			summaries = append(summaries, c.By+": "+c.Summary)
		}
		want := []string{
			"Aisha Begum: Recorded H-001 EPR ransomware",
			"Aisha Begum: Changed the title and the residual risk",
			"Martin Ellis: Approved the risk assessment (initial risk 4, residual risk 3)",
			"Martin Ellis: Reviewed: Checked with IT",
		}
		if strings.Join(summaries, "\n") != strings.Join(want, "\n") {
			t.Errorf("history:\n%s\nwant:\n%s", strings.Join(summaries, "\n"), strings.Join(want, "\n"))
		}
		title := history[1].Fields[0]
		if title.Field != "Title" || title.Before != "EPR ransomware" || title.After != "EPR encrypted by ransomware" {
			t.Errorf("title change %+v", title)
		}
		events, err := audit.NewStore(db).List(ctx, f.admin, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events {
			if e.EntityType == "hazard" && e.EntityID == h.ID {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d audit events for the hazard, want 4", n)
		}
	})
}

func TestReviewsDueListsOnlyOpenHazardsPastTheirDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		due := details("Overdue")
		due.ReviewBy = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		later := details("Not yet")
		later.ReviewBy = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		closed := details("Overdue but closed")
		closed.ReviewBy = due.ReviewBy
		closed.Residual = hazard.Assessment{Consequence: caremap.Minor, Likelihood: caremap.Low}
		mustCreate(t, f, f.cso, due)
		mustCreate(t, f, f.cso, later)
		mustCreate(t, f, f.cso, details("No date"))
		c := mustCreate(t, f, f.cso, closed)
		if _, err := f.log.SetStatus(ctx, f.cso, c.ID, c.Version, hazard.Closed, ""); err != nil {
			t.Fatal(err)
		}
		got, err := f.log.ReviewsDue(ctx, f.cso, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Title != "Overdue" {
			t.Errorf("reviews due %v, want only Overdue", titles(got))
		}
	})
}

func TestHazardLogTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		h := mustCreate(t, f, f.cso, details("Trust hazard"))
		_, err := f.log.Hazard(ctx, f.practice, h.ID)
		wantCode(t, err, vigil.NotFound)
		_, err = f.log.History(ctx, f.practice, h.ID)
		wantCode(t, err, vigil.NotFound)
		_, err = f.log.Update(ctx, f.practice, h.ID, 0, details("Taken over"))
		wantCode(t, err, vigil.NotFound)
		_, err = f.log.Approve(ctx, f.practice, h.ID, 0)
		wantCode(t, err, vigil.NotFound)
		_, err = f.log.SetStatus(ctx, f.practice, h.ID, 0, hazard.Transferred, "mine now")
		wantCode(t, err, vigil.NotFound)
		list, err := f.log.Hazards(ctx, f.practice)
		if err != nil || len(list) != 0 {
			t.Errorf("the practice sees %v (%v), want none", titles(list), err)
		}
		// An owner from another organisation cannot be named.
		d := details("Owned elsewhere")
		d.Owner = hazard.Person{ID: f.cso.UserID}
		_, err = f.log.Create(ctx, f.practice, d)
		wantCode(t, err, vigil.Invalid)
	})
}

func TestStaffCannotReadTheLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, err := f.log.Hazards(context.Background(), f.nurse)
		wantCode(t, err, vigil.Forbidden)
		_, err = f.log.Create(context.Background(), f.nurse, details("x"))
		wantCode(t, err, vigil.Forbidden)
	})
}

func titles(hs []hazard.Hazard) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Title
	}
	return out
}
