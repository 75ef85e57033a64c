package feedback

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"
	"unicode"

	"github.com/vigil-health/vigil/internal/vigil"
)

//go:embed templates
var templateFiles embed.FS

// Templates renders feedback e-mails. Build it once at start-up with
// NewTemplates, so a broken template stops the server rather than a 3 a.m.
// feedback run.
type Templates struct {
	text map[Verdict]*texttemplate.Template
	html map[Verdict]*htmltemplate.Template
}

// NewTemplates parses the templates for every verdict.
func NewTemplates() (*Templates, error) {
	t := &Templates{
		text: map[Verdict]*texttemplate.Template{},
		html: map[Verdict]*htmltemplate.Template{},
	}
	for _, v := range Verdicts() {
		text, err := texttemplate.New(string(v)).Option("missingkey=error").
			ParseFS(templateFiles, "templates/text/layout.tmpl", "templates/text/"+string(v)+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("feedback templates for %s: %w", v, err)
		}
		html, err := htmltemplate.New(string(v)).Option("missingkey=error").
			ParseFS(templateFiles, "templates/html/layout.tmpl", "templates/html/"+string(v)+".tmpl")
		if err != nil {
			return nil, fmt.Errorf("feedback templates for %s: %w", v, err)
		}
		for _, name := range []string{"subject", "body"} {
			if text.Lookup(name) == nil {
				return nil, fmt.Errorf("feedback templates for %s: text has no %q", v, name)
			}
		}
		if html.Lookup("body") == nil {
			return nil, fmt.Errorf("feedback templates for %s: HTML has no \"body\"", v)
		}
		t.text[v], t.html[v] = text, html
	}
	return t, nil
}

// view is what the templates see: cleaned copies of the Feedback fields.
type view struct {
	FirstName    string
	Organisation string
	Phone        string
	PhoneHref    htmltemplate.URL // tel: link built from the digits of Phone
	Kind         string
	IsEmail      bool
	Subject      string
	Clicked      bool
	Note         string
	// NoteParagraphs is Note split into lines for the HTML part, where the
	// line breaks would otherwise be lost.
	NoteParagraphs []string
	MyReportsURL   string
	EmailSubject   string
}

// Compose writes the feedback e-mail for f.
func (t *Templates) Compose(f Feedback) (Message, error) {
	text, ok := t.text[f.Verdict]
	if !ok {
		return Message{}, vigil.InvalidFields("The feedback could not be written.",
			map[string]string{"verdict": fmt.Sprintf("%q is not one of %v", f.Verdict, Verdicts())})
	}
	v, err := newView(f)
	if err != nil {
		return Message{}, err
	}
	var subject, plain, html strings.Builder
	if err := text.ExecuteTemplate(&subject, "subject", v); err != nil {
		return Message{}, fmt.Errorf("render subject for %s: %w", f.Verdict, err)
	}
	v.EmailSubject = oneLine(subject.String(), 200)
	if err := text.ExecuteTemplate(&plain, "layout", v); err != nil {
		return Message{}, fmt.Errorf("render text for %s: %w", f.Verdict, err)
	}
	if err := t.html[f.Verdict].ExecuteTemplate(&html, "layout", v); err != nil {
		return Message{}, fmt.Errorf("render HTML for %s: %w", f.Verdict, err)
	}
	return Message{
		To:        f.To,
		Subject:   v.EmailSubject,
		Text:      plain.String(),
		HTML:      html.String(),
		InReplyTo: f.InReplyTo,
	}, nil
}

func newView(f Feedback) (view, error) {
	fields := map[string]string{}
	if strings.TrimSpace(f.To) == "" {
		fields["to"] = "is required"
	}
	org := oneLine(f.Organisation, 120)
	if org == "" {
		fields["organisation"] = "is required: the feedback is signed in its name"
	}
	if f.MyReportsURL != "" {
		if u, err := url.Parse(f.MyReportsURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fields["my_reports_url"] = "must be an http or https address"
		}
	}
	if len(fields) > 0 {
		return view{}, vigil.InvalidFields("The feedback could not be written.", fields)
	}

	kind := oneLine(f.Kind, 40)
	if kind == "" {
		kind = "e-mail"
	}
	note := multiLine(f.AnalystNote, 4000)
	var paragraphs []string
	for line := range strings.SplitSeq(note, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paragraphs = append(paragraphs, line)
		}
	}
	phone := oneLine(f.ServiceDeskPhone, 40)
	return view{
		FirstName:      oneLine(f.FirstName, 60),
		Organisation:   org,
		Phone:          phone,
		PhoneHref:      telLink(phone),
		Kind:           kind,
		IsEmail:        slices.Contains([]string{"e-mail", "email"}, strings.ToLower(kind)),
		Subject:        oneLine(withoutLinks(f.Subject), 80),
		Clicked:        f.Clicked,
		Note:           note,
		NoteParagraphs: paragraphs,
		MyReportsURL:   f.MyReportsURL,
	}, nil
}

// linkPattern finds what mail clients turn into clickable links. A quoted
// phishing subject must not hand the reporter the attacker's link again.
var linkPattern = regexp.MustCompile(`(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S*`)

func withoutLinks(s string) string {
	return linkPattern.ReplaceAllString(s, "[link removed]")
}

// oneLine makes s safe for a single line: control characters become spaces,
// runs of spaces collapse, and it is cut to at most limit runes.
func oneLine(s string, limit int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
	}), " ")
	return clip(s, limit)
}

// multiLine keeps line breaks but drops every other control character.
func multiLine(s string, limit int) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t', r == '\u2028', r == '\u2029':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return clip(strings.TrimSpace(s), limit)
}

func clip(s string, limit int) string {
	if r := []rune(s); len(r) > limit {
		return strings.TrimSpace(string(r[:limit-1])) + "…"
	}
	return s
}

// telLink turns "0113 392 0000 (option 2)" into "tel:01133920000": a phone
// number a tap can dial. Anything after the first letter is a note, not a digit
// to dial.
func telLink(phone string) htmltemplate.URL {
	if i := strings.IndexFunc(phone, unicode.IsLetter); i >= 0 {
		phone = phone[:i] // stop at "ext", "option" and the like
	}
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	// Only digits and a leading +, so the URL cannot carry anything else.
	return htmltemplate.URL("tel:" + b.String())
}
