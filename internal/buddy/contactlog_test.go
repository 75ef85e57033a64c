package buddy_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func today() time.Time {
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

func day(d time.Time) string { return d.Format("2006-01-02") }

// A buddy logs contacts with their own teams only, sees their own log, and
// the org admin sees everyone's with totals; every entry is audited.
func TestBuddiesLogTheirContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if err := f.buddies.Assign(ctx, f.admin, f.ward.ID, f.tom.UserID, "4471"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.buddies.Log(ctx, f.nurse, buddy.NewContact{TeamID: f.ward.ID, Kind: "visit", Day: day(today()), Minutes: "20"}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse logged a contact: %v", err)
		}
		_, err := f.buddies.Log(ctx, f.tom, buddy.NewContact{TeamID: f.ed.ID, Kind: "chat", Day: day(today().AddDate(0, 0, 2)), Minutes: "0",
			Note: strings.Repeat("x", buddy.MaxNoteChars+1)})
		fs := fields(err)
		for _, k := range []string{"team", "kind", "day", "minutes", "note"} {
			if fs[k] == "" {
				t.Errorf("no problem given for %s: %v", k, fs)
			}
		}
		for i, c := range []buddy.NewContact{
			{TeamID: f.ward.ID, Kind: "visit", Day: day(today().AddDate(0, 0, -2)), Minutes: "30", Note: "Walked the ward round with the charge nurse"},
			{TeamID: f.ward.ID, Kind: "question-answered", Day: day(today()), Minutes: "5"},
			{TeamID: f.ward.ID, Kind: "training-session", Day: day(today().AddDate(0, -6, 0)), Minutes: "45"},
		} {
			if _, err := f.buddies.Log(ctx, f.tom, c); err != nil {
				t.Fatalf("contact %d: %v", i, err)
			}
		}
		mine, err := f.buddies.MyLog(ctx, f.tom)
		if err != nil || len(mine) != 3 || mine[0].Kind != buddy.QuestionAnswered || mine[1].Note != "Walked the ward round with the charge nurse" || mine[0].TeamName != "Ward 7" {
			t.Errorf("Tom's log: %+v, %v", mine, err)
		}
		if _, err := f.buddies.ContactReport(ctx, f.tom, buddy.Period{From: today().AddDate(0, -1, 0), To: today()}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a buddy read everyone's log: %v", err)
		}
		r, err := f.buddies.ContactReport(ctx, f.admin, buddy.Period{From: today().AddDate(0, -1, 0), To: today()})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Contacts) != 2 || r.All != (buddy.Total{Contacts: 2, Minutes: 35}) || len(r.ByBuddy) != 1 || r.ByBuddy[0].Name != "Tom Hughes" ||
			len(r.ByTeam) != 1 || r.ByTeam[0] != (buddy.Total{ID: f.ward.ID, Name: "Ward 7", Contacts: 2, Minutes: 35}) {
			t.Errorf("the report over a month: %+v", r)
		}
		var audited int
		_ = db.QueryRow(ctx, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'buddy_contact'`, f.admin.OrgID).Scan(&audited)
		if audited != 3 {
			t.Errorf("%d audit records, want 3", audited)
		}

		// The practice sees none of it.
		pr, err := f.buddies.ContactReport(ctx, f.practice, buddy.Period{From: today().AddDate(-1, 0, 0), To: today()})
		if err != nil || len(pr.Contacts) != 0 || pr.All.Contacts != 0 || len(pr.ByTeam) != 0 {
			t.Errorf("the practice's report: %+v, %v", pr, err)
		}
	})
}

func TestParsePeriod(t *testing.T) {
	now := today()
	if p, problems := buddy.ParsePeriod("", "", now); len(problems) > 0 || !p.To.Equal(now) || !p.From.Equal(now.AddDate(0, -3, 0)) {
		t.Errorf("the default period: %+v %v", p, problems)
	}
	if _, problems := buddy.ParsePeriod("2026-05-01", "2026-04-01", now); problems["to"] == "" {
		t.Errorf("an end before the start: %v", problems)
	}
	if _, problems := buddy.ParsePeriod("1 May", "", now); problems["from"] == "" {
		t.Errorf("a date in words: %v", problems)
	}
}
