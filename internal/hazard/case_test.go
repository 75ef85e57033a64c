package hazard_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/hazard/casepdf"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func codes(hs []hazard.CaseHazard) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Code
	}
	return out
}

// TestSafetyCaseFollowsTheData adds a hazard and closes another, and checks
// the report moves with them: the new one appears among the open hazards,
// the closed one moves to the closed list, and the diff between issued
// versions says both.
func TestSafetyCaseFollowsTheData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cases := hazard.NewCases(db, f.maps, f.ranks, f.log)
		d := details("EPR ransomware")
		d.FurtherControls = []hazard.Control{{Kind: hazard.TestControl, Text: "Test EPR restores every month"}}
		d.Residual = hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Low}
		first := mustCreate(t, f, f.cso, d)

		v1, err := cases.Issue(ctx, f.cso, hazard.DefaultDeclaration)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || !slices.Equal(codes(v1.Report.Hazards), []string{"H-001"}) || len(v1.Report.Closed) != 0 {
			t.Fatalf("version 1: %d, open %v, closed %v", v1.Number, codes(v1.Report.Hazards), codes(v1.Report.Closed))
		}
		if len(v1.Report.Outstanding) != 1 || v1.Report.Acceptable {
			t.Errorf("version 1: outstanding %v, acceptable %v; want one action and not acceptable (unapproved)", v1.Report.Outstanding, v1.Report.Acceptable)
		}

		mustCreate(t, f, f.analyst, details("Pathology link down"))
		h, err := f.log.Approve(ctx, f.cso, first.ID, first.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.log.SetStatus(ctx, f.cso, h.ID, h.Version, hazard.Closed, "Restores tested"); err != nil {
			t.Fatal(err)
		}
		draft, err := cases.Draft(ctx, f.cso, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(codes(draft.Hazards), []string{"H-002"}) || !slices.Equal(codes(draft.Closed), []string{"H-001"}) {
			t.Errorf("draft: open %v, closed %v; want H-002 open and H-001 closed", codes(draft.Hazards), codes(draft.Closed))
		}
		if draft.Declaration != nil {
			t.Error("a draft has a declaration")
		}

		if _, err := cases.Issue(ctx, f.cso, "Reviewed at the March safety group."); err != nil {
			t.Fatal(err)
		}
		v2, prev, err := cases.Version(ctx, f.analyst, 2)
		if err != nil || prev == nil || prev.Number != 1 {
			t.Fatalf("version 2 with its previous: %v, %v", prev, err)
		}
		changes := strings.Join(hazard.Changes(prev.Report, v2.Report), "\n")
		for _, want := range []string{"H-001 EPR ransomware: closed, was open.", "H-002 Pathology link down added (open, risk 4).",
			"H-001 risk assessment approved.", "No longer outstanding, H-001: Test EPR restores every month"} {
			if !strings.Contains(changes, want) {
				t.Errorf("changes do not say %q:\n%s", want, changes)
			}
		}
		if v2.Report.Declaration == nil || v2.Report.Declaration.By != f.csoName || v2.Report.Declaration.Text != "Reviewed at the March safety group." {
			t.Errorf("declaration %+v", v2.Report.Declaration)
		}
	})
}

func TestOnlyTheCSOIssuesTheSafetyCaseAndVersionsAreTheirOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cases := hazard.NewCases(db, f.maps, f.ranks, f.log)
		for _, sc := range []vigil.Scope{f.analyst, f.admin, f.nurse} {
			_, err := cases.Issue(ctx, sc, hazard.DefaultDeclaration)
			wantCode(t, err, vigil.Forbidden)
		}
		_, err := cases.Issue(ctx, f.cso, " ")
		wantCode(t, err, vigil.Invalid)
		if _, err := cases.Issue(ctx, f.cso, hazard.DefaultDeclaration); err != nil {
			t.Fatal(err)
		}
		_, _, err = cases.Version(ctx, f.practice, 1)
		wantCode(t, err, vigil.NotFound)
		if vs, err := cases.Versions(ctx, f.practice); err != nil || len(vs) != 0 {
			t.Errorf("the practice sees %d versions (%v)", len(vs), err)
		}
	})
}

