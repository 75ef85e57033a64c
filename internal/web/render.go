package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without zone files

	"github.com/vigil-health/vigil/internal/vigil"
)

//go:embed templates
var shellTemplates embed.FS

// london is UK time, summer or winter: staff read times from their own clock.
// The zone data is embedded (time/tzdata) so a bare server still has it.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

func ukTime(t time.Time) string { return t.In(london).Format("2 Jan 2006 15:04") }

// Pages maps a page name (its file name without .html) to its template set.
type Pages map[string]*template.Template

var funcs = template.FuncMap{
	"date":       ukTime,
	"asset":      AssetURL,
	"tel":        telURL,
	"phoneLinks": phoneLinks,
	// words turns a vocabulary code into words: "very-high" → "very high".
	"words": func(code any) string { return strings.ReplaceAll(fmt.Sprint(code), "-", " ") },
	"join": func(sep string, items any) string {
		switch v := items.(type) {
		case []string:
			return strings.Join(v, sep)
		case []vigil.Role:
			s := make([]string, len(v))
			for i, r := range v {
				s[i] = r.Label()
			}
			return strings.Join(s, sep)
		case []vigil.Permission:
			s := make([]string, len(v))
			for i, p := range v {
				s[i] = string(p)
			}
			return strings.Join(s, sep)
		}
		return fmt.Sprint(items)
	},
}

// telURL is a tel: address for a phone number as people write it
// ("0300 555 0142"), so a phone dials it with one tap.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String()) // digits and a leading + only
}

// phoneLinks writes text with each mention of the phone number as a tel: link.
func phoneLinks(text, phone string) template.HTML {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return template.HTML(html.EscapeString(text))
	}
	parts := strings.Split(text, phone)
	link := `<a href="` + html.EscapeString(string(telURL(phone))) + `">` + html.EscapeString(phone) + `</a>`
	for i := range parts {
		parts[i] = html.EscapeString(parts[i])
	}
	return template.HTML(strings.Join(parts, link))
}

