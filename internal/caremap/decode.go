package caremap

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder turns a YAML node tree into Contents, noting every structural problem (wrong
// shapes, unknown or repeated fields, values that cannot be read) with its line and column.
// What the values mean (missing fields, references) is the checker's work.
type decoder struct {
	problems Problems
	budget   int  // node visits left; aliases count each time they are used
	aliases  int  // nodes that aliases may still copy in
	over     bool // a limit was reached and decoding stopped
	loc      *fileLocator
	sizes    map[*yaml.Node]int // size of each aliased subtree, worked out once
}

// fileLocator remembers which node each element came from, so the checker can point at it.
type fileLocator struct {
	bad                         map[*yaml.Node]bool // values the decoder could not read
	root, org, risk             *yaml.Node
	suppliers, services, assets []*yaml.Node
	serviceDeps, assetDeps      [][]*yaml.Node
}

func (d *decoder) report(n *yaml.Node, format string, args ...any) {
	d.loc.bad[n] = true
	d.problems = append(d.problems, Problem{Line: n.Line, Column: n.Column, Message: fmt.Sprintf(format, args...)})
}

// node follows aliases and charges the visit to the budget. Each use of an alias is charged
// the whole size of what it copies, so a small file cannot expand into a huge map.
func (d *decoder) node(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
		d.aliases -= d.size(n)
		if d.aliases < 0 && !d.over {
			d.over = true
			d.report(n, "the file repeats too much through aliases (* and &): more than %d copied nodes", MaxAliasNodes)
		}
	}
	d.budget--
	if d.budget < 0 && !d.over {
		d.over = true
		d.report(n, "the file is too complex: more than %d YAML nodes, counting each use of an alias", MaxYAMLNodes)
	}
	return n
}

func (d *decoder) size(n *yaml.Node) int {
	if v, ok := d.sizes[n]; ok {
		return v
	}
	if d.sizes == nil {
		d.sizes = make(map[*yaml.Node]int)
	}
	d.sizes[n] = 1 // an alias inside its own anchor counts once, and the walk ends
	total := 1
	for _, c := range n.Content {
		if c.Kind == yaml.AliasNode && c.Alias != nil {
			total += d.size(c.Alias)
		} else {
			total += d.size(c)
		}
		if total > MaxAliasNodes {
			break
		}
	}
	d.sizes[n] = total
	return total
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping calls each for every known field of a mapping node, reporting unknown and repeated ones.
func (d *decoder) mapping(n *yaml.Node, what string, fields []string, each func(key string, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		d.report(n, "the %s must be a set of fields (key: value)", what)
		return false
	}
	seen := make([]bool, len(fields))
	for i := 0; i+1 < len(n.Content) && !d.over; i += 2 {
		k := d.node(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			d.report(k, "field names in the %s must be plain words", what)
			continue
		}
		j := slices.Index(fields, k.Value)
		if j < 0 {
			d.report(k, "unknown field %q in the %s; use %s", k.Value, what, orList(fields))
			continue
		}
		if seen[j] {
			d.report(k, "field %q appears twice in the %s", k.Value, what)
			continue
		}
		seen[j] = true
		each(k.Value, d.node(n.Content[i+1]))
	}
	return true
}

// list returns the elements of a sequence node; null counts as an empty list.
func (d *decoder) list(n *yaml.Node, what string) []*yaml.Node {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.report(n, "%s must be a list (lines starting with -)", what)
		return nil
	}
	return n.Content
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		d.report(n, "%s must be a single value, not a list or a set of fields", what)
		return ""
	}
	if isNull(n) {
		return ""
	}
	return n.Value
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	d.report(n, "%s must be true or false", what)
	return false
}

func (d *decoder) integer(n *yaml.Node, what string) int {
	var v int64
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v > math.MaxInt32 || v < math.MinInt32 {
		d.report(n, "%s must be a whole number", what)
		return 0
	}
	return int(v)
}