// TestSafetyCasePDFReadsBack prints the report and reads the PDF's text
// back, as a reader or a search tool would.
func TestSafetyCasePDFReadsBack(t *testing.T) {
	db := storetest.SQLite(t)
	f := newFixture(t, db)
	ctx := context.Background()
	cases := hazard.NewCases(db, f.maps, f.ranks, f.log)
	d := details("EPR encrypted by ransomware")
	d.FurtherControls = []hazard.Control{{Kind: hazard.ProcessControl, Text: "Rehearse the ED downtime procedure quarterly"}}
	mustCreate(t, f, f.cso, d)
	v, err := cases.Issue(ctx, f.cso, hazard.DefaultDeclaration)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := casepdf.Write(&buf, v.Report, v.Number); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{
		"Clinical Safety Case Report",
		"Test " + f.cso.OrgCode,
		"Version 1",
		"H-001 EPR encrypted by ransomware",
		"Initial risk 4, residual risk not assessed",
		"Rehearse the ED downtime procedure quarterly",
		"Risk 4 or 5: unacceptable",
		"Electronic patient record",
		"Martin Ellis, Clinical Safety Officer",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text does not contain %q", want)
		}
	}
	if t.Failed() {
		t.Logf("text read back:\n%s", text)
	}
}

// pdfText extracts a PDF's text, with runs of white space made single.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	plain, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(plain)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// An urgent finding or a confirmed incident that the hazard log suggests is
// an outstanding action of the safety case until the CSO accepts or
// dismisses it; once accepted, the hazard counts as linked to it.
func TestSafetyCaseListsUndecidedFindingsAndIncidents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		findings := fakeFindings{{ID: "f1", Title: "CVE-2024-3400 in the perimeter firewall", Decision: "Immediate", AssetIDs: []string{"firewall"}, Path: "/findings/f1"}}
		incidents := fakeIncidents{{ID: "i1", Title: "Ransomware on ward PCs", AssetIDs: []string{"workstations"}, Path: "/incidents/i1"}}
		f.log = hazard.NewLog(db, f.orgs, hazard.FindingSuggester(findings, f.maps, f.ranks), hazard.IncidentSuggester(incidents, f.maps, f.ranks))
		cases := hazard.NewCases(db, f.maps, f.ranks, f.log)

		actions := func(r hazard.CaseReport) string {
			var b strings.Builder
			for _, a := range r.Outstanding {
				b.WriteString(a.Hazard + " (" + a.Kind + "): " + a.Text + "\n")
			}
			return b.String()
		}
		r, err := cases.Draft(ctx, f.cso, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		got := actions(r)
		if !strings.Contains(got, "(Vulnerability finding): CVE-2024-3400 in the perimeter firewall needs action now") ||
			!strings.Contains(got, "(Confirmed incident): ") || !strings.Contains(got, "Ransomware on ward PCs") {
			t.Errorf("outstanding actions:\n%s", got)
		}
		if !slices.Contains(r.Evidence, "0 hazards are linked to vulnerability findings; 1 urgent findings (Immediate or Out-of-cycle) await a decision on their suggested hazard.") {
			t.Errorf("evidence: %q", r.Evidence)
		}

		sg, err := f.log.Suggestion(ctx, f.cso, "finding/f1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.log.Accept(ctx, f.cso, sg.Key, sg.Draft); err != nil {
			t.Fatal(err)
		}
		if err := f.log.Dismiss(ctx, f.cso, "incident/i1", "Ransomware on ward PCs", "Recorded under the EPR hazard already"); err != nil {
			t.Fatal(err)
		}
		r, err = cases.Draft(ctx, f.cso, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := actions(r); strings.Contains(got, "Vulnerability finding") || strings.Contains(got, "Confirmed incident") {
			t.Errorf("decided suggestions are still outstanding:\n%s", got)
		}
		if !slices.Contains(r.Evidence, "1 hazards are linked to vulnerability findings; 0 urgent findings (Immediate or Out-of-cycle) await a decision on their suggested hazard.") {
			t.Errorf("evidence after accepting: %q", r.Evidence)
		}
	})
}
