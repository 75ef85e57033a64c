package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/incident"
)

const reviewedTitle = "Pathology results interface down after an attack at the supplier"

// reviewedIncident is the demo's closed incident with its signed-off review.
func reviewedIncident(t *testing.T, a *apptest.App) incident.Incident {
	t.Helper()
	all, err := a.Incidents.List(context.Background(), mustSystem(t, a, apptest.TrustCode))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range all {
		if i.Title == reviewedTitle {
			return i
		}
	}
	t.Fatalf("no demo reviewed incident among %d", len(all))
	return incident.Incident{}
}

// audited counts the audit rows of one kind of change to one entity.
func audited(t *testing.T, a *apptest.App, entityType, action, entityID string) int {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_events WHERE entity_type = $1 AND action = $2 AND entity_id = $3`,
		entityType, action, entityID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPostIncidentReviewPages walks the review: the demo's signed-off
// review as an analyst reads it; an incident still running refuses one; the
// owner changed from the incident page; the review written from a draft
// Vigil starts, refused field by field when incomplete; actions with owners
// and dates, overdue and done; the sign-off, lost again when the review is
// changed; and the one-click hazard in the clinical hazard log, linked back.
func TestPostIncidentReviewPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		analyst := a.SignIn(t, apptest.Analyst)
		done := reviewedIncident(t, a)
		if list := apptest.Text(analyst.Get("/monitoring/incidents").Body); !strings.Contains(list, done.Code()+" "+reviewedTitle+" Closed · review signed off") {
			t.Errorf("the incident list does not show the review's state: %s", list)
		}
		page := apptest.Text(analyst.Get("/monitoring/incidents/" + done.ID).Body)
		if !strings.Contains(page, "Post-incident review: signed off by Priya Raman") {
			t.Errorf("the closed incident's page does not show its signed-off review: %s", page)
		}
		page = apptest.Text(analyst.Get("/monitoring/incidents/" + done.ID + "/review").Body)
		for _, want := range []string{"Signed off by Priya Raman", "A supplier outage is a clinical event", "About 140", "Used, with problems",
			"Done Update the supplier's out-of-hours contact sheet", "Open Rehearse the phone-results procedure on every ward", "Add a hazard to the clinical hazard log"} {
			if !strings.Contains(page, want) {
				t.Errorf("the demo review lacks %q: %s", want, page)
			}
		}

		inc := demoIncident(t, a)
		base := "/monitoring/incidents/" + inc.ID
		if res := analyst.Get(base + "/review/edit"); res.StatusCode != http.StatusConflict || !strings.Contains(apptest.Text(res.Body), "once "+inc.Code()+" is resolved") {
			t.Errorf("a review of a running incident: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		if res := analyst.PostForm(base+"/review/edit", url.Values{"summary": {"x"}, "lessons": {"y"}, "downtime": {"worked"}, "patients_affected": {"1"}}); res.StatusCode != http.StatusConflict {
			t.Errorf("saving a review of a running incident: %d", res.StatusCode)
		}

		// The owner changes from the incident page, on the timeline and in the audit trail.
		form := apptest.Text(analyst.Get(base + "/update").Body)
		if !strings.Contains(form, "Owner") || !strings.Contains(form, "Priya Raman") {
			t.Errorf("the update form offers no owners: %s", form)
		}
		adminID := demoUserID(t, a, apptest.Admin)
		if res := analyst.PostForm(base+"/update", url.Values{"owner": {demoUserID(t, a, apptest.Nurse)}, "status": {string(inc.Status)}, "next": {"0"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "Choose someone who may run incidents") {
			t.Errorf("a nurse as owner: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		res := follow(t, analyst, analyst.PostForm(base+"/update", url.Values{"owner": {adminID}, "status": {"resolved"}, "next": {"0"}}))
		page = apptest.Text(res.Body)
		if !strings.Contains(page, "Owner Priya Raman") || !strings.Contains(page, "Owner changed from Aisha Begum to Priya Raman") {
			t.Errorf("the owner change is not on the incident page: %s", page)
		}
		if n := audited(t, a, "incident", "update", inc.ID); n == 0 {
			t.Error("the owner change is not audited")
		}

		// The review form starts from the timeline and the continuity plan.
		res = analyst.Get(base + "/review/edit")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Status changed from Investigating to Resolved") || !strings.Contains(res.Body, `value="Emergency Department`) {
			t.Errorf("the review form is not started from the incident: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		res = analyst.PostForm(base+"/review/edit", url.Values{"summary": {""}, "lessons": {" "}, "patients_affected": {"lots"}})
		body := apptest.Text(res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an empty review: %d", res.StatusCode)
		}
		for _, want := range []string{"Enter what happened", "Enter the lessons learned", "Enter how many patients were affected", "Say whether the downtime procedures were used"} {
			if !strings.Contains(body, want) {
				t.Errorf("the empty review's errors lack %q: %s", want, body)
			}
		}
		review := url.Values{"summary": {"Ransomware reached the EPR database through a backup account."}, "lessons": {"Service accounts need their own alerts."},
			"went_well": {"Isolated within the hour."}, "patients_affected": {"320"}, "downtime": {"worked"}, "services_affected": {"Emergency Department"}}
		page = apptest.Text(follow(t, analyst, analyst.PostForm(base+"/review/edit", review)).Body)
		for _, want := range []string{"Not signed off yet", "Service accounts need their own alerts.", "About 320", "Used, and it kept patients safe"} {
			if !strings.Contains(page, want) {
				t.Errorf("the saved review lacks %q: %s", want, page)
			}
		}
		if audited(t, a, "incident-review", "create", inc.ID) != 1 {
			t.Error("writing the review is not audited")
		}

		// Actions: refused without an owner or a date; shown overdue, then done.
		res = analyst.PostForm(base+"/review/actions", url.Values{"action": {"Alert on service account logons"}, "owner": {""}, "due": {"soon"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Choose who will do it") || !strings.Contains(res.Body, "Enter the date it is due by") {
			t.Errorf("an action without owner or date: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		past := time.Now().UTC().AddDate(0, 0, -3).Format(time.DateOnly)
		page = apptest.Text(follow(t, analyst, analyst.PostForm(base+"/review/actions", url.Values{"action": {"Alert on service account logons"}, "owner": {adminID}, "due": {past}})).Body)
		if !strings.Contains(page, "Overdue Alert on service account logons (Priya Raman, due") {
			t.Errorf("the overdue action: %s", page)
		}
		rev, err := a.Incidents.Review(context.Background(), mustSystem(t, a, apptest.TrustCode), inc.ID)
		if err != nil || len(rev.Actions) != 1 {
			t.Fatalf("the review's actions: %v %+v", err, rev.Actions)
		}
		page = apptest.Text(follow(t, analyst, analyst.PostForm(base+"/review/actions/"+rev.Actions[0].ID, nil)).Body)
		if !strings.Contains(page, "Done Alert on service account logons") || !strings.Contains(page, "done by Aisha Begum") {
			t.Errorf("the done action: %s", page)
		}

		// Sign-off by the signed-in person; changing the review undoes it.
		page = apptest.Text(follow(t, analyst, analyst.PostForm(base+"/review/signoff", nil)).Body)
		if !strings.Contains(page, "Signed off by Aisha Begum") {
			t.Errorf("after sign-off: %s", page)
		}
		if res := analyst.PostForm(base+"/review/signoff", nil); res.StatusCode != http.StatusConflict {
			t.Errorf("a second sign-off: %d", res.StatusCode)
		}
		if audited(t, a, "incident-review", "sign-off", inc.ID) != 1 {
			t.Error("the sign-off is not audited")
		}
		if form := apptest.Text(analyst.Get(base + "/review/edit").Body); !strings.Contains(form, "Aisha Begum signed this review off. If you change it, it must be signed off again.") {
			t.Errorf("the form does not warn that a change undoes the sign-off: %s", form)
		}
		review.Set("lessons", "Service accounts need their own alerts, and a named owner.")
		page = apptest.Text(follow(t, analyst, analyst.PostForm(base+"/review/edit", review)).Body)
		if !strings.Contains(page, "Not signed off yet") {
			t.Errorf("the changed review is still signed off: %s", page)
		}
		if tl := apptest.Text(analyst.Get(base).Body); !strings.Contains(tl, "the sign-off by Aisha Begum was removed") {
			t.Errorf("the timeline does not say the sign-off went: %s", tl)
		}

		// One click puts the incident's hazard in the hazard log, linked back.
		res = analyst.PostForm(base+"/review/hazard", nil)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/hazards/") {
			t.Fatalf("adding the hazard: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		hz := apptest.Text(analyst.Get(res.Header.Get("Location")).Body)
		if !strings.Contains(hz, "Repeat of: "+inc.Code()+" Ransomware on the EPR database server") || !strings.Contains(hz, "Lessons from its review: Service accounts need their own alerts") {
			t.Errorf("the hazard is not drafted from the incident and its review: %s", hz)
		}
		code := regexp.MustCompile(`H-\d{3}`).FindString(hz)
		if page := apptest.Text(analyst.Get(base + "/review").Body); code == "" || !strings.Contains(page, "This review added "+code+" to the clinical hazard log") {
			t.Errorf("the review does not link its hazard %q: %s", code, page)
		}
		if res := analyst.PostForm(base+"/review/hazard", nil); res.StatusCode != http.StatusConflict {
			t.Errorf("a second hazard from the same review: %d", res.StatusCode)
		}

		// Forms need their CSRF token; staff cannot read reviews; nor can another organisation.
		req, _ := http.NewRequest(http.MethodPost, a.URL+base+"/review/signoff", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r, err := analyst.HTTP.Do(req); err != nil || r.StatusCode != http.StatusForbidden {
			t.Errorf("a sign-off without the CSRF token: %v %v", err, r)
		} else {
			r.Body.Close()
		}
		if res := a.SignIn(t, apptest.Nurse).Get(base + "/review"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse read the review: %d", res.StatusCode)
		}
		gp := a.SignIn(t, apptest.PracticeAdmin)
		for _, p := range []string{base + "/review", base + "/review/edit"} {
			if res := gp.Get(p); res.StatusCode != http.StatusNotFound {
				t.Errorf("the practice GET %s: %d", p, res.StatusCode)
			}
		}
		for _, p := range []string{base + "/review/edit", base + "/review/signoff", base + "/review/actions", base + "/review/hazard"} {
			if res := gp.PostForm(p, review); res.StatusCode != http.StatusNotFound {
				t.Errorf("the practice POST %s: %d", p, res.StatusCode)
			}
		}
	})
}

// TestReviewEvidence: the reviews give honest D2 figures: the share of
// serious incidents closed with a signed-off review, and review actions
// done and overdue; the practice, with none, is told so.
func TestReviewEvidence(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		trust := mustSystem(t, a, apptest.TrustCode)
		now := time.Now()
		item := func(code, outcome string) string {
			t.Helper()
			items, err := a.Incidents.Evidence(ctx, mustSystem(t, a, code), now)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if it.Outcome == outcome {
					return it.Summary
				}
			}
			t.Fatalf("no %s evidence among %+v", outcome, items)
			return ""
		}
		if got := item(apptest.TrustCode, "D2.a"); got != "1 of the 1 serious (high or critical) incidents closed in the last year have a post-incident review signed off by a named person (100%)." {
			t.Errorf("D2.a: %s", got)
		}
		if got := item(apptest.TrustCode, "D2.b"); got != "Post-incident reviews in the last year set 2 actions, each with an owner and a due date: 1 done, 1 still open, 0 of them overdue." {
			t.Errorf("D2.b: %s", got)
		}
		inc := reviewedIncident(t, a)
		analyst := scopeOf(t, a, apptest.Analyst)
		d, err := a.Incidents.DraftReview(ctx, analyst, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Incidents.SaveReview(ctx, analyst, inc.ID, d); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Incidents.AddReviewAction(ctx, analyst, inc.ID, incident.ActionDraft{Summary: "Late", OwnerID: analyst.Person(), Due: now.AddDate(0, 0, -2)}); err != nil {
			t.Fatal(err)
		}
		if got := item(apptest.TrustCode, "D2.a"); !strings.HasPrefix(got, "0 of the 1 serious") {
			t.Errorf("D2.a once the review lost its sign-off: %s", got)
		}
		if got := item(apptest.TrustCode, "D2.b"); !strings.Contains(got, "3 actions") || !strings.Contains(got, "2 still open, 1 of them overdue") {
			t.Errorf("D2.b with an overdue action: %s", got)
		}
		measures, err := a.Incidents.Measures(ctx, trust, now)
		if err != nil {
			t.Fatal(err)
		}
		var overdue *evidence.Measure
		for i := range measures {
			if measures[i].Key == "incidents.review_actions_overdue" {
				overdue = &measures[i]
			}
		}
		if overdue == nil || overdue.Value != 1 {
			t.Errorf("the overdue measure: %+v", overdue)
		}
		// The self-assessment offers the figures on the D2 outcomes' pages.
		analystPages := a.SignIn(t, apptest.Analyst)
		pageSays(t, analystPages, "/assessment/caf-v4/outcomes/D2.a", http.StatusOK, "What Vigil already knows", "0 of the 1 serious (high or critical) incidents closed")
		pageSays(t, analystPages, "/assessment/caf-v4/outcomes/D2.b", http.StatusOK, "Post-incident reviews in the last year set 3 actions")
		if got := item(apptest.PracticeCode, "D2.a"); !strings.HasPrefix(got, "No serious (high or critical) incident was closed") {
			t.Errorf("the practice's D2.a: %s", got)
		}
		if got := item(apptest.PracticeCode, "D2.b"); got != "No post-incident review has set actions yet." {
			t.Errorf("the practice's D2.b: %s", got)
		}
	})
}
