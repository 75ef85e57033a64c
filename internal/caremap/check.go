package caremap

import (
	"fmt"
	"net/netip"
	"strings"
)

// where names a place in a map: a section, an element of it, one of its dependencies, a field.
type where struct {
	section string // organisation, services, assets, suppliers or risk_model
	index   int    // element of a list section, or -1
	dep     int    // element of depends_on, or -1
	field   string // "" for the element itself; dotted when nested, such as downtime.safe_for
}

func (w where) path() string {
	var b strings.Builder
	b.WriteString(w.section)
	if w.index >= 0 {
		fmt.Fprintf(&b, "[%d]", w.index)
	}
	if w.dep >= 0 {
		fmt.Fprintf(&b, ".depends_on[%d]", w.dep)
	}
	if w.field != "" {
		b.WriteString(".")
		b.WriteString(w.field)
	}
	return b.String()
}

// parent is the place that holds w's field: where to say a field is missing.
func (w where) parent() where {
	if i := strings.LastIndexByte(w.field, '.'); i >= 0 {
		w.field = w.field[:i]
	} else {
		w.field = ""
	}
	return w
}

// written says whether the file wrote a field, and whether the parser could read it.
type written uint8

const (
	notWritten written = iota
	wellWritten
	badlyWritten // the parser has already reported it
)

// locator finds a place in the file a map came from.
type locator interface {
	// locate returns w's line and column (0 when unknown) and whether the file wrote it.
	locate(w where) (line, col int, how written)
	// fromFile reports whether the map came from a file (else it was built in memory).
	fromFile() bool
}

// pathLocator is for maps built in memory: places are paths and nothing was written.
type pathLocator struct{}

func (pathLocator) locate(where) (int, int, written) { return 0, 0, notWritten }
func (pathLocator) fromFile() bool                   { return false }

// ref is an id's place in the map.
type ref struct {
	typ Type
	i   int32
}

// checker finds every semantic problem in a map: missing fields, bad ids and references.
type checker struct {
	c        *Contents
	loc      locator
	ids      map[string]ref
	problems Problems
}

func check(c *Contents, loc locator) Problems {
	k := &checker{c: c, loc: loc, ids: make(map[string]ref, len(c.Services)+len(c.Assets)+len(c.Suppliers))}
	k.organisation()
	k.collectIDs()
	for i, s := range c.Suppliers {
		w := where{"suppliers", i, -1, ""}
		k.text(w, "name", s.Name, "supplier")
	}
	for i := range c.Services {
		k.service(i, &c.Services[i])
	}
	for i := range c.Assets {
		k.asset(i, &c.Assets[i])
	}
	for _, fp := range c.RiskModel.check() {
		k.add(where{"risk_model", -1, -1, fp.field}, "%s", fp.message)
	}
	return k.problems
}

func (k *checker) add(w where, format string, args ...any) {
	line, col, _ := k.loc.locate(w)
	p := Problem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
	if line == 0 {
		p.Path = w.path()
	}
	k.problems = append(k.problems, p)
}

func (k *checker) written(w where) written {
	_, _, how := k.loc.locate(w)
	return how
}

// missing reports a required field that has no usable value, unless the file wrote one
// that the parser has already complained about.
func (k *checker) missing(w where, what string) {
	if k.written(w) != notWritten {
		return
	}
	k.add(w.parent(), "%s", what)
}

// text checks a required string field.
func (k *checker) text(w where, field, v, what string) {
	if strings.TrimSpace(v) != "" {
		return
	}
	if w.field != "" {
		field = w.field + "." + field
	}
	w.field = field
	switch k.written(w) {
	case badlyWritten:
	case wellWritten:
		k.add(w, "the %s's %s is empty", what, field[strings.LastIndexByte(field, '.')+1:])
	default:
		k.add(w.parent(), "the %s has no %s", what, field[strings.LastIndexByte(field, '.')+1:])
	}
}

