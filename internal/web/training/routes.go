// Package training is the micro-training pages: My training, lessons of a
// few short screens and a quiz with feedback on every answer, the
// organisation's IT buddies, the training needs analysis, and coverage for
// managers and the board. Every page works without JavaScript and is made
// to be light on a ward phone.
package training

import (
	"embed"
	"html/template"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/help"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/training/prose"
	"github.com/vigil-health/vigil/internal/training/reminder"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the training pages.
type Pages struct {
	*web.Shell
	pages     web.Pages
	training  *progress.Service
	buddies   *buddy.Buddies
	programme programme.Programme
	reminders *reminder.Reminders
	answers   help.Answers
	bulletins *bulletin.Bulletins // the "latest tactics" warnings to staff
	local     *localhelp.Help     // each organisation's own quick answers and contacts
}

//go:embed templates
var templates embed.FS

// New parses the training pages' templates and returns the section.
func New(shell *web.Shell, training *progress.Service, buddies *buddy.Buddies, p programme.Programme, reminders *reminder.Reminders, answers help.Answers, bulletins *bulletin.Bulletins, local *localhelp.Help) (*Pages, error) {
	pages, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: pages, training: training, buddies: buddies, programme: p, reminders: reminders, answers: answers, bulletins: bulletins, local: local}, nil
}

// Routes mounts the training pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	coverage := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadTraining, next) }

	mux.HandleFunc("GET /training", h.SignedIn(h.myTraining))                                  // due, in progress, done
	mux.HandleFunc("GET /training/lessons/{id}", h.SignedIn(h.lessonScreen))                   // the first screen
	mux.HandleFunc("GET /training/lessons/{id}/screens/{n}", h.SignedIn(h.lessonScreen))       // the next ones
	mux.HandleFunc("GET /training/lessons/{id}/quiz/{n}", h.SignedIn(h.quizQuestion))          // one question a page
	mux.HandleFunc("GET /training/lessons/{id}/quiz/{n}/feedback", h.SignedIn(h.quizFeedback)) // right or not, and why
	mux.HandleFunc("POST /training/lessons/{id}/quiz", h.SignedIn(h.quizSubmit))               // marks and records
	mux.HandleFunc("GET /training/results/{id}", h.SignedIn(h.quizResult))                     // pass, or try again
	mux.HandleFunc("GET /training/lessons/{id}/offline", h.SignedIn(h.offlinePages))           // what a phone keeps to finish offline
	mux.HandleFunc("GET /training/offline.js", h.offlineScript)
	mux.HandleFunc("GET /sw.js", h.serviceWorker) // at the root, so that it may look after /training
	mux.HandleFunc("GET /manifest.webmanifest", h.manifest)
	mux.HandleFunc("GET /training/coverage", coverage(h.coverage))                        // by job role and team
	mux.HandleFunc("GET /training/coverage.csv", coverage(h.coverageCSV))                 // the same, for a board pack
	mux.HandleFunc("GET /training/national", h.Allowed(vigil.ReadAcrossOrgs, h.national)) // every organisation, for the national centre
	mux.HandleFunc("GET /training/needs", coverage(h.needs))                              // the training needs analysis
	mux.HandleFunc("GET /training/needs/{role}", h.Allowed(vigil.ManageTraining, h.curriculumForm))
	mux.HandleFunc("POST /training/needs/{role}", h.Allowed(vigil.ManageTraining, h.curriculumSave))
	mux.HandleFunc("POST /training/pass-mark", h.Allowed(vigil.ManageTraining, h.passMarkSave))
	mux.HandleFunc("GET /training/own-lessons", h.Allowed(vigil.ManageTraining, h.ownLessons)) // the organisation's own lessons
	mux.HandleFunc("POST /training/own-lessons", h.Allowed(vigil.ManageTraining, h.ownLessonUpload))
	mux.HandleFunc("POST /training/reminders", h.SignedIn(h.remindersChoose))         // stop or restart the weekly e-mail
	mux.HandleFunc("GET /help", h.SignedIn(h.cyberHelp))                              // quick answers, searchable
	mux.HandleFunc("GET /help/{id}", h.SignedIn(h.cyberAnswer))                       // one answer, its lesson and report kind
	mux.HandleFunc("GET /training/buddies", h.Allowed(vigil.ReadPeople, h.buddyList)) // teams and their buddies
	mux.HandleFunc("POST /training/buddies", h.Allowed(vigil.WritePeople, h.buddyAssign))
	mux.HandleFunc("POST /training/buddies/{team}/remove", h.Allowed(vigil.WritePeople, h.buddyRemove))
	h.localRoutes(mux)                                                                                     // latest tactics, the organisation's own answers and contacts
	mux.HandleFunc("POST /training/buddies/max-teams", h.Allowed(vigil.WritePeople, h.buddyMaxTeams))      // the organisation's limit
	mux.HandleFunc("GET /training/buddies/log", h.SignedIn(h.buddyLog))                                    // a buddy's own contacts
	mux.HandleFunc("POST /training/buddies/log", h.SignedIn(h.buddyLogAdd))                                // log one
	mux.HandleFunc("GET /training/buddies/contacts", h.Allowed(vigil.WritePeople, h.buddyContacts))        // everyone's, with totals
	mux.HandleFunc("GET /training/buddies/contacts.csv", h.Allowed(vigil.WritePeople, h.buddyContactsCSV)) // the same, as a file
}

