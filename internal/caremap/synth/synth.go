// Package synth makes synthetic care maps of any size, the same for the same seed, for
// tests, benchmarks and "vigil impact generate". Their shape follows a hospital's: a few
// hubs (core network, DNS, directory, the wide-area link, backups) that nearly everything
// relies on, layers of switches, servers, applications, devices and endpoints, clinical
// services on top, cycles where real maps have them (directory and DNS, interfaces between
// applications, services that call on each other) and a mix of needs.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/vigil-health/vigil/internal/caremap"
)

// Options says what to make.
type Options struct {
	Nodes int    // services, assets and suppliers together; at least MinNodes
	Seed  uint64 // the same seed gives the same map
}

// MinNodes is the smallest map Generate makes: enough for every layer to have something in it.
const MinNodes = 20

// MaxNodes keeps generated maps within what the loaders accept.
const MaxNodes = caremap.MaxEntries

// Generate makes a checked synthetic map.
func Generate(o Options) (*caremap.Map, error) {
	if o.Nodes < MinNodes || o.Nodes > MaxNodes {
		return nil, fmt.Errorf("synthetic map: nodes must be between %d and %d, not %d", MinNodes, MaxNodes, o.Nodes)
	}
	g := &generator{rnd: rand.New(rand.NewPCG(o.Seed, 0x7669_6769_6c00)), width: len(fmt.Sprint(o.Nodes))}
	c := g.contents(o.Nodes)
	m, err := caremap.New(c)
	if err != nil {
		return nil, fmt.Errorf("synthetic map: %w", err)
	}
	return m, nil
}

type generator struct {
	rnd   *rand.Rand
	width int
	c     caremap.Contents
}

// layer is a group of assets that others depend on.
type layer []string

func (g *generator) id(prefix string, i int) string {
	return fmt.Sprintf("%s-%0*d", prefix, g.width, i)
}

// pick chooses from l with a bias towards the front, so a few members become popular
// (high fan-in) and most are used by a handful, as in real estates.
func (g *generator) pick(l layer) string {
	u := g.rnd.Float64()
	return l[int(float64(len(l))*u*u*u)]
}

func (g *generator) need(required, degraded float64) caremap.Need {
	switch u := g.rnd.Float64(); {
	case u < required:
		return caremap.Required
	case u < required+degraded:
		return caremap.Degraded
	}
	return caremap.Optional
}

// deps builds a dependency list without repeats.
type deps struct {
	list []caremap.Dependency
	seen map[string]bool
}

func (d *deps) add(t caremap.Type, id string, n caremap.Need) {
	if d.seen == nil {
		d.seen = make(map[string]bool)
	}
	if d.seen[id] {
		return
	}
	d.seen[id] = true
	d.list = append(d.list, caremap.Dependency{Type: t, ID: id, Need: n})
}