func (d *decoder) number(n *yaml.Node, what string) float64 {
	var v float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&v) != nil ||
		math.IsNaN(v) || math.IsInf(v, 0) {
		d.report(n, "%s must be a number", what)
		return 0
	}
	if v <= 0 {
		d.report(n, "%s must be more than zero", what)
		return 0
	}
	return v
}

func (d *decoder) duration(n *yaml.Node, what string) Duration {
	s := d.str(n, what)
	if n.Kind != yaml.ScalarNode {
		return 0
	}
	v, err := ParseDuration(s)
	if err != nil {
		d.report(n, "%s: %v", what, err)
	}
	return v
}

func (d *decoder) date(n *yaml.Node, what string) Date {
	s := d.str(n, what)
	if n.Kind != yaml.ScalarNode || s == "" {
		return Date{}
	}
	v, err := ParseDate(s)
	if err != nil {
		d.report(n, "%s: %v", what, err)
	}
	return v
}

func (d *decoder) stringList(n *yaml.Node, what string) []string {
	var out []string
	for _, e := range d.list(n, what) {
		out = append(out, d.str(d.node(e), what))
	}
	return out
}

// enum reads one word of a fixed vocabulary; a bad word is reported and read as zero.
func enum[T any](d *decoder, n *yaml.Node, what string, parse func(string) (T, error)) T {
	var zero T
	s := d.str(n, what)
	if n.Kind != yaml.ScalarNode {
		return zero
	}
	v, err := parse(s)
	if err != nil {
		d.report(n, "%v", err)
		return zero
	}
	return v
}

func parseKind(s string) (Kind, error) {
	if k := Kind(s); k.Valid() {
		return k, nil
	}
	return "", fmt.Errorf("unknown kind %q; use %s", s, orList(Kinds()))
}

func parseExposure(s string) (Exposure, error) {
	if e := Exposure(s); e.Valid() {
		return e, nil
	}
	return "", fmt.Errorf("unknown exposure %q; use %s", s, orList(Exposures()))
}

var (
	topFields        = []string{"organisation", "suppliers", "services", "assets", "risk_model"}
	organisationKeys = []string{"code", "name", "type"}
	supplierFields   = []string{"id", "name", "contact"}
	serviceFields    = []string{"id", "name", "consequence", "patients_per_day", "downtime", "depends_on"}
	downtimeFields   = []string{"procedure", "safe_for"}
	assetFields      = []string{"id", "name", "kind", "supplier", "exposure", "patient_data", "end_of_support",
		"identifiers", "sbom", "depends_on"}
	identifierFields = []string{"cpe", "purl", "hostnames", "ips"}
	dependencyFields = []string{"asset", "service", "supplier", "need"}
	riskModelFields  = []string{"likelihood", "untrustworthy_at_least", "matrix"}
)

// contents decodes the document's top mapping.
func (d *decoder) contents(root *yaml.Node) Contents {
	var c Contents
	d.loc.root = root
	if root.Kind != yaml.MappingNode {
		d.report(root, "the care map must be a set of fields: organisation, suppliers, services and assets")
		return c
	}
	// Count entries before decoding any, so that a huge file is refused quickly and plainly.
	entries := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "suppliers", "services", "assets":
			entries += len(root.Content[i+1].Content)
		}
	}
	if entries > MaxEntries {
		d.report(root, "the map has %d services, assets and suppliers; the limit is %d", entries, MaxEntries)
		d.over = true
		return c
	}
	hasOrg := false
	d.mapping(root, "care map", topFields, func(key string, v *yaml.Node) {
		switch key {
		case "organisation":
			hasOrg = true
			d.loc.org = v
			d.mapping(v, "organisation", organisationKeys, func(key string, v *yaml.Node) {
				switch key {
				case "code":
					c.Organisation.Code = d.str(v, "code")
				case "name":
					c.Organisation.Name = d.str(v, "name")
				case "type":
					c.Organisation.Type = d.str(v, "type")
				}
			})
		case "suppliers":
			for _, e := range d.list(v, "suppliers") {
				if s, ok := d.supplier(d.node(e)); ok {
					c.Suppliers = append(c.Suppliers, s)
				}
			}
		case "services":
			for _, e := range d.list(v, "services") {
				if s, ok := d.service(d.node(e)); ok {
					c.Services = append(c.Services, s)
				}
			}
		case "assets":
			for _, e := range d.list(v, "assets") {
				if a, ok := d.asset(d.node(e)); ok {
					c.Assets = append(c.Assets, a)
				}
			}
		case "risk_model":
			d.loc.risk = v
			c.RiskModel = d.riskModel(v)
		}
	})
	if !hasOrg && !d.over {
		d.report(root, "the care map has no organisation: add organisation: {code: …, name: …, type: …}")
	}
	return c
}

