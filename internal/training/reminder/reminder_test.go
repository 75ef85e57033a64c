package reminder_test

import (
	"context"
	"errors"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/training/reminder"
	"github.com/vigil-health/vigil/internal/vigil"
)

// relay keeps what it is asked to send, or fails while down is set.
type relay struct {
	sent []feedback.Message
	down bool
}

func (r *relay) Send(_ context.Context, m feedback.Message) error {
	if r.down {
		return errors.New("451 try again later")
	}
	r.sent = append(r.sent, m)
	return nil
}

func (r *relay) to(addr string) []feedback.Message {
	var out []feedback.Message
	for _, m := range r.sent {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

type fixture struct {
	db        *store.DB
	orgs      *org.Store
	reminders *reminder.Reminders
	training  *progress.Service
	bulletins *bulletin.Bulletins
	trust     org.Organisation
	practice  org.Organisation
	relay     *relay
	now       time.Time
	nurse     vigil.Scope // Grace, on Ward 7
	manager   vigil.Scope // Ward 7's manager
	gpNurse   vigil.Scope // in another organisation
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	v := builtin.Vocabulary()
	c, err := content.Load(v)
	if err != nil {
		t.Fatal(err)
	}
	orgs := org.NewStore(db, auth.EndSessions)
	f := &fixture{db: db, orgs: orgs, relay: &relay{}, now: nextTuesday(store.Now())}
	clock := func() time.Time { return f.now }
	training := progress.New(db, orgs, c.Lessons, c.Programme.Needs, clock)
	f.training = training
	f.bulletins = bulletin.New(db, orgs, clock)
	f.reminders = reminder.New(db, orgs, training, reminder.Options{Programme: c.Programme, Sender: f.relay, Tactics: f.bulletins,
		BaseURL: "https://vigil.example.nhs.uk/", Clock: clock})
	trust, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: "RXX", Name: "Northgate General", Type: org.AcuteTrust})
	if err != nil {
		t.Fatal(err)
	}
	practice, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: "Y0001", Name: "Elm Tree Surgery", Type: org.GPPractice})
	if err != nil {
		t.Fatal(err)
	}
	f.trust, f.practice = trust, practice
	ward, err := orgs.CreateTeam(ctx, trust.System("test"), org.NewTeam{Name: "Ward 7", Kind: "ward"})
	if err != nil {
		t.Fatal(err)
	}
	person := func(o org.Organisation, name string, job org.JobRole, team string) vigil.Scope {
		email := strings.ToLower(strings.Fields(name)[0]) + "@" + strings.ToLower(o.Code) + ".example"
		u, err := orgs.CreateUser(ctx, o.System("test"), org.PersonDetails{Email: email, Name: name, JobRole: string(job), TeamID: team, Roles: []string{"staff"}})
		if err != nil {
			t.Fatal(err)
		}
		return vigil.PersonScope(o.Ref(), u.ID, name, email, []vigil.Role{vigil.Staff})
	}
	f.nurse = person(trust, "Grace Okafor", org.NurseMidwife, ward.ID)
	f.manager = person(trust, "Tom Hughes", org.ManagerBoard, ward.ID)
	f.gpNurse = person(practice, "Bea Holt", org.NurseMidwife, "")
	return f
}