// Nav offers My training to everyone, and coverage to those who read it.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	items := []web.NavItem{{Text: "My training", Href: "/training"}, {Text: "Cyber help", Href: "/help"}}
	if sc.Can(vigil.ReadTraining) {
		items = append(items, web.NavItem{Text: "Training coverage", Href: "/training/coverage"})
	}
	if sc.Can(vigil.ReadAcrossOrgs) && sc.Can(vigil.ReadTraining) {
		items = append(items, web.NavItem{Text: "Training across organisations", Href: "/training/national"})
	}
	if sc.Has(vigil.Buddy) {
		items = append(items, web.NavItem{Text: "My buddy log", Href: "/training/buddies/log"})
	}
	return items
}

// Areas offer the lessons on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	out := []web.Area{{Title: "My training", Href: "/training",
		Description: "Short lessons made for your job, each three to five minutes: lock your screen, spot a scam, speak up."},
		{Title: "Cyber help", Href: "/help",
			Description: "Quick answers: I clicked a link, can I send a photo on WhatsApp, the system is down — what now?"}}
	if sc.Can(vigil.ReadTraining) {
		out = append(out, web.Area{Title: "Training coverage", Href: "/training/coverage",
			Description: "Who has done the training their job role needs, by role and team, against the 95% measure."})
	}
	if sc.Can(vigil.ReadAcrossOrgs) && sc.Can(vigil.ReadTraining) {
		out = append(out, web.Area{Title: "Training across organisations", Href: "/training/national",
			Description: "Each organisation's training coverage against the 95% measure, those furthest from it first."})
	}
	out = append(out, web.Area{Title: "Latest tactics", Href: "/bulletins",
		Description: "The scams going round right now, what they look like and what to do."})
	if sc.Can(vigil.TriageReports) {
		out = append(out, web.Area{Title: "Write bulletins", Href: "/bulletins/manage",
			Description: "Warn staff about a lure in plain words; Vigil drafts one when you judge a campaign malicious."})
	}
	if sc.Can(vigil.ManageTraining) {
		out = append(out, web.Area{Title: "Your own quick answers", Href: "/help/manage",
			Description: "Add or change Cyber help answers for your organisation, and set the local numbers they give."})
	}
	if sc.Can(vigil.ReadPeople) {
		out = append(out, web.Area{Title: "IT buddies", Href: "/training/buddies",
			Description: "The named IT buddy of each team, and the teams still without one."})
	}
	if sc.Has(vigil.Buddy) {
		out = append(out, web.Area{Title: "My buddy log", Href: "/training/buddies/log",
			Description: "Write down each visit, training session or question you helped your teams with."})
	}
	return out
}

// Notices put the person's IT buddy, and this week's campaign message or
// habit, on the home page.
func (h *Pages) Notices(r *http.Request, sc vigil.Scope) []web.Notice {
	out := h.tacticNotices(r, sc)
	if b, ok := h.myBuddy(r, sc); ok {
		out = append(out, web.Notice{Label: "Your IT buddy", Text: b.Name + " helps your team with IT and cyber security questions.", Next: callLink(b)})
	}
	w := h.thisWeek()
	switch {
	case w.Campaign != nil:
		out = append(out, web.Notice{Label: w.Campaign.Campaign.Title + ": " + w.Campaign.Week.Title, Text: w.Campaign.Week.Message,
			Next: template.HTML(`<a href="/training">See this week's lessons</a>`)})
	case w.Habit != nil:
		out = append(out, web.Notice{Label: "Habit of the week: " + w.Habit.Title, Text: w.Habit.Text,
			Next: template.HTML(`<a href="/training/lessons/` + template.HTMLEscapeString(w.Habit.Lesson) + `">Why it matters: a short lesson</a>`)})
	}
	return out
}

// callLink is a tap-to-call link to a buddy, escaped here because the
// name and number were typed by people.
func callLink(b buddy.Buddy) template.HTML {
	if b.Dial() == "" {
		return template.HTML(template.HTMLEscapeString("Ask " + b.Name + " next time you see them."))
	}
	return template.HTML(`<a href="tel:` + template.HTMLEscapeString(b.Dial()) + `">Call ` + template.HTMLEscapeString(b.Name) + ` on ` + template.HTMLEscapeString(b.Phone) + `</a>`)
}

func (h *Pages) myBuddy(r *http.Request, sc vigil.Scope) (buddy.Buddy, bool) {
	b, ok, err := h.buddies.Mine(r.Context(), sc)
	if err != nil && !vigil.IsNotFound(err) {
		h.Logger.Warn("look up the team's buddy", "err", err)
	}
	return b, ok && err == nil
}

// week is what runs this week: a campaign week, and the habit card.
type week struct {
	Campaign *programme.Running
	Habit    *programme.Habit
}

// london is the time zone weeks turn over in.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

func (h *Pages) thisWeek() week {
	var w week
	now := h.Now()
	if r, ok := h.programme.Running(now, london); ok {
		w.Campaign = &r
	}
	if hb, ok := h.programme.HabitOfTheWeek(now, london); ok {
		w.Habit = &hb
	}
	return w
}

// contacts are the organisation's numbers that lessons name.
func (h *Pages) contacts(r *http.Request, sc vigil.Scope) prose.Contacts {
	c, err := h.local.Contacts(r.Context(), sc)
	if err != nil {
		h.Logger.Warn("read local contacts", "err", err)
	}
	return c
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}