func (d *decoder) supplier(n *yaml.Node) (Supplier, bool) {
	var s Supplier
	ok := d.mapping(n, "supplier", supplierFields, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			s.ID = d.str(v, "id")
		case "name":
			s.Name = d.str(v, "name")
		case "contact":
			s.Contact = d.str(v, "contact")
		}
	})
	if ok {
		d.loc.suppliers = append(d.loc.suppliers, n)
	}
	return s, ok
}

func (d *decoder) service(n *yaml.Node) (Service, bool) {
	var s Service
	var deps []*yaml.Node
	ok := d.mapping(n, "service", serviceFields, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			s.ID = d.str(v, "id")
		case "name":
			s.Name = d.str(v, "name")
		case "consequence":
			s.Consequence = enum(d, v, "consequence", ParseConsequence)
		case "patients_per_day":
			s.PatientsPerDay = d.integer(v, "patients_per_day")
		case "downtime":
			if isNull(v) {
				return
			}
			d.mapping(v, "downtime procedure", downtimeFields, func(key string, v *yaml.Node) {
				switch key {
				case "procedure":
					s.Downtime.Procedure = d.str(v, "procedure")
				case "safe_for":
					s.Downtime.SafeFor = d.duration(v, "safe_for")
				}
			})
		case "depends_on":
			s.DependsOn, deps = d.dependencies(v)
		}
	})
	if ok {
		d.loc.services = append(d.loc.services, n)
		d.loc.serviceDeps = append(d.loc.serviceDeps, deps)
	}
	return s, ok
}

func (d *decoder) asset(n *yaml.Node) (Asset, bool) {
	var a Asset
	var deps []*yaml.Node
	ok := d.mapping(n, "asset", assetFields, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			a.ID = d.str(v, "id")
		case "name":
			a.Name = d.str(v, "name")
		case "kind":
			a.Kind = enum(d, v, "kind", parseKind)
		case "supplier":
			a.Supplier = d.str(v, "supplier")
		case "exposure":
			a.Exposure = enum(d, v, "exposure", parseExposure)
		case "patient_data":
			a.PatientData = d.boolean(v, "patient_data")
		case "end_of_support":
			a.EndOfSupport = d.date(v, "end_of_support")
		case "sbom":
			a.SBOM = d.str(v, "sbom")
		case "identifiers":
			if isNull(v) {
				return
			}
			d.mapping(v, "identifiers", identifierFields, func(key string, v *yaml.Node) {
				switch key {
				case "cpe":
					a.Identifiers.CPE = d.str(v, "cpe")
				case "purl":
					a.Identifiers.PURL = d.str(v, "purl")
				case "hostnames":
					a.Identifiers.Hostnames = d.stringList(v, "hostnames")
				case "ips":
					a.Identifiers.IPs = d.stringList(v, "ips")
				}
			})
		case "depends_on":
			a.DependsOn, deps = d.dependencies(v)
		}
	})
	if ok {
		d.loc.assets = append(d.loc.assets, n)
		d.loc.assetDeps = append(d.loc.assetDeps, deps)
	}
	return a, ok
}