// nextTuesday is mid-morning on the first Tuesday after t: people added
// now are newcomers then, their lessons due in three to four weeks.
func nextTuesday(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	for t.Weekday() != time.Tuesday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (f *fixture) queue(t *testing.T) int {
	t.Helper()
	n, err := f.reminders.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWeeklyReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// Newcomers have four weeks for their lessons: all due soon.
		if n := f.queue(t); n != 3 {
			t.Fatalf("%d reminders queued for three newcomers, want 3", n)
		}
		if n := f.queue(t); n != 0 {
			t.Errorf("queued %d more in the same week; a person gets one a week", n)
		}
		f.relay.down = true
		if n, err := f.reminders.Flush(ctx); n != 0 || err == nil {
			t.Fatalf("with the relay down Flush sent %d, err %v", n, err)
		}
		f.relay.down = false
		if n, _ := f.reminders.Flush(ctx); n != 0 {
			t.Errorf("a failed reminder was tried again at once (%d sent)", n)
		}
		f.now = f.now.Add(2 * time.Minute)
		if n, err := f.reminders.Flush(ctx); n != 3 || err != nil {
			t.Fatalf("after the wait Flush sent %d, err %v; want 3", n, err)
		}
		if n, _ := f.reminders.Flush(ctx); n != 0 {
			t.Errorf("%d reminders sent twice", n)
		}
		grace := f.relay.to("grace@rxx.example")
		if len(grace) != 1 {
			t.Fatalf("Grace got %d reminders, want 1", len(grace))
		}
		m := grace[0]
		for _, want := range []string{"Hello Grace,", "Due soon:", "Spotting phishing", "https://vigil.example.nhs.uk/training/lessons/spotting-phishing",
			"https://vigil.example.nhs.uk/training\n", "Northgate General cyber security", "Stop reminder e-mails"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("Grace's reminder lacks %q:\n%s", want, m.Text)
			}
		}
		if !strings.HasSuffix(m.Subject, "due soon") || strings.Contains(m.Text, "Overdue:") || strings.Contains(m.Text, "Your team") {
			t.Errorf("a newcomer's reminder says something is overdue: %q\n%s", m.Subject, m.Text)
		}
		if len(f.relay.to("bea@y0001.example")) != 1 {
			t.Error("the practice nurse had no reminder: each organisation has its own week")
		}

		// Five weeks on, nobody has done anything: overdue, and the
		// manager hears how many of the ward are.
		f.now = f.now.AddDate(0, 0, 35)
		f.relay.sent = nil
		if err := f.reminders.Choose(ctx, f.gpNurse, false); err != nil {
			t.Fatal(err)
		}
		if n := f.queue(t); n != 2 {
			t.Fatalf("%d reminders queued, want 2 (the practice nurse stopped hers)", n)
		}
		if _, err := f.reminders.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		grace = f.relay.to("grace@rxx.example")
		if len(grace) != 1 || !strings.HasSuffix(grace[0].Subject, "overdue") || !strings.Contains(grace[0].Text, "Overdue:") ||
			strings.Count(grace[0].Text, "/training/lessons/") != reminder.MaxListed || !strings.Contains(grace[0].Text, "more: see them all on My training") {
			t.Fatalf("Grace's second reminder: %+v", grace)
		}
		tom := f.relay.to("tom@rxx.example")
		if len(tom) != 1 || !strings.Contains(tom[0].Text, "Ward 7: 2 of 2 people have a lesson overdue") {
			t.Fatalf("the manager's reminder has no team count: %+v", tom)
		}
		if strings.Contains(tom[0].Text, "/training/coverage") || strings.Contains(tom[0].Text, "Grace") {
			t.Errorf("the manager's reminder links to a page he cannot open, or names someone:\n%s", tom[0].Text)
		}
		if len(f.relay.to("bea@y0001.example")) != 0 {
			t.Error("a person who stopped the reminders still got one")
		}
	})
}

// TestStoppingIsPerPersonAndOrganisation: a choice in one organisation
// changes nothing in another, and a reminder written before someone stops
// them is not sent.
func TestStoppingIsPerPersonAndOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.queue(t)
		if err := f.reminders.Choose(ctx, f.nurse, false); err != nil {
			t.Fatal(err)
		}
		stranger := vigil.PersonScope(f.gpNurse.Org(), f.nurse.UserID, "x", "x", []vigil.Role{vigil.Staff})
		if stopped, err := f.reminders.Stopped(ctx, stranger); err != nil || stopped {
			t.Errorf("the choice shows in another organisation: %v %v", stopped, err)
		}
		if stopped, err := f.reminders.Stopped(ctx, f.nurse); err != nil || !stopped {
			t.Errorf("Grace's choice was not kept: %v %v", stopped, err)
		}
		if _, err := f.reminders.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if len(f.relay.to("grace@rxx.example")) != 0 {
			t.Error("a reminder went to someone who stopped them after it was written")
		}
		if err := f.reminders.Choose(ctx, f.nurse, true); err != nil {
			t.Fatal(err)
		}
		if stopped, _ := f.reminders.Stopped(ctx, f.nurse); stopped {
			t.Error("Grace asked for the reminders again but they stay stopped")
		}
	})
}