func (k *checker) organisation() {
	o := k.c.Organisation
	w := where{"organisation", -1, -1, ""}
	if k.loc.fromFile() && k.written(w) == notWritten {
		return // the parser has said the organisation is missing
	}
	if o.Code == "" {
		k.text(w, "code", o.Code, "organisation")
	} else if !validCode(o.Code) {
		k.add(where{"organisation", -1, -1, "code"}, "bad organisation code %q: use its ODS code, 2 to 12 capital letters and digits, such as RXX", o.Code)
	}
	k.text(w, "name", o.Name, "organisation")
	if o.Type != "" && !validSlug(o.Type) {
		k.add(where{"organisation", -1, -1, "type"}, "bad organisation type %q: use lower-case words joined by hyphens, such as acute-trust", o.Type)
	}
}

func (k *checker) collectIDs() {
	visit := func(typ Type, section string, i int, id string) {
		w := where{section, i, -1, "id"}
		if id == "" {
			k.text(where{section, i, -1, ""}, "id", id, typ.String())
			return
		}
		if !validSlug(id) {
			k.add(w, "bad id %q: use lower-case letters, digits and hyphens, such as epr-db (at most 64)", id)
			return
		}
		if first, ok := k.ids[id]; ok {
			k.add(w, "id %q is already used by the %s %s; ids must be unique across services, assets and suppliers",
				id, first.typ, k.describe(first))
			return
		}
		k.ids[id] = ref{typ, int32(i)}
	}
	for i, s := range k.c.Suppliers {
		visit(TypeSupplier, "suppliers", i, s.ID)
	}
	for i, s := range k.c.Services {
		visit(TypeService, "services", i, s.ID)
	}
	for i, a := range k.c.Assets {
		visit(TypeAsset, "assets", i, a.ID)
	}
}

// describe says where an earlier element is, for duplicate-id messages.
func (k *checker) describe(r ref) string {
	w := where{sectionOf(r.typ), int(r.i), -1, ""}
	if line, _, _ := k.loc.locate(w); line > 0 {
		return fmt.Sprintf("on line %d", line)
	}
	return "at " + w.path()
}

func sectionOf(t Type) string {
	switch t {
	case TypeService:
		return "services"
	case TypeAsset:
		return "assets"
	}
	return "suppliers"
}

func (k *checker) service(i int, s *Service) {
	w := where{"services", i, -1, ""}
	k.text(w, "name", s.Name, "service")
	switch {
	case s.Consequence == 0:
		k.missing(where{"services", i, -1, "consequence"},
			"the service has no consequence: use minor, significant, considerable, major or catastrophic")
	case !s.Consequence.Valid():
		k.add(where{"services", i, -1, "consequence"}, "unknown consequence %d", s.Consequence)
	}
	if s.PatientsPerDay < 0 || s.PatientsPerDay > maxPatientsPerDay {
		k.add(where{"services", i, -1, "patients_per_day"}, "patients_per_day must be between 0 and %d", maxPatientsPerDay)
	}
	if !s.Downtime.IsZero() {
		d := s.Downtime
		if strings.TrimSpace(d.Procedure) == "" {
			k.text(where{"services", i, -1, "downtime"}, "procedure", d.Procedure, "downtime")
		}
		switch {
		case d.SafeFor == 0:
			k.missing(where{"services", i, -1, "downtime.safe_for"},
				"the downtime procedure has no safe_for: say how long it keeps patients safe, such as 4h")
		case d.SafeFor < 0 || d.SafeFor > MaxDuration || d.SafeFor%Minute != 0:
			k.add(where{"services", i, -1, "downtime.safe_for"}, "safe_for must be whole minutes, more than zero and at most ten years")
		}
	}
	k.dependencies("services", i, s.DependsOn)
}

