package progress_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// uuid is an RFC 4122 UUID of versions 1 to 5, as LRS conformance checks it.
var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// Each attempt becomes statements with every field xAPI 1.0.3 requires
// (id, actor, verb, object; timestamp), an opaque actor, ADL verbs, stable
// activity ids, and the same ids every time it is exported.
func TestXAPIStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		const base = "https://vigil.example.nhs.uk"
		if _, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing, 2), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.training.Submit(ctx, f.nurse, phishing, f.answers(t, phishing), "7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"); err != nil {
			t.Fatal(err)
		}
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse2.UserID, phishing, f.now.AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.training.Statements(ctx, f.nurse, base, time.Time{}, 0); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse exported statements: %v", err)
		}
		sts, err := f.training.Statements(ctx, f.analyst, base, time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		// completed (recorded), attempted + failed + 4 answered, attempted + passed + 4 answered.
		if len(sts) != 13 {
			t.Fatalf("%d statements, want 13", len(sts))
		}
		verbs := map[string]int{}
		ids := map[string]bool{}
		for _, st := range sts {
			verbs[st.Verb.ID]++
			ids[st.ID] = true
			raw, _ := json.Marshal(st)
			var doc map[string]any
			_ = json.Unmarshal(raw, &doc)
			for _, field := range []string{"id", "actor", "verb", "object", "timestamp", "version"} {
				if doc[field] == nil {
					t.Errorf("statement lacks %s: %s", field, raw)
				}
			}
			if !uuid.MatchString(st.ID) {
				t.Errorf("id %q is not a UUID", st.ID)
			}
			if st.Actor.ObjectType != "Agent" || st.Actor.Account.HomePage != base || st.Actor.Account.Name == "" || st.Actor.Account.Name == f.nurse.Email {
				t.Errorf("actor %+v, want an opaque account", st.Actor)
			}
			if st.Object.ObjectType != "Activity" || st.Object.ID[:len(base)] != base || st.Verb.Display["en-GB"] == "" {
				t.Errorf("object %+v, verb %+v", st.Object, st.Verb)
			}
		}
		for name, want := range map[string]int{"completed": 1, "failed": 1, "passed": 1, "attempted": 2, "answered": 8} {
			if verbs["http://adlnet.gov/expapi/verbs/"+name] != want {
				t.Errorf("verbs %v, want %d %s", verbs, want, name)
			}
		}
		if len(ids) != len(sts) || !ids["7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"] {
			t.Errorf("statement ids are not unique, or the phone's id is not kept: %v", ids)
		}
		again, _ := f.training.Statements(ctx, f.analyst, base, time.Time{}, 0)
		for i := range again {
			if again[i].ID != sts[i].ID {
				t.Errorf("statement %d has id %s, then %s", i, sts[i].ID, again[i].ID)
			}
		}
		if other, err := f.training.Statements(ctx, f.practice, base, time.Time{}, 0); err != nil || len(other) != 0 {
			t.Errorf("the practice exports %d of the trust's statements (%v)", len(other), err)
		}
	})
}
