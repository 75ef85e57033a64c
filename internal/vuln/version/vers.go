package version

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Vers is a parsed vers range, such as "vers:npm/>=1.0.0|<2.0.0" (package-url/vers-spec):
// a version type and constraints sorted by version. It is read-only once parsed.
type Vers struct {
	Type        string // the vers type as written: npm, pypi, maven, …
	scheme      Scheme
	star        bool // "*": every version
	constraints []Constraint
}

// Constraint is one comparator and version; an empty Op means "equal to".
type Constraint struct {
	Op      string // "", "!=", "<", "<=", ">", ">="
	Version Version
}

// versTypes maps vers types to schemes. Several types share the SemVer rules.
var versTypes = map[string]Scheme{
	"npm": SemVer, "semver": SemVer, "golang": SemVer, "cargo": SemVer, "hex": SemVer, "pub": SemVer,
	"pypi": PyPI, "maven": Maven, "nuget": NuGet, "gem": Gem, "deb": Debian, "rpm": RPM,
	"apk": Alpine, "alpine": Alpine, "generic": Generic,
}

// ErrVersOrder is returned for constraints out of version order or repeated. The vers
// parsing rules require sorted input and forbid tools to correct it.
var ErrVersOrder = errors.New("constraints must be sorted by version, each version once")

// MaxConstraints is the most constraints one vers may have.
const MaxConstraints = 1000

// ParseVers reads and validates a vers string. Constraints must be sorted by version,
// each version may appear once, and no constraint may be redundant (">=1|>=2").
func ParseVers(s string) (*Vers, error) {
	if strings.ContainsAny(s, " \t\r\n") {
		return nil, errors.New("a vers range may not contain spaces")
	}
	scheme, spec, ok := strings.Cut(s, ":")
	if !ok || scheme != "vers" {
		return nil, errors.New(`a vers range starts with "vers:"`)
	}
	typ, cons, ok := strings.Cut(spec, "/")
	if !ok || typ == "" {
		return nil, errors.New(`a vers range needs a type and "/", as in vers:npm/1.0.0`)
	}
	if typ != strings.ToLower(typ) {
		return nil, fmt.Errorf("the vers type %q must be lower case", typ)
	}
	sch, known := versTypes[typ]
	if !known {
		return nil, fmt.Errorf("the vers type %q is not one Vigil can compare", typ)
	}
	r := &Vers{Type: typ, scheme: sch}
	if cons == "*" {
		r.star = true
		return r, nil
	}
	if cons == "" {
		return nil, errors.New("a vers range needs at least one constraint")
	}
	parts := strings.Split(cons, "|")
	if len(parts) > MaxConstraints {
		return nil, fmt.Errorf("a vers range has %d constraints; the limit is %d", len(parts), MaxConstraints)
	}
	for i, p := range parts {
		c, err := parseConstraint(sch, p)
		if err != nil {
			return nil, fmt.Errorf("constraint %d %q: %w", i+1, p, err)
		}
		r.constraints = append(r.constraints, c)
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func parseConstraint(s Scheme, p string) (Constraint, error) {
	if p == "" {
		return Constraint{}, errors.New("empty constraint (a stray \"|\")")
	}
	var c Constraint
	for _, op := range []string{">=", "<=", "!=", "<", ">"} {
		if strings.HasPrefix(p, op) {
			c.Op, p = op, p[len(op):]
			break
		}
	}
	if strings.HasPrefix(p, "=") {
		return c, errors.New(`write "1.0", not "=1.0"`)
	}
	raw, err := url.PathUnescape(p)
	if err != nil {
		return c, errors.New("bad percent-encoding")
	}
	if raw == "" {
		return c, errors.New("no version")
	}
	c.Version, err = s.Parse(raw)
	return c, err
}

func (r *Vers) validate() error {
	for i := 1; i < len(r.constraints); i++ {
		if r.constraints[i-1].Version.compare(r.constraints[i].Version) >= 0 {
			return ErrVersOrder
		}
	}
	var prev string
	first := true
	for _, c := range r.constraints {
		if c.Op == "!=" {
			continue
		}
		if !first {
			lowish := prev == "" || prev == "<" || prev == "<="
			highish := prev == ">" || prev == ">="
			if lowish && (c.Op == "<" || c.Op == "<=") || highish && (c.Op == "" || c.Op == ">" || c.Op == ">=") {
				return fmt.Errorf("constraint %s%s is redundant next to %s", c.Op, c.Version, prev+"…")
			}
		}
		prev, first = c.Op, false
	}
	return nil
}

// Scheme is the version scheme of the range's type.
func (r *Vers) Scheme() Scheme { return r.scheme }

// String is the canonical vers text.
func (r *Vers) String() string {
	if r.star {
		return "vers:" + r.Type + "/*"
	}
	parts := make([]string, len(r.constraints))
	for i, c := range r.constraints {
		parts[i] = c.Op + strings.ReplaceAll(url.PathEscape(c.Version.String()), "%3A", ":")
	}
	return "vers:" + r.Type + "/" + strings.Join(parts, "|")
}

// Constraints returns the constraints in version order.
func (r *Vers) Constraints() []Constraint { return slices.Clone(r.constraints) }

// Contains reports whether v is in the range, by the vers-spec algorithm.
func (r *Vers) Contains(v Version) bool {
	if SchemeOf(v) != r.scheme {
		return false
	}
	if r.star {
		return true
	}
	var bounds []Constraint
	for _, c := range r.constraints {
		eq := v.compare(c.Version) == 0
		switch c.Op {
		case "", "<=", ">=":
			if eq {
				return true
			}
		case "!=":
			if eq {
				return false
			}
		}
		if c.Op != "" && c.Op != "!=" {
			bounds = append(bounds, c)
		}
	}
	if len(bounds) == 1 {
		return satisfies(v, bounds[0])
	}
	for i := 0; i+1 < len(bounds); i++ {
		cur, next := bounds[i], bounds[i+1]
		if i == 0 && isLess(cur.Op) && v.compare(cur.Version) < 0 {
			return true
		}
		if i+1 == len(bounds)-1 && isGreater(next.Op) && v.compare(next.Version) > 0 {
			return true
		}
		if isGreater(cur.Op) && isLess(next.Op) && v.compare(cur.Version) > 0 && v.compare(next.Version) < 0 {
			return true
		}
	}
	return false
}

func isLess(op string) bool    { return op == "<" || op == "<=" }
func isGreater(op string) bool { return op == ">" || op == ">=" }

func satisfies(v Version, c Constraint) bool {
	d := v.compare(c.Version)
	switch c.Op {
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	case "!=":
		return d != 0
	}
	return d == 0
}
