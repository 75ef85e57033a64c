package content_test

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/training/prose"
)

// ScreenBudget is what one lesson screen may add to a page. The product
// target is a whole lesson page under 50 KB transferred; the layout, the
// quiz form and the NHS.UK styles share the rest.
const ScreenBudget = 8 << 10

// Every screen and answer renders with no placeholder left, whether the
// organisation set its contacts or not.
func TestRenderedContentHasNoRawPlaceholders(t *testing.T) {
	c := load(t)
	check := func(where, html, plain string) {
		t.Helper()
		for _, s := range []string{html, plain} {
			if strings.Contains(s, "{{") || strings.Contains(s, "}}") || strings.Contains(s, "%7B%7B") {
				t.Errorf("%s shows a raw placeholder: %s", where, s)
			}
		}
	}
	for _, contacts := range []prose.Contacts{{}, full} {
		for _, l := range c.Lessons.All() {
			for _, s := range l.Screens {
				check(l.ID+" / "+s.Title, string(s.Body.HTML(contacts)), s.Body.Plain(contacts))
			}
		}
		for _, a := range c.Answers.All() {
			check(a.ID, string(a.Body.HTML(contacts)), a.Body.Plain(contacts))
		}
	}
}

// With the organisation's numbers set, an answer that says "call" gives a
// number a phone can dial with one tap.
func TestAnswersThatSayCallGiveATapToDialNumber(t *testing.T) {
	for _, a := range load(t).Answers.All() {
		html := string(a.Body.HTML(full))
		if strings.Contains(a.Body.Plain(full), "Call the IT service desk on") && !strings.Contains(html, `href="tel:03005550142"`) {
			t.Errorf("%s asks people to call but gives no tel: link: %s", a.ID, html)
		}
	}
}

func TestLessonScreensAreSmall(t *testing.T) {
	c := load(t)
	biggest, where := 0, ""
	wholest, whole := 0, ""
	for _, l := range c.Lessons.All() {
		all := len(l.Title) + len(l.Summary)
		for _, q := range l.Quiz {
			all += len(q.Text)
			for _, o := range q.Options {
				all += len(o.Text) + len(o.Explanation)
			}
		}
		for _, s := range l.Screens {
			n := len(s.Title) + len(s.Body.HTML(full))
			all += n
			if n > biggest {
				biggest, where = n, l.ID+" / "+s.Title
			}
			if n > ScreenBudget {
				t.Errorf("%s / %s is %d bytes of HTML; a screen may add at most %d", l.ID, s.Title, n, ScreenBudget)
			}
		}
		if all > wholest {
			wholest, whole = all, l.ID
		}
	}
	t.Logf("biggest screen: %s, %d bytes of HTML", where, biggest)
	t.Logf("biggest whole lesson, every screen and the quiz with its explanations: %s, %d bytes", whole, wholest)
}