func TestNothingIsQueuedBeforeMondayMorning(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 23, 7, 59, 0, 0, time.UTC), false}, // Monday, before 8 in London (GMT)
		{time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 6, 1, 7, 30, 0, 0, time.UTC), true}, // 8:30 in British Summer Time
		{time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC), true},
	} {
		if _, started := reminder.Week(c.at); started != c.want {
			t.Errorf("Week(%v) started = %v, want %v", c.at, started, c.want)
		}
	}
	if w, _ := reminder.Week(time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC)); w != "2026-W48" {
		t.Errorf("Sunday night is in week %s, want 2026-W48", w)
	}
}

// publish drafts and publishes a bulletin in an organisation.
func (f *fixture) publish(t *testing.T, o org.Organisation, d bulletin.Details) {
	t.Helper()
	ctx, sc := context.Background(), o.System("test")
	b, err := f.bulletins.Create(ctx, sc, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.bulletins.Publish(ctx, sc, b.ID); err != nil {
		t.Fatal(err)
	}
}

// TestTheDigestCarriesTheLatestTactics: the week's e-mail tells each
// person the bulletins for their job role in their organisation, and
// still comes once a week.
func TestTheDigestCarriesTheLatestTactics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.publish(t, f.trust, bulletin.Details{Title: "Fake pension statements", LooksLike: "An e-mail about your pension.",
			WhatToDo: "Do not sign in from the e-mail."})
		f.publish(t, f.trust, bulletin.Details{Title: "Fake agency calls", LooksLike: "A caller offers locum shifts.",
			WhatToDo: "Hang up.", Audience: []string{string(org.ManagerBoard)}})
		f.publish(t, f.practice, bulletin.Details{Title: "Fake prescription texts", LooksLike: "A text about a prescription.",
			WhatToDo: "Delete it."})
		draft := bulletin.Details{Title: "Unpublished draft", LooksLike: "Not yet.", WhatToDo: "Nothing."}
		if _, err := f.bulletins.Create(context.Background(), f.trust.System("test"), draft); err != nil {
			t.Fatal(err)
		}
		if n := f.queue(t); n != 3 {
			t.Fatalf("%d reminders queued, want 3", n)
		}
		if n := f.queue(t); n != 0 {
			t.Errorf("queued %d more in the same week: bulletins must not add e-mails", n)
		}
		f.now = f.now.Add(time.Minute)
		if _, err := f.reminders.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"grace@rxx.example": {"Latest tactics", "- Fake pension statements: Do not sign in from the e-mail.", "https://vigil.example.nhs.uk/bulletins"},
			"tom@rxx.example":   {"Fake pension statements", "- Fake agency calls: Hang up."},
			"bea@y0001.example": {"- Fake prescription texts: Delete it."},
		}
		notWant := map[string][]string{
			"grace@rxx.example": {"Fake agency calls", "Fake prescription texts", "Unpublished draft"},
			"tom@rxx.example":   {"Fake prescription texts", "Unpublished draft"},
			"bea@y0001.example": {"Fake pension statements", "Fake agency calls"},
		}
		for addr, lines := range want {
			got := f.relay.to(addr)
			if len(got) != 1 {
				t.Fatalf("%s got %d e-mails, want 1", addr, len(got))
			}
			for _, w := range lines {
				if !strings.Contains(got[0].Text, w) {
					t.Errorf("%s's e-mail lacks %q:\n%s", addr, w, got[0].Text)
				}
			}
			for _, w := range notWant[addr] {
				if strings.Contains(got[0].Text, w) {
					t.Errorf("%s's e-mail tells of %q, not theirs to see", addr, w)
				}
			}
		}
	})
}
