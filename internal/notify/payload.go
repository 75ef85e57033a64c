package notify

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
)

// Event is why a message is sent.
type Event string

const (
	EventPaged        Event = "paged"        // a rule matched: the person on call is told
	EventEscalated    Event = "escalated"    // nobody acknowledged in time: the next in line is told
	EventAcknowledged Event = "acknowledged" // someone has it in hand
	EventTest         Event = "test"         // sent from the webhook page to check the set-up
)

// message is what one notification says, before it is shaped for a channel.
type message struct {
	Event        Event
	PageID       string
	Kind         Subject // Alerts or Incidents
	SubjectID    string
	Title        string
	Priority     int
	Organisation string
	OrgCode      string
	Link         string
	AckLink      string // one person's link to acknowledge without signing in; e-mail only
	Who          string // whom it is for ("Aisha Begum (on call)")
	AckBy        time.Time
	Rule         string
	At           time.Time
}

// headline is the first line people read.
func (m message) headline() string {
	what := "Alert"
	if m.Kind == Incidents {
		what = "Incident"
	}
	switch m.Event {
	case EventTest:
		return "Test from Vigil: this webhook works"
	case EventEscalated:
		return fmt.Sprintf("Escalated, not acknowledged in time: %s at %s: %s", strings.ToLower(what), m.Organisation, m.Title)
	case EventAcknowledged:
		return fmt.Sprintf("Acknowledged: %s at %s: %s", strings.ToLower(what), m.Organisation, m.Title)
	}
	return fmt.Sprintf("%s at %s: %s", what, m.Organisation, m.Title)
}

func (m message) facts() [][2]string {
	if m.Event == EventTest {
		return [][2]string{{"Organisation", m.Organisation}}
	}
	f := [][2]string{{"Priority", fmt.Sprintf("%s (%d)", monitor.Band(m.Priority), m.Priority)}, {"Organisation", m.Organisation}, {"Rule", m.Rule}}
	if m.Who != "" {
		f = append(f, [2]string{"For", m.Who})
	}
	if !m.AckBy.IsZero() {
		f = append(f, [2]string{"Acknowledge by", m.AckBy.UTC().Format("15:04 MST, 2 Jan 2006")})
	}
	return f
}

// genericJSON is the documented shape of the generic signed webhook.
type genericJSON struct {
	Type         string     `json:"type"` // always "vigil.notification"
	Version      int        `json:"version"`
	Event        Event      `json:"event"`
	PageID       string     `json:"page_id,omitempty"`
	Organisation orgRef     `json:"organisation"`
	Subject      *subject   `json:"subject,omitempty"`
	Rule         string     `json:"rule,omitempty"`
	For          string     `json:"for,omitempty"`
	AckBy        *time.Time `json:"acknowledge_by,omitempty"`
	Summary      string     `json:"summary"`
	Link         string     `json:"link,omitempty"`
	At           time.Time  `json:"at"`
}

type orgRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type subject struct {
	Kind     Subject `json:"kind"`
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Priority int     `json:"priority"`
	Band     string  `json:"band"`
}

// body shapes the message for a webhook's format.
func (m message) body(f Format) ([]byte, error) {
	switch f {
	case Teams:
		return json.Marshal(m.teams())
	case Slack:
		return json.Marshal(m.slack())
	}
	g := genericJSON{Type: "vigil.notification", Version: 1, Event: m.Event, PageID: m.PageID, Organisation: orgRef{m.OrgCode, m.Organisation},
		Rule: m.Rule, For: m.Who, Summary: m.headline(), Link: m.Link, At: m.At.UTC()}
	if m.Event != EventTest {
		g.Subject = &subject{Kind: m.Kind, ID: m.SubjectID, Title: m.Title, Priority: m.Priority, Band: monitor.Band(m.Priority)}
	}
	if !m.AckBy.IsZero() {
		t := m.AckBy.UTC()
		g.AckBy = &t
	}
	return json.Marshal(g)
}

// teams is a message with one Adaptive Card, the shape Teams incoming
// webhooks and Workflows ("post to a channel when a webhook request is
// received") accept.
func (m message) teams() map[string]any {
	facts := []map[string]string{}
	for _, f := range m.facts() {
		facts = append(facts, map[string]string{"title": f[0], "value": f[1]})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard",
		"version": "1.4",
		"body": []any{
			map[string]any{"type": "TextBlock", "text": m.headline(), "weight": "Bolder", "size": "Medium", "wrap": true},
			map[string]any{"type": "FactSet", "facts": facts},
		},
	}
	if m.Link != "" {
		card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": "Open in Vigil", "url": m.Link}}
	}
	return map[string]any{"type": "message", "attachments": []any{
		map[string]any{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card},
	}}
}

// slack is text (shown in notifications) with blocks (shown in the channel).
func (m message) slack() map[string]any {
	var lines []string
	for _, f := range m.facts() {
		lines = append(lines, "*"+slackEscape(f[0])+":* "+slackEscape(f[1]))
	}
	text := slackEscape(m.headline())
	if m.Link != "" {
		text = "<" + m.Link + "|" + text + ">"
	}
	return map[string]any{
		"text": slackEscape(m.headline()),
		"blocks": []any{
			map[string]any{"type": "section", "text": map[string]string{"type": "mrkdwn", "text": "*" + text + "*"}},
			map[string]any{"type": "section", "text": map[string]string{"type": "mrkdwn", "text": strings.Join(lines, "\n")}},
		},
	}
}

// slackEscape keeps outside text from becoming Slack links or mentions.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// email is the message as a plain e-mail to one person.
func (m message) email() (subject, text string) {
	var b strings.Builder
	b.WriteString(m.headline() + "\n\n")
	for _, f := range m.facts() {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("\n")
	if !m.AckBy.IsZero() {
		b.WriteString("Open it and press Acknowledge so the next person is not called:\n")
	} else {
		b.WriteString("Open it:\n")
	}
	if m.Link != "" {
		b.WriteString(m.Link + "\n")
	}
	if m.AckLink != "" {
		b.WriteString("\nOr acknowledge it from this e-mail without signing in (the link is yours alone, works once, and stops working at " +
			m.AckBy.UTC().Format("15:04 MST") + " when the next person is called):\n" + m.AckLink + "\n")
	}
	b.WriteString("\nYou get this because of the notification rule " + strconv.Quote(m.Rule) + " and the on-call rota.\n")
	return "[Vigil] " + clip(m.headline(), 180), b.String()
}
