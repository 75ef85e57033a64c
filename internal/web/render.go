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
	"slices"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without zone files

	"github.com/vigil-health/vigil/internal/vigil"
)

//go:embed templates
var templateFS embed.FS

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

// pages maps a page name (its file name without .html) to its template set.
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"date": ukTime,
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

func parsePages() (pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := pages{}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		// Partials are pieces that several pages show, such as an e-mail's analysis.
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", name)
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

// layout is what every page shows around its content.
type layout struct {
	Title        string
	Scope        *vigil.Scope
	CSRF         string
	Nonce        string
	Nav          []navItem
	Back         string
	Flash        string
	Errors       []fieldError
	ErrorMessage string
	Version      string
}

func (l *layout) base() *layout { return l }

type view interface{ base() *layout }

type navItem struct {
	Text, Href string
	Current    bool
}

type fieldError struct {
	Field, Text string
}

// setErrors shows err's message and fields in the page's error summary.
func (l *layout) setErrors(err error) {
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
			l.Errors = append(l.Errors, fieldError{Field: "maincontent", Text: strings.ToUpper(k[:1]) + k[1:] + ": " + e.Fields[k]})
			continue
		}
		l.Errors = append(l.Errors, fieldError{Field: k, Text: e.Fields[k]})
	}
	if len(l.Errors) == 0 {
		l.Errors = []fieldError{{Field: "maincontent", Text: e.Message}}
		l.ErrorMessage = ""
	}
}

// FieldErr returns the message for one field, for the inline error next to it.
func (l *layout) FieldErr(field string) string {
	for _, e := range l.Errors {
		if e.Field == field {
			return e.Text
		}
	}
	return ""
}

// Err is a field's error for the inline message next to it.
func (l *layout) Err(field string) fieldError {
	return fieldError{Field: field, Text: l.FieldErr(field)}
}

// Describe is a control's aria-describedby attribute: its hints and, when
// it has an error, the error message, so a screen reader reads both.
func (l *layout) Describe(field string, hints ...string) template.HTMLAttr {
	ids := hints
	if l.FieldErr(field) != "" {
		ids = append(slices.Clone(hints), field+"-error")
	}
	if len(ids) == 0 {
		return ""
	}
	return template.HTMLAttr(`aria-describedby="` + html.EscapeString(strings.Join(ids, " ")) + `"`)
}

// newLayout fills in what every page of a signed-in (or signed-out) request shows.
func (h *Handler) newLayout(r *http.Request, title string) layout {
	l := layout{Title: title, CSRF: csrfToken(r), Nonce: nonce(r), Version: h.Version, Flash: flashOf(r)}
	if sc, ok := scopeOf(r); ok {
		l.Scope = &sc
		l.Nav = navFor(sc, r.URL.Path)
	}
	return l
}

func navFor(sc vigil.Scope, path string) []navItem {
	items := []navItem{{Text: "Home", Href: "/"}, {Text: "Report", Href: "/report"}}
	items = append(items, reportNav(sc)...)
	items = append(items, careMapNav(sc)...)
	if sc.Can(vigil.ReadAcrossOrgs) {
		items = append(items, navItem{Text: "Organisations", Href: "/organisations"})
	}
	if sc.Can(vigil.ReadPeople) {
		items = append(items, navItem{Text: "People", Href: "/admin/people"}, navItem{Text: "Teams", Href: "/admin/teams"})
	}
	if sc.Can(vigil.WritePeople) {
		items = append(items, navItem{Text: "Admin", Href: "/admin"})
	}
	for i := range items {
		items[i].Current = items[i].Href == path || (items[i].Href != "/" && strings.HasPrefix(path, items[i].Href+"/"))
	}
	return items
}

// renderInvalid shows a form again with what is wrong with the input; an
// error that is not about the input gets the failure page instead.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v view, err error) {
	if vigil.CodeOf(err) != vigil.Invalid {
		h.fail(w, r, err)
		return
	}
	v.base().setErrors(err)
	h.render(w, r, http.StatusUnprocessableEntity, page, v)
}

// render writes a page; a template error is our fault and becomes a plain 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	t, ok := h.pages[page]
	if !ok {
		h.Logger.Error("no such page template", "page", page)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	err := t.ExecuteTemplate(&buf, "layout", v)
	if err == nil && len(v.base().Errors) > 1 {
		// The error summary must list problems in the order of the fields
		// on the page, which only the rendered page knows.
		inPageOrder(v.base().Errors, buf.String())
		buf.Reset()
		err = t.ExecuteTemplate(&buf, "layout", v)
	}
	if err != nil {
		h.Logger.Error("render page", "page", page, "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	if v.base().Flash != "" {
		consumeFlash(w, r, h.SecureCookie)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// inPageOrder sorts errors by where their field's id first appears in html;
// errors with no field on the page keep their order, after the rest.
func inPageOrder(errs []fieldError, html string) {
	pos := func(e fieldError) int {
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
