package content_test

import (
	"errors"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/vigil"
)

// vocabulary is what the application passes at start-up: the real job
// roles of people and kinds of report, so content cannot drift from them.
func vocabulary() content.Vocabulary {
	v := builtin.Vocabulary()
	return v
}

func load(t testing.TB) content.Catalogue {
	t.Helper()
	c, err := content.Load(vocabulary())
	if err != nil {
		var ve *vigil.Error
		if errors.As(err, &ve) {
			for k, v := range ve.Fields {
				t.Errorf("%s: %s", k, v)
			}
		}
		t.Fatalf("the built-in content does not load: %v", err)
	}
	return c
}

// full is an organisation that has set every contact.
var full = prose.Contacts{
	Organisation: "Riverside University Hospitals NHS Foundation Trust", ServiceDeskPhone: "0300 555 0142",
	ServiceDeskEmail: "servicedesk@riverside.example", SecurityEmail: "cyber@riverside.example", OnCallPhone: "0300 555 0143",
	InformationGovernanceEmail: "ig@riverside.example", SiteSecurityPhone: "2222", ClinicalEngineeringPhone: "0300 555 0150",
}

func TestBuiltInContentLoads(t *testing.T) {
	c := load(t)
	if n := len(c.Lessons.All()); n < 14 {
		t.Errorf("%d lessons, want at least 14", n)
	}
	if n := len(c.Answers.All()); n < 30 {
		t.Errorf("%d quick answers, want at least 30", n)
	}
	if n := len(c.Programme.Habits); n < 12 {
		t.Errorf("%d habit cards, want at least 12", n)
	}
	if n := len(c.Programme.Needs.Curricula); n != len(org.JobRoles) {
		t.Errorf("%d curricula, want one for each of the %d job roles", n, len(org.JobRoles))
	}
	i := slices.IndexFunc(c.Programme.Campaigns, func(c programme.Campaign) bool { return c.Month == time.October })
	if i < 0 {
		t.Fatal("no October campaign (Cyber Security Awareness Month)")
	}
	if len(c.Frameworks) != 1 || len(c.Frameworks[0].Outcomes()) != 41 {
		t.Errorf("want the CAF v4.0 framework with its 41 contributing outcomes")
	}
}

// Every lesson is in somebody's curriculum, so none is written and then lost.
func TestEveryLessonIsInACurriculum(t *testing.T) {
	c := load(t)
	for _, l := range c.Lessons.All() {
		found := false
		for _, cur := range c.Programme.Needs.Curricula {
			found = found || slices.Contains(cur.Required, l.ID) || slices.Contains(cur.Recommended, l.ID)
		}
		if !found {
			t.Errorf("lesson %s is in no curriculum", l.ID)
		}
	}
}

// Everyone shares the same core lessons, whatever their job.
func TestEveryCurriculumRequiresTheCore(t *testing.T) {
	core := []string{"spotting-phishing", "passwords-and-mfa", "smartcards-and-screens", "calls-and-texts",
		"reporting-without-blame", "when-systems-go-down"}
	for _, cur := range load(t).Programme.Needs.Curricula {
		for _, id := range core {
			if !cur.Requires(id) {
				t.Errorf("%s does not require %s", cur.JobRole, id)
			}
		}
	}
}

// The help page answers something for every kind of report staff can make.
func TestEveryReportKindHasAnAnswer(t *testing.T) {
	c := load(t)
	for _, k := range report.Kinds {
		if !slices.ContainsFunc(c.Answers.All(), func(a help.Answer) bool { return a.ReportKind == string(k) }) {
			t.Errorf("no quick answer offers the report kind %q", k)
		}
	}
}

// A lesson says how long it takes; the claim should be honest. Tired
// readers manage about 180 words a minute, and a quiz question with its
// options and explanation takes about half a minute more.
func TestLessonMinutesMatchTheirLength(t *testing.T) {
	for _, l := range load(t).Lessons.All() {
		words := 0
		for _, s := range l.Screens {
			words += len(strings.Fields(s.Body.Plain(prose.Contacts{})))
		}
		estimate := float64(words)/180 + 0.6*float64(len(l.Quiz))
		if estimate < float64(l.Minutes)-1.5 || estimate > float64(l.Minutes)+1 {
			t.Errorf("%s says %d minutes but reads in about %.1f (%d words, %d questions)", l.ID, l.Minutes, estimate, words, len(l.Quiz))
		}
	}
}

// Quiz feedback is kind and specific: wrong answers start "Not quite —",
// right ones "Yes —", so a learner knows at once where they stand.
func TestQuizExplanationsSayRightOrNotQuite(t *testing.T) {
	for _, l := range load(t).Lessons.All() {
		for i, q := range l.Quiz {
			for j, o := range q.Options {
				want := "Not quite — "
				if o.Correct {
					want = "Yes — "
				}
				if !strings.HasPrefix(o.Explanation, want) {
					t.Errorf("%s question %d option %d: explanation %q should start %q", l.ID, i+1, j+1, o.Explanation, want)
				}
			}
		}
	}
}

// The right answer is not always in the same place, or learners learn the place.
func TestRightAnswersMoveAround(t *testing.T) {
	places := map[int]int{}
	for _, l := range load(t).Lessons.All() {
		for _, q := range l.Quiz {
			places[q.Right()]++
		}
	}
	for place, n := range places {
		total := 0
		for _, m := range places {
			total += m
		}
		if n*2 > total {
			t.Errorf("option %d is right in %d of %d questions", place+1, n, total)
		}
	}
}