func (k *checker) asset(i int, a *Asset) {
	w := where{"assets", i, -1, ""}
	k.text(w, "name", a.Name, "asset")
	switch {
	case a.Kind == "":
		k.missing(where{"assets", i, -1, "kind"}, "the asset has no kind: use "+orList(Kinds()))
	case !a.Kind.Valid():
		k.add(where{"assets", i, -1, "kind"}, "unknown kind %q; use %s", a.Kind, orList(Kinds()))
	}
	if a.Exposure != "" && !a.Exposure.Valid() {
		k.add(where{"assets", i, -1, "exposure"}, "unknown exposure %q; use %s", a.Exposure, orList(Exposures()))
	}
	if a.Supplier != "" {
		k.reference(where{"assets", i, -1, "supplier"}, TypeSupplier, a.Supplier)
	}
	if a.EndOfSupport != (Date{}) {
		if _, err := ParseDate(a.EndOfSupport.String()); err != nil {
			k.add(where{"assets", i, -1, "end_of_support"}, "%v", err)
		}
	}
	id := a.Identifiers
	if id.CPE != "" && !strings.HasPrefix(id.CPE, "cpe:") {
		k.add(where{"assets", i, -1, "identifiers.cpe"}, "bad CPE %q: it starts with cpe:2.3: or cpe:/", id.CPE)
	}
	if id.PURL != "" && !strings.HasPrefix(id.PURL, "pkg:") {
		k.add(where{"assets", i, -1, "identifiers.purl"}, "bad package URL %q: it starts with pkg:", id.PURL)
	}
	for _, h := range id.Hostnames {
		if strings.TrimSpace(h) == "" || strings.ContainsAny(h, " \t/") {
			k.add(where{"assets", i, -1, "identifiers.hostnames"}, "bad hostname %q", h)
		}
	}
	for _, ip := range id.IPs {
		if _, err := netip.ParseAddr(ip); err != nil {
			if _, err := netip.ParsePrefix(ip); err != nil {
				k.add(where{"assets", i, -1, "identifiers.ips"}, "bad IP address %q: write it as 10.1.2.3 or a range such as 10.1.2.0/24", ip)
			}
		}
	}
	k.dependencies("assets", i, a.DependsOn)
}

func (k *checker) dependencies(section string, i int, deps []Dependency) {
	seen := make(map[string]bool, len(deps))
	for j, d := range deps {
		w := where{section, i, j, ""}
		switch {
		case d.Type == 0 && d.ID == "":
			k.missing(w, "the dependency names nothing: give one of asset, service or supplier")
		case d.Type < TypeService || d.Type > TypeSupplier:
			k.add(w, "unknown dependency type %d", d.Type)
		default:
			w.field = d.Type.String()
			if k.reference(w, d.Type, d.ID) {
				if seen[d.ID] {
					k.add(w, "%s %q is listed twice; keep one, with the need that is true", d.Type, d.ID)
				}
				seen[d.ID] = true
			}
		}
		switch {
		case d.Need == 0:
			k.missing(where{section, i, j, "need"}, "the dependency has no need: use required, degraded or optional")
		case !d.Need.Valid():
			k.add(where{section, i, j, "need"}, "unknown need %d", d.Need)
		}
	}
}

// reference checks that id names something of type want, and says so plainly if not.
func (k *checker) reference(w where, want Type, id string) bool {
	r, ok := k.ids[id]
	switch {
	case id == "":
		if k.written(w) != badlyWritten {
			k.add(w, "the %s id is empty", want)
		}
	case !ok:
		k.add(w, "unknown %s %q", want, id)
	case r.typ != want:
		k.add(w, "%q is %s, not %s", id, withArticle(r.typ), withArticle(want))
	default:
		return true
	}
	return false
}

// maxPatientsPerDay is far above any real service and keeps patients_affected well inside int64.
const maxPatientsPerDay = 10_000_000

// validSlug reports whether s is a lower-case id such as epr-db.
func validSlug(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validCode reports whether s looks like an ODS organisation code.
func validCode(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func withArticle(t Type) string {
	if t == TypeAsset {
		return "an asset"
	}
	return "a " + t.String()
}
