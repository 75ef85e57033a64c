// Package match finds which advisories affect what an organisation runs. An Index holds
// advisories keyed by package (ecosystem and normalised name) and by CPE vendor:product,
// so matching an inventory is a lookup per component, never a scan of every advisory.
// Each Finding records how it matched (purl range, CPE range, device alias, or "needs
// review" when the component's version is unknown), how sure the match is, the evidence
// (KEV, EPSS, CVSS), the VEX status, and the SSVC decision with its inputs. An Estate
// indexes many inventories by package, so a new advisory finds what it affects by lookup.
package match

import (
	"slices"
	"strings"
	"sync"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// Index holds advisories ready for matching, with the KEV catalogue, EPSS scores, VEX
// statements and alias groups that findings draw on. Fill it with Put and the Set
// methods, then match; writes must not run while matches do, but any number of matches
// may run at once.
type Index struct {
	entries    map[string]*entry   // by advisory key: source and id
	byID       map[string][]*entry // by advisory id, upper case, whatever the source
	byPackage  map[ident.Package][]*target
	byProduct  map[string][]*target
	aliases    *advisory.Aliases
	groups     *sync.Map                  // id → its alias group, worked out as matches need them
	statements map[string][]heldStatement // by vulnerability id, upper case
	kev        *advisory.KEV
	epss       *advisory.EPSS
	devices    *Devices
}

// heldStatement is a VEX statement and the advisory that carried it.
type heldStatement struct {
	advisory.Statement
	origin string
}

// entry is one advisory in the index and its compiled affected entries.
type entry struct {
	adv     advisory.Advisory
	targets []*target
}

// target is one affected package or product, compiled for matching.
type target struct {
	entry    *entry
	affected *advisory.Affected
	scheme   version.Scheme // the scheme its versions follow
	ranges   []compiled
	versions map[string]bool
	// unreadable lists ranges whose versions could not be read; a component that falls
	// in no readable range is then listed as needing review.
	unreadable []string
}

// compiled is a range ready to test versions: an OSV range or a vers.
type compiled struct {
	osv  *version.Range
	vers *version.Vers
	text string
}

func (c compiled) contains(v version.Version) bool {
	if c.osv != nil {
		return c.osv.Contains(v)
	}
	return c.vers.Contains(v)
}

func (c compiled) scheme() version.Scheme {
	if c.osv != nil {
		return c.osv.Scheme()
	}
	return c.vers.Scheme()
}

// NewIndex makes an empty index that uses the built-in device alias list.
func NewIndex() *Index {
	return &Index{
		entries:    map[string]*entry{},
		byID:       map[string][]*entry{},
		byPackage:  map[ident.Package][]*target{},
		byProduct:  map[string][]*target{},
		aliases:    advisory.NewAliases(),
		groups:     new(sync.Map),
		statements: map[string][]heldStatement{},
		devices:    BuiltinDevices(),
	}
}

// SetKEV, SetEPSS and SetDevices give the index its evidence and device alias list.
func (ix *Index) SetKEV(k *advisory.KEV)     { ix.kev = k }
func (ix *Index) SetEPSS(e *advisory.EPSS)   { ix.epss = e }
func (ix *Index) SetDevices(d *Devices)      { ix.devices = d }
func (ix *Index) Aliases() *advisory.Aliases { return ix.aliases }

// Len is how many advisories the index holds.
func (ix *Index) Len() int { return len(ix.entries) }

func key(a *advisory.Advisory) string { return string(a.Source) + ":" + a.ID }

// group is id's alias group, remembered between matches until the next Put.
func (ix *Index) group(id string) []string {
	if g, ok := ix.groups.Load(id); ok {
		return g.([]string)
	}
	g := ix.aliases.Group(id)
	ix.groups.Store(id, g)
	return g
}

// Put adds or replaces an advisory. Putting the same advisory again changes nothing; an
// older version (by Modified) of one already held is ignored; a withdrawn advisory is
// removed, which withdraws its findings. VEX statements the advisory carries are kept
// for the findings of its vulnerability, whatever source the finding comes from.
func (ix *Index) Put(a advisory.Advisory) {
	k := key(&a)
	old, had := ix.entries[k]
	if had && a.Modified.Before(old.adv.Modified) {
		return
	}
	ix.aliases.Add(a.IDs()...)
	ix.groups = new(sync.Map) // groups may have merged
	if had {
		ix.remove(old)
		ix.dropStatements(k)
	}
	if a.IsWithdrawn() {
		return
	}
	for _, s := range a.Statements {
		id := strings.ToUpper(s.Vulnerability)
		ix.statements[id] = append(ix.statements[id], heldStatement{s, k})
	}
	// Findings show the summary; the full text and links stay with the source.
	a.Details, a.References = "", nil
	e := &entry{adv: a}
	for i := range e.adv.Affected {
		af := &e.adv.Affected[i]
		t := compile(e, af)
		if t == nil {
			continue
		}
		e.targets = append(e.targets, t)
		switch {
		case !af.Package.IsZero():
			ix.byPackage[af.Package] = append(ix.byPackage[af.Package], t)
		case af.Product != "":
			ix.byProduct[af.Product] = append(ix.byProduct[af.Product], t)
		}
	}
	ix.entries[k] = e
	id := strings.ToUpper(a.ID)
	ix.byID[id] = append(ix.byID[id], e)
}

func (ix *Index) remove(e *entry) {
	delete(ix.entries, key(&e.adv))
	id := strings.ToUpper(e.adv.ID)
	ix.byID[id] = slices.DeleteFunc(ix.byID[id], func(x *entry) bool { return x == e })
	if len(ix.byID[id]) == 0 {
		delete(ix.byID, id)
	}
	for _, t := range e.targets {
		if af := t.affected; !af.Package.IsZero() {
			ix.byPackage[af.Package] = without(ix.byPackage[af.Package], e)
		} else {
			ix.byProduct[af.Product] = without(ix.byProduct[af.Product], e)
		}
	}
}

// dropStatements forgets the statements the advisory with key k carried.
func (ix *Index) dropStatements(k string) {
	for id, ss := range ix.statements {
		kept := ss[:0]
		for _, s := range ss {
			if s.origin != k {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			delete(ix.statements, id)
			continue
		}
		ix.statements[id] = kept
	}
}

func without(ts []*target, e *entry) []*target {
	out := ts[:0]
	for _, t := range ts {
		if t.entry != e {
			out = append(out, t)
		}
	}
	return out
}

// compile readies an affected entry, or returns nil when it names nothing to match.
func compile(e *entry, af *advisory.Affected) *target {
	if af.Package.IsZero() && af.Product == "" {
		return nil
	}
	t := &target{entry: e, affected: af, scheme: af.Scheme}
	if t.scheme == "" {
		s, ok := version.ForEcosystem(af.Ecosystem)
		if !ok {
			s = version.Generic
		}
		t.scheme = s
	}
	if len(af.Versions) > 0 {
		t.versions = make(map[string]bool, len(af.Versions))
		for _, v := range af.Versions {
			t.versions[v] = true
		}
	}
	for _, r := range af.Ranges {
		switch r.Type {
		case advisory.RangeGit:
			continue // commits: only the versions list applies
		case advisory.RangeVers:
			v, err := version.ParseVers(r.Vers)
			if err != nil {
				t.unreadable = append(t.unreadable, r.Vers)
				continue
			}
			t.ranges = append(t.ranges, compiled{vers: v, text: v.String()})
		default:
			s := t.scheme
			if r.Type == advisory.RangeSemVer {
				s = version.SemVer
			}
			c, err := version.NewRange(s, r.Events)
			if err != nil {
				t.unreadable = append(t.unreadable, rangeText(r))
				continue
			}
			t.ranges = append(t.ranges, compiled{osv: c, text: string(r.Type) + ": " + c.String()})
		}
	}
	return t
}

func rangeText(r advisory.Range) string {
	parts := make([]string, len(r.Events))
	for i, e := range r.Events {
		parts[i] = e.String()
	}
	return string(r.Type) + ": " + strings.Join(parts, ", ")
}