func (g *generator) contents(n int) caremap.Contents {
	nSuppliers := max(2, n*3/100)
	nServices := max(3, n/10)
	nAssets := n - nSuppliers - nServices
	g.c.Organisation = caremap.Organisation{Code: "SYN", Name: fmt.Sprintf("Synthetic Trust (%d nodes)", n), Type: "acute-trust"}

	var suppliers layer
	for i := range nSuppliers {
		id := g.id("sup", i)
		suppliers = append(suppliers, id)
		g.c.Suppliers = append(g.c.Suppliers, caremap.Supplier{ID: id, Name: fmt.Sprintf("Supplier %d Ltd", i)})
	}

	// Hubs: one set per 20,000 nodes, so large maps have several sites.
	sites := max(1, n/20000)
	var cores, dnss, identities, wans, backups layer
	for s := range sites {
		cores = append(cores, g.id("core", s))
		dnss = append(dnss, g.id("dns", s))
		identities = append(identities, g.id("ad", s))
		wans = append(wans, g.id("wan", s))
		backups = append(backups, g.id("backup", s))
	}
	for s := range sites {
		g.asset(cores[s], "Core network", caremap.KindNetwork, nil)
		g.asset(wans[s], "Wide-area link", caremap.KindNetwork, []caremap.Dependency{{Type: caremap.TypeAsset, ID: cores[s], Need: caremap.Required}})
		// Directory and DNS need each other: the classic cycle.
		g.asset(dnss[s], "DNS", caremap.KindServer, []caremap.Dependency{
			{Type: caremap.TypeAsset, ID: cores[s], Need: caremap.Required},
			{Type: caremap.TypeAsset, ID: identities[s], Need: caremap.Degraded}})
		g.asset(identities[s], "Directory", caremap.KindIdentity, []caremap.Dependency{
			{Type: caremap.TypeAsset, ID: cores[s], Need: caremap.Required},
			{Type: caremap.TypeAsset, ID: dnss[s], Need: caremap.Required}})
		g.asset(backups[s], "Backups", caremap.KindServer, []caremap.Dependency{
			{Type: caremap.TypeAsset, ID: cores[s], Need: caremap.Required},
			{Type: caremap.TypeAsset, ID: identities[s], Need: caremap.Required}})
	}
	rest := nAssets - 5*sites
	counts := map[string]int{
		"sw": max(1, rest*6/100), "srv": max(1, rest*22/100), "app": max(1, rest*22/100),
		"cloud": max(1, rest*5/100), "dev": max(1, rest*25/100),
	}
	counts["ep"] = rest - counts["sw"] - counts["srv"] - counts["app"] - counts["cloud"] - counts["dev"]

	hub := func(l layer) string { return l[g.rnd.IntN(len(l))] }
	var switches, servers, apps, clouds layer
	for i := range counts["sw"] {
		id := g.id("sw", i)
		switches = append(switches, id)
		var d deps
		d.add(caremap.TypeAsset, hub(cores), caremap.Required)
		g.asset(id, fmt.Sprintf("Switch %d", i), caremap.KindNetwork, d.list)
	}
	for i := range counts["srv"] {
		id := g.id("srv", i)
		servers = append(servers, id)
		var d deps
		d.add(caremap.TypeAsset, g.pick(switches), caremap.Required)
		d.add(caremap.TypeAsset, hub(dnss), g.need(0.7, 0.3))
		d.add(caremap.TypeAsset, hub(identities), g.need(0.3, 0.5))
		d.add(caremap.TypeAsset, hub(backups), caremap.Optional)
		if i > 0 && g.rnd.IntN(4) == 0 { // a database server behind an application server
			d.add(caremap.TypeAsset, servers[g.rnd.IntN(i)], caremap.Required)
		}
		g.asset(id, fmt.Sprintf("Server %d", i), caremap.KindServer, d.list)
	}
	for i := range counts["cloud"] {
		id := g.id("cloud", i)
		clouds = append(clouds, id)
		var d deps
		d.add(caremap.TypeSupplier, g.pick(suppliers), caremap.Required)
		d.add(caremap.TypeAsset, hub(wans), caremap.Required)
		g.asset(id, fmt.Sprintf("Cloud service %d", i), caremap.KindCloudService, d.list)
	}
	for i := range counts["app"] {
		id := g.id("app", i)
		apps = append(apps, id)
	}
	for i, id := range apps {
		var d deps
		for range 1 + g.rnd.IntN(3) {
			d.add(caremap.TypeAsset, g.pick(servers), caremap.Required)
		}
		d.add(caremap.TypeAsset, hub(identities), caremap.Required)
		d.add(caremap.TypeAsset, hub(dnss), caremap.Required)
		if g.rnd.IntN(5) == 0 {
			d.add(caremap.TypeAsset, g.pick(clouds), g.need(0.6, 0.3))
		}
		// Interfaces to other applications, forwards and backwards, which makes cycles.
		for range g.rnd.IntN(3) {
			if other := g.pick(apps); other != id {
				d.add(caremap.TypeAsset, other, g.need(0.3, 0.5))
			}
		}
		g.asset(id, fmt.Sprintf("Application %d", i), caremap.KindApplication, d.list)
	}
	for i := range counts["dev"] {
		var d deps
		if g.rnd.IntN(5) > 0 { // some devices stand alone
			d.add(caremap.TypeAsset, g.pick(switches), g.need(0.3, 0.6))
			if g.rnd.IntN(2) == 0 {
				d.add(caremap.TypeAsset, g.pick(apps), g.need(0.2, 0.6))
			}
		}
		g.asset(g.id("dev", i), fmt.Sprintf("Medical device %d", i), caremap.KindMedicalDevice, d.list)
	}
	for i := range counts["ep"] {
		var d deps
		d.add(caremap.TypeAsset, g.pick(switches), caremap.Required)
		d.add(caremap.TypeAsset, hub(identities), caremap.Required)
		g.asset(g.id("ep", i), fmt.Sprintf("Workstation group %d", i), caremap.KindEndpoint, d.list)
	}

	assets := layer{}
	for _, a := range g.c.Assets {
		assets = append(assets, a.ID)
	}
	var services layer
	for i := range nServices {
		services = append(services, g.id("svc", i))
	}
	safeFor := []caremap.Duration{30 * caremap.Minute, caremap.Hour, 2 * caremap.Hour, 4 * caremap.Hour,
		8 * caremap.Hour, 12 * caremap.Hour, caremap.Day, 3 * caremap.Day, caremap.Week}
	for i, id := range services {
		var d deps
		for range 1 + g.rnd.IntN(3) {
			d.add(caremap.TypeAsset, g.pick(apps), g.need(0.75, 0.2))
		}
		for range g.rnd.IntN(4) {
			d.add(caremap.TypeAsset, assets[g.rnd.IntN(len(assets))], g.need(0.4, 0.4))
		}
		if g.rnd.IntN(3) == 0 { // services call on each other: pathology, radiology, pharmacy
			if other := g.pick(services); other != id {
				d.add(caremap.TypeService, other, g.need(0.5, 0.4))
			}
		}
		s := caremap.Service{
			ID: id, Name: fmt.Sprintf("Clinical service %d", i),
			Consequence:    caremap.Consequence(1 + g.rnd.IntN(5)),
			PatientsPerDay: 5 + g.rnd.IntN(400),
			DependsOn:      d.list,
		}
		if g.rnd.IntN(20) > 0 {
			s.Downtime = caremap.DowntimeProcedure{
				Procedure: "Use the paper forms in the downtime box and phone urgent results.",
				SafeFor:   safeFor[g.rnd.IntN(len(safeFor))],
			}
		}
		g.c.Services = append(g.c.Services, s)
	}
	return g.c
}

func (g *generator) asset(id, name string, kind caremap.Kind, d []caremap.Dependency) {
	exposures := caremap.Exposures()
	g.c.Assets = append(g.c.Assets, caremap.Asset{
		ID: id, Name: name, Kind: kind, DependsOn: d,
		Exposure:    exposures[g.rnd.IntN(len(exposures))],
		PatientData: g.rnd.IntN(2) == 0,
	})
}