// ParsePages parses a section's pages: every dir/*.html of files, each with
// the shell's layout, and with the section's own partials (dir/partials/*.html),
// pieces that several of its pages show. A page that does not parse, or
// defines no content, fails here — at start-up, not at 3 a.m.
func ParsePages(files fs.FS, dir string) (Pages, error) {
	names, err := fs.Glob(files, dir+"/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(files, dir+"/partials/*.html")
	if err != nil {
		return nil, err
	}
	p := Pages{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(shellTemplates, "templates/layout.html")
		if err == nil && len(partials) > 0 {
			t, err = t.ParseFS(files, partials...)
		}
		if err == nil {
			t, err = t.ParseFS(files, name)
		}
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no content block", name)
		}
		p[base] = t
	}
	return p, nil
}

// Layout is what every page shows around its content. Every page's view
// embeds one, made by Shell.Layout.
type Layout struct {
	Title        string
	Scope        *vigil.Scope
	CSRF         string
	Nonce        string
	Nav          []NavItem
	Back         string
	Flash        string
	Errors       []FieldError
	ErrorMessage string
	Version      string
	// InReport hides the yellow "report" bar on the report journey's own
	// pages, where it would only push the questions down a phone's screen.
	InReport bool
}

// Base lets the shell reach the layout inside any page's view.
func (l *Layout) Base() *Layout { return l }

// View is a page's typed view: a struct embedding Layout.
type View interface{ Base() *Layout }

// NavItem is one entry of the menu.
type NavItem struct {
	Text, Href string
	Current    bool
}

// FieldError is one problem in the error summary, linked to its field.
type FieldError struct {
	Field, Text string
}

// SetErrors shows err's message and fields in the page's error summary.
func (l *Layout) SetErrors(err error) {
	var e *vigil.Error
	if !errors.As(err, &e) {
		l.ErrorMessage = "Something went wrong. Try again."
		return
	}
	l.ErrorMessage = e.Message
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return placeLess(keys[i], keys[j]) })
	for _, k := range keys {
		if strings.Contains(k, " ") {
			// A place in a file ("line 12, column 3") rather than a form field:
			// say where, and link to the page's content.
			l.Errors = append(l.Errors, FieldError{Field: "maincontent", Text: strings.ToUpper(k[:1]) + k[1:] + ": " + e.Fields[k]})
			continue
		}
		l.Errors = append(l.Errors, FieldError{Field: k, Text: e.Fields[k]})
	}
	if len(l.Errors) == 0 {
		l.Errors = []FieldError{{Field: "maincontent", Text: e.Message}}
		l.ErrorMessage = ""
	}
}

// FieldErr returns the message for one field, for the inline error next to it.
func (l *Layout) FieldErr(field string) string {
	for _, e := range l.Errors {
		if e.Field == field {
			return e.Text
		}
	}
	return ""
}

// Err is a field's error for the inline message next to it.
func (l *Layout) Err(field string) FieldError {
	return FieldError{Field: field, Text: l.FieldErr(field)}
}

// Describe is a control's aria-describedby attribute: its hints and, when
// it has an error, the error message, so a screen reader reads both.
func (l *Layout) Describe(field string, hints ...string) template.HTMLAttr {
	ids := hints
	if l.FieldErr(field) != "" {
		ids = append(slices.Clone(hints), field+"-error")
	}
	if len(ids) == 0 {
		return ""
	}
	return template.HTMLAttr(`aria-describedby="` + html.EscapeString(strings.Join(ids, " ")) + `"`)
}

// Layout fills in what every page of a request shows: for someone signed
// in, the menu the sections offer them.
func (s *Shell) Layout(r *http.Request, title string) Layout {
	l := Layout{Title: title, CSRF: csrfToken(r), Nonce: nonce(r), Version: s.Version, Flash: flashOf(r),
		InReport: r.URL.Path == "/report" || strings.HasPrefix(r.URL.Path, "/report/")}
	if sc, ok := scopeOf(r); ok {
		l.Scope = &sc
		l.Nav = s.nav(sc, r.URL.Path)
	}
	return l
}

func (s *Shell) nav(sc vigil.Scope, path string) []NavItem {
	// The logo leads home and the yellow bar to a report, so on a phone the
	// menu's few visible places go to each person's own work first.
	var items []NavItem
	for _, sec := range s.sections {
		items = append(items, sec.Nav(sc)...)
	}
	// Only the closest item is current: on /admin/people, People and not Admin.
	best := -1
	for i, it := range items {
		if (it.Href == path || (it.Href != "/" && strings.HasPrefix(path, it.Href+"/"))) && (best < 0 || len(it.Href) > len(items[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
}

// RenderInvalid shows a form again with what is wrong with the input; an
// error that is not about the input gets the failure page instead.
func (s *Shell) RenderInvalid(w http.ResponseWriter, r *http.Request, pages Pages, page string, v View, err error) {
	if vigil.CodeOf(err) != vigil.Invalid {
		s.Fail(w, r, err)
		return
	}
	v.Base().SetErrors(err)
	s.Render(w, r, http.StatusUnprocessableEntity, pages, page, v)
}

// Render writes one of a section's pages; a template error is our fault and
// becomes a plain 500.
func (s *Shell) Render(w http.ResponseWriter, r *http.Request, status int, pages Pages, page string, v View) {
	t, ok := pages[page]
	if !ok {
		s.Logger.Error("no such page template", "page", page)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, "layout", v)
	if err == nil && len(v.Base().Errors) > 1 {
		// The error summary must list problems in the order of the fields
		// on the page, which only the rendered page knows.
		inPageOrder(v.Base().Errors, buf.String())
		buf.Reset()
		err = t.ExecuteTemplate(&buf, "layout", v)
	}
	if err != nil {
		s.Logger.Error("render page", "page", page, "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	if v.Base().Flash != "" {
		consumeFlash(w, r, s.SecureCookie)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// render writes one of the shell's own pages.
func (s *Shell) render(w http.ResponseWriter, r *http.Request, status int, page string, v View) {
	s.Render(w, r, status, s.pages, page, v)
}

// inPageOrder sorts errors by where their field's id first appears in html;
// errors with no field on the page keep their order, after the rest.
func inPageOrder(errs []FieldError, html string) {
	pos := func(e FieldError) int {
		if i := strings.Index(html, `id="`+e.Field+`"`); i >= 0 && e.Field != "maincontent" {
			return i
		}
		return len(html)
	}
	sort.SliceStable(errs, func(i, j int) bool { return pos(errs[i]) < pos(errs[j]) })
}

// placeLess orders "line 9" before "line 10", and anything else by text.
func placeLess(a, b string) bool {
	var la, lb int
	_, errA := fmt.Sscanf(a, "line %d", &la)
	_, errB := fmt.Sscanf(b, "line %d", &lb)
	if errA == nil && errB == nil && la != lb {
		return la < lb
	}
	return a < b
}
