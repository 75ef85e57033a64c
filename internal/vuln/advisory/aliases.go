package advisory

import (
	"slices"
	"strings"
)

// Aliases groups the ids that name one vulnerability — a CVE, the GHSA for it, vendor ids
// — so that evidence keyed by CVE (KEV, EPSS) reaches an advisory known by another id,
// and so that several sources' advisories for one vulnerability are seen as one. Ids
// compare without regard to case. The zero value is not ready; use NewAliases.
type Aliases struct {
	parent  map[string]string   // id (upper case) → a member nearer the group's root
	members map[string][]string // root → every id of the group, as first written
}

// NewAliases makes an empty grouping.
func NewAliases() *Aliases {
	return &Aliases{parent: map[string]string{}, members: map[string][]string{}}
}

// Add says that all ids name the same vulnerability.
func (a *Aliases) Add(ids ...string) {
	var root string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		r := a.root(id)
		switch {
		case root == "":
			root = r
		case r != root:
			// Merge the smaller group into the larger, keeping trees shallow.
			if len(a.members[r]) > len(a.members[root]) {
				root, r = r, root
			}
			a.parent[r] = root
			a.members[root] = append(a.members[root], a.members[r]...)
			delete(a.members, r)
		}
	}
}

// root finds id's group, creating a group of one for an id not seen before.
func (a *Aliases) root(id string) string {
	key := strings.ToUpper(id)
	p, ok := a.parent[key]
	if !ok {
		a.parent[key] = key
		a.members[key] = []string{id}
		return key
	}
	for p != key {
		gp := a.parent[p]
		a.parent[key] = gp // halve the path
		key, p = p, gp
	}
	return key
}

// Group lists every id in id's group, sorted, id itself included.
func (a *Aliases) Group(id string) []string {
	key := strings.ToUpper(strings.TrimSpace(id))
	if _, ok := a.parent[key]; !ok {
		return []string{id}
	}
	for a.parent[key] != key {
		key = a.parent[key]
	}
	out := slices.Clone(a.members[key])
	slices.Sort(out)
	return out
}
