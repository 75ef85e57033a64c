package match

import (
	"context"
	"runtime"
	"sync"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// Holding is one inventory an organisation holds, with what its system means for SSVC.
type Holding struct {
	ID        string // such as "RXX/pacs": the organisation and asset it belongs to
	Inventory *sbom.Inventory
	System    System
}

// Estate is many inventories, indexed by the packages, products and names of their
// components, so that a new advisory finds every component it could affect by lookup
// rather than by matching every inventory again. Add holdings, then ask; Add must not run
// while questions are asked.
type Estate struct {
	holdings  []Holding
	byPackage map[ident.Package][]place
	byProduct map[string][]place
	byName    map[string][]place // folded component names, for the device alias list
}

// place is a component: which holding, which component.
type place struct{ h, c int32 }

// NewEstate makes an empty estate.
func NewEstate() *Estate {
	return &Estate{byPackage: map[ident.Package][]place{}, byProduct: map[string][]place{}, byName: map[string][]place{}}
}

// Add indexes one holding's components.
func (e *Estate) Add(h Holding) {
	hi := int32(len(e.holdings))
	e.holdings = append(e.holdings, h)
	for ci := range h.Inventory.Components {
		c := &h.Inventory.Components[ci]
		p := place{hi, int32(ci)}
		if !c.Package.IsZero() {
			e.byPackage[c.Package] = append(e.byPackage[c.Package], p)
		} else {
			e.byName[foldName(c.Name)] = append(e.byName[foldName(c.Name)], p)
		}
		if c.Product != "" {
			e.byProduct[c.Product] = append(e.byProduct[c.Product], p)
		}
	}
}

// Holdings lists the estate's holdings in the order they were added.
func (e *Estate) Holdings() []Holding { return e.holdings }

// Components is how many components the estate holds.
func (e *Estate) Components() int {
	n := 0
	for _, h := range e.holdings {
		n += len(h.Inventory.Components)
	}
	return n
}

// Affected finds what one advisory affects across the estate, looking only at the
// components whose package, product or device name it names. Put the advisory in ix
// first, so its aliases, KEV and EPSS evidence and VEX statements count; a withdrawn
// advisory affects nothing.
func (e *Estate) Affected(ix *Index, a advisory.Advisory) []Finding {
	if a.IsWithdrawn() {
		return nil
	}
	en, ok := ix.entries[key(&a)]
	if !ok {
		en = &entry{adv: a}
		for i := range en.adv.Affected {
			if t := compile(en, &en.adv.Affected[i]); t != nil {
				en.targets = append(en.targets, t)
			}
		}
	}
	hits := map[place][]hit{}
	var order []place
	add := func(p place, h hit) {
		if _, seen := hits[p]; !seen {
			order = append(order, p)
		}
		hits[p] = append(hits[p], h)
	}
	for _, t := range en.targets {
		af := t.affected
		if !af.Package.IsZero() {
			for _, p := range e.byPackage[af.Package] {
				c := e.component(p)
				if af.Release != "" && c.Release != "" && af.Release != c.Release {
					continue
				}
				if m, ok := evaluate(t, firstOf(c.PURLVersion, c.Version), ByPURL, c.PURL, High); ok {
					add(p, hit{t, m})
				}
			}
			continue
		}
		for _, p := range e.byProduct[af.Product] {
			c := e.component(p)
			method, conf := ByCPE, Medium
			if c.ProductFromName {
				method, conf = ByAssetName, Low
			}
			if m, ok := evaluate(t, firstOf(c.CPEVersion, c.Version), method, af.Product, conf); ok {
				add(p, hit{t, m})
			}
		}
		for _, name := range ix.devices.Names(af.Product) {
			for _, p := range e.byName[name] {
				c := e.component(p)
				if m, ok := evaluate(t, firstOf(c.CPEVersion, c.Version), ByAlias, af.Product, Low); ok {
					add(p, hit{t, m})
				}
			}
		}
	}
	var out []Finding
	for _, p := range order {
		h := e.holdings[p.h]
		out = ix.findings(out, h.Inventory, e.component(p), hits[p], h.System)
	}
	sortFindings(out)
	return out
}

func (e *Estate) component(p place) *sbom.Component {
	return &e.holdings[p.h].Inventory.Components[p.c]
}

// Evaluate matches every holding against ix again, on workers goroutines (0 means one
// per processor), calling fn with each holding's findings; fn may be called from several
// goroutines at once. It stops early when ctx is cancelled.
func (e *Estate) Evaluate(ctx context.Context, ix *Index, workers int, fn func(Holding, []Finding)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				h := e.holdings[i]
				fn(h, ix.Match(h.Inventory, h.System))
			}
		}()
	}
	var err error
	for i := range e.holdings {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return err
}
