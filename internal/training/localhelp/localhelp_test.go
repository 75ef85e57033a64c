package localhelp_test

import (
	"context"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestOwnAnswersAndContactsStayInTheirOrganisation: what one organisation
// adds to Cyber help is invisible to another, which can neither read nor
// change it; an own answer replaces the built-in one of its id until it is
// retired; every change is in the audit trail.
func TestOwnAnswersAndContactsStayInTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v := builtin.Vocabulary()
		c, err := content.Load(v)
		if err != nil {
			t.Fatal(err)
		}
		orgs := org.NewStore(db, auth.EndSessions)
		clock := func() time.Time { return time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC) }
		training := progress.New(db, orgs, c.Lessons, c.Programme.Needs, clock)
		h := localhelp.New(db, orgs, training, c.Answers, v.ReportKinds, clock)
		newOrg := func(code string) vigil.Scope {
			o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: code, Name: code + " Trust", Type: org.AcuteTrust})
			if err != nil {
				t.Fatal(err)
			}
			return o.System("test")
		}
		a, b := newOrg("AAA"), newOrg("BBB")

		own := help.Fields{ID: "clicked-a-link", Question: "I clicked a link", Lesson: "spotting-phishing", Body: "Ring {{switchboard_phone}}."}
		if _, err := h.SaveAnswer(ctx, a, own); err != nil {
			t.Fatal(err)
		}
		if err := h.SetContacts(ctx, a, map[string]string{"switchboard_phone": "0300 111 2222"}); err != nil {
			t.Fatal(err)
		}
		body := func(sc vigil.Scope) string {
			answers, err := h.Answers(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			contacts, err := h.Contacts(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			ans, ok := answers.Answer("clicked-a-link")
			if !ok {
				t.Fatal("no answer to a clicked link")
			}
			if n := len(answers.All()); n != len(c.Answers.All()) {
				t.Errorf("%s has %d answers, want the %d built-in ones with one replaced", sc.OrgCode, n, len(c.Answers.All()))
			}
			return ans.Body.Plain(contacts)
		}
		if got := body(a); got != "Ring switchboard on 0300 111 2222." {
			t.Errorf("A's answer: %q", got)
		}
		if got := body(b); strings.Contains(got, "Ring") || strings.Contains(got, "0300 111 2222") {
			t.Errorf("B sees A's answer or number: %q", got)
		}
		if _, err := h.OwnAnswer(ctx, b, "clicked-a-link"); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("B reads A's answer: %v", err)
		}
		if err := h.RetireAnswer(ctx, b, "clicked-a-link"); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("B retires A's answer: %v", err)
		}
		if list, _ := h.OwnAnswers(ctx, b); len(list) != 0 {
			t.Errorf("B lists %d answers it did not write", len(list))
		}
		if err := h.RetireAnswer(ctx, a, "clicked-a-link"); err != nil {
			t.Fatal(err)
		}
		if got := body(a); strings.Contains(got, "Ring") {
			t.Errorf("a retired answer still shows: %q", got)
		}
		staff := vigil.PersonScope(a.Org(), "someone", "Someone", "someone@a.example", []vigil.Role{vigil.Staff})
		if _, err := h.SaveAnswer(ctx, staff, own); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a member of staff adds an answer: %v", err)
		}
		if err := h.SetContacts(ctx, a, map[string]string{"caldicott_email": "nobody"}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a contact that is not an address: %v", err)
		}
		if _, err := h.SaveAnswer(ctx, a, help.Fields{ID: "manage", Question: "Q?", Lesson: "spotting-phishing", Body: "A."}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("an id that hides a page: %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE org_id = $1 AND entity_type IN ('help-answer', 'help-contacts')`,
			a.OrgID).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d audit events (%v), want 3: added, contacts, retired", n, err)
		}
	})
}