func (d *decoder) dependencies(n *yaml.Node) ([]Dependency, []*yaml.Node) {
	var out []Dependency
	var nodes []*yaml.Node
	for _, e := range d.list(n, "depends_on") {
		e = d.node(e)
		var dep Dependency
		targets := 0
		ok := d.mapping(e, "dependency", dependencyFields, func(key string, v *yaml.Node) {
			switch key {
			case "asset", "service", "supplier":
				targets++
				if targets > 1 {
					d.report(v, "a dependency names one thing: give only one of asset, service or supplier")
					return
				}
				dep.ID = d.str(v, key)
				dep.Type = map[string]Type{"asset": TypeAsset, "service": TypeService, "supplier": TypeSupplier}[key]
			case "need":
				dep.Need = enum(d, v, "need", ParseNeed)
			}
		})
		if !ok {
			continue
		}
		if targets == 0 {
			d.report(e, "the dependency names nothing: give one of asset, service or supplier")
		}
		out = append(out, dep)
		nodes = append(nodes, e)
	}
	return out, nodes
}

func (d *decoder) riskModel(n *yaml.Node) RiskModel {
	var rm RiskModel
	if isNull(n) {
		return rm
	}
	d.mapping(n, "risk_model", riskModelFields, func(key string, v *yaml.Node) {
		switch key {
		case "likelihood":
			t := &rm.Thresholds
			d.mapping(v, "likelihood thresholds", []string{"very-low", "low", "medium", "high"}, func(key string, v *yaml.Node) {
				p := map[string]*float64{"very-low": &t.VeryLow, "low": &t.Low, "medium": &t.Medium, "high": &t.High}[key]
				*p = d.number(v, key)
			})
		case "untrustworthy_at_least":
			rm.UntrustworthyAtLeast = enum(d, v, "untrustworthy_at_least", ParseLikelihood)
		case "matrix":
			d.mapping(v, "risk matrix", likelihoodNames[1:], func(key string, v *yaml.Node) {
				l, _ := ParseLikelihood(key)
				cells := d.list(v, "a matrix row")
				if v.Kind == yaml.SequenceNode && len(cells) != 5 {
					d.report(v, "a matrix row has five risk levels, for minor to catastrophic")
					return
				}
				var row [5]int
				for i, c := range cells {
					row[i] = d.integer(d.node(c), "a risk level")
				}
				rm.Matrix[l-1] = row
			})
		}
	})
	return rm
}

// locate finds w in the file: the value node of its field if written, else the element.
func (l *fileLocator) fromFile() bool { return true }

func (l *fileLocator) locate(w where) (int, int, written) {
	var n *yaml.Node
	switch w.section {
	case "organisation":
		n = l.org
	case "risk_model":
		n = l.risk
	case "suppliers":
		n = at(l.suppliers, w.index)
	case "services":
		n = at(l.services, w.index)
		if w.dep >= 0 && w.index < len(l.serviceDeps) {
			n = at(l.serviceDeps[w.index], w.dep)
		}
	case "assets":
		n = at(l.assets, w.index)
		if w.dep >= 0 && w.index < len(l.assetDeps) {
			n = at(l.assetDeps[w.index], w.dep)
		}
	}
	if n == nil {
		if l.root == nil {
			return 0, 0, notWritten
		}
		return l.root.Line, l.root.Column, notWritten
	}
	for part := range strings.SplitSeq(w.field, ".") {
		if part == "" {
			break
		}
		v := field(n, part)
		if v == nil {
			return n.Line, n.Column, notWritten
		}
		n = v
	}
	if l.bad[n] {
		return n.Line, n.Column, badlyWritten
	}
	return n.Line, n.Column, wellWritten
}

func at(ns []*yaml.Node, i int) *yaml.Node {
	if i < 0 || i >= len(ns) {
		return nil
	}
	return ns[i]
}

// field finds a key's value in a mapping node, following aliases.
func field(n *yaml.Node, key string) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode && v.Alias != nil {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}
