package caremap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// An outline is a map as impact analysis sees it, in a compact binary form that reads
// back in a few milliseconds for 5,000 nodes, where the JSON document takes over a hundred:
// every service, asset and supplier with its id and name, every dependency, what scores a
// service's risk (consequence, patients a day, downtime procedure) and the risk model,
// plus each asset's CPE and package URL so that products can be looked up. It leaves out
// what analysis never reads (asset kinds, exposure, hostnames, addresses, end of support,
// SBOMs, supplier contacts). The national centre keeps one per stored map, so that its
// first question after a restart does not parse every organisation's document.
//
// Layout: the magic "VCMO", the format byte, then unsigned varints and strings (a varint
// length, then the bytes): organisation code, name and type; the risk model; how many
// suppliers, services, assets and dependencies there are; the suppliers (id, name); the
// services (id, name, consequence, patients a day, procedure, safe for, dependencies);
// the assets (id, name, CPE, package URL, dependencies). A dependency is the node number
// it names (services, then assets, then suppliers) and its need, so reading one back
// needs no look-up by id.

// OutlineFormat numbers the outline layout. A stored outline of another format is
// read as missing and made again from the document.
const OutlineFormat = 1

const outlineMagic = "VCMO"

// Outline writes the map's outline.
func (m *Map) Outline() []byte {
	g := m.graph
	b := make([]byte, 0, 64*g.Len()+8*g.Edges())
	b = append(b, outlineMagic...)
	b = append(b, OutlineFormat)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n uint64) { b = binary.AppendUvarint(b, n) }
	deps := func(ds []Dependency) {
		num(uint64(len(ds)))
		for _, d := range ds {
			num(uint64(g.index[d.ID]))
			b = append(b, byte(d.Need))
		}
	}
	o := m.Organisation
	str(o.Code)
	str(o.Name)
	str(o.Type)
	rm := m.RiskModel
	for _, t := range []float64{rm.Thresholds.VeryLow, rm.Thresholds.Low, rm.Thresholds.Medium, rm.Thresholds.High} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t))
	}
	b = append(b, byte(rm.UntrustworthyAtLeast))
	for _, row := range rm.Matrix {
		for _, v := range row {
			b = append(b, byte(v))
		}
	}
	num(uint64(len(m.Suppliers)))
	num(uint64(len(m.Services)))
	num(uint64(len(m.Assets)))
	num(uint64(g.Edges()))
	for _, s := range m.Suppliers {
		str(s.ID)
		str(s.Name)
	}
	for _, s := range m.Services {
		str(s.ID)
		str(s.Name)
		b = append(b, byte(s.Consequence))
		num(uint64(s.PatientsPerDay))
		str(s.Downtime.Procedure)
		num(uint64(s.Downtime.SafeFor))
		deps(s.DependsOn)
	}
	for _, a := range m.Assets {
		str(a.ID)
		str(a.Name)
		str(a.Identifiers.CPE)
		str(a.Identifiers.PURL)
		deps(a.DependsOn)
	}
	return b
}

// ReadOutline reads an outline written by Outline back into a Map whose Version is the
// version given (the digest the full map was stored with). The Map holds only what an
// outline keeps: use it for impact analysis and look-ups by supplier or product, never
// to show, export or store a map — its YAML and JSON exports refuse. A damaged outline
// is an error, never a panic.
func ReadOutline(data []byte, version string) (*Map, error) {
	r := &outlineReader{s: string(data)} // one copy; every id and name is a slice of it
	if len(r.s) < len(outlineMagic)+1 || r.s[:len(outlineMagic)] != outlineMagic {
		return nil, errors.New("read care map outline: not an outline")
	}
	if f := r.s[len(outlineMagic)]; f != OutlineFormat {
		return nil, fmt.Errorf("read care map outline: format %d, not %d", f, OutlineFormat)
	}
	r.at = len(outlineMagic) + 1
	var c Contents
	c.Organisation = Organisation{Code: r.str(), Name: r.str(), Type: r.str()}
	t := &c.RiskModel.Thresholds
	for _, p := range []*float64{&t.VeryLow, &t.Low, &t.Medium, &t.High} {
		*p = math.Float64frombits(r.fixed64())
	}
	c.RiskModel.UntrustworthyAtLeast = Likelihood(r.byte())
	for i := range c.RiskModel.Matrix {
		for j := range c.RiskModel.Matrix[i] {
			c.RiskModel.Matrix[i][j] = int(r.byte())
		}
	}
	// Every node and dependency takes at least two bytes, so counts larger than what is
	// left are damage, found before anything that size is made.
	nsup, nsvc, nasset, edges := r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint()
	switch left := uint64(len(r.s) - r.at); {
	case r.err != nil:
		return nil, r.err
	case nsup > MaxEntries || nsvc > MaxEntries || nasset > MaxEntries || nsup+nsvc+nasset > MaxEntries:
		return nil, fmt.Errorf("read care map outline: more than %d entries", MaxEntries)
	case edges > left/2 || 2*(nsup+nsvc+nasset)+2*edges > left:
		return nil, errors.New("read care map outline: the counts are larger than the outline")
	}
	c.Suppliers = make([]Supplier, nsup)
	c.Services = make([]Service, nsvc)
	c.Assets = make([]Asset, nasset)
	type link struct {
		to   uint32
		need Need
	}
	links := make([]link, 0, edges)
	ends := make([]int, 0, len(c.Services)+len(c.Assets)) // where each node's links end
	n := uint64(len(c.Services) + len(c.Assets) + len(c.Suppliers))
	readDeps := func() {
		for range r.count(2) {
			to, need := r.uvarint(), Need(r.byte())
			if uint64(len(links)) == edges || to >= n || !need.Valid() {
				r.fail("a dependency is damaged")
				return
			}
			links = append(links, link{uint32(to), need})
		}
		ends = append(ends, len(links))
	}
	for i := range c.Suppliers {
		c.Suppliers[i] = Supplier{ID: r.str(), Name: r.str()}
	}
	for i := range c.Services {
		s := &c.Services[i]
		s.ID, s.Name = r.str(), r.str()
		s.Consequence = Consequence(r.byte())
		s.PatientsPerDay = int(r.uvarint())
		s.Downtime.Procedure = r.str()
		s.Downtime.SafeFor = Duration(r.uvarint())
		readDeps()
	}
	for i := range c.Assets {
		a := &c.Assets[i]
		a.ID, a.Name = r.str(), r.str()
		a.Identifiers.CPE, a.Identifiers.PURL = r.str(), r.str()
		readDeps()
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.at != len(r.s) {
		return nil, errors.New("read care map outline: there is more after the last asset")
	}
	if uint64(len(links)) != edges {
		return nil, errors.New("read care map outline: the count of dependencies is wrong")
	}
	// Dependencies name nodes by number; give them their ids back, as the graph wants.
	ns, na := len(c.Services), len(c.Assets)
	all := make([]Dependency, len(links))
	to := make([]int32, len(links))
	for i, l := range links {
		to[i] = int32(l.to)
		v := int(l.to)
		d := &all[i]
		switch {
		case v < ns:
			d.Type, d.ID = TypeService, c.Services[v].ID
		case v < ns+na:
			d.Type, d.ID = TypeAsset, c.Assets[v-ns].ID
		default:
			d.Type, d.ID = TypeSupplier, c.Suppliers[v-ns-na].ID
		}
		d.Need = l.need
	}
	start := 0
	for i, end := range ends {
		var ds []Dependency
		if end > start {
			ds = all[start:end:end]
		}
		if i < ns {
			c.Services[i].DependsOn = ds
		} else {
			c.Assets[i-ns].DependsOn = ds
		}
		start = end
	}
	// Empty lists are nil, as the loaders make them.
	if len(c.Services) == 0 {
		c.Services = nil
	}
	if len(c.Assets) == 0 {
		c.Assets = nil
	}
	if len(c.Suppliers) == 0 {
		c.Suppliers = nil
	}
	if err := checkOutline(&c); err != nil {
		return nil, err
	}
	g := buildGraphTo(&c, to)
	if len(g.index) != g.Len() {
		return nil, errors.New("read care map outline: an id is used twice")
	}
	m := &Map{Contents: c, graph: g, version: &lazyVersion{}, outline: true}
	m.version.once.Do(func() { m.version.v = version })
	return m, nil
}

// checkOutline refuses what the scoring could not work with: empty ids and values out
// of range. Repeated ids are found by the graph; the rest was checked when the map was
// stored.
func checkOutline(c *Contents) error {
	for _, s := range c.Services {
		if s.ID == "" || !s.Consequence.Valid() || s.Downtime.SafeFor < 0 || s.Downtime.SafeFor > MaxDuration || s.PatientsPerDay < 0 {
			return fmt.Errorf("read care map outline: service %q is damaged", s.ID)
		}
	}
	for _, a := range c.Assets {
		if a.ID == "" {
			return errors.New("read care map outline: an asset has no id")
		}
	}
	for _, s := range c.Suppliers {
		if s.ID == "" {
			return errors.New("read care map outline: a supplier has no id")
		}
	}
	rm := c.RiskModel
	if rm.UntrustworthyAtLeast > VeryHigh {
		return errors.New("read care map outline: the risk model is damaged")
	}
	for _, row := range rm.Matrix {
		for _, v := range row {
			if v > 5 {
				return errors.New("read care map outline: the risk model is damaged")
			}
		}
	}
	return nil
}

// outlineReader reads an outline's fields in order; the first problem stops it and is kept.
type outlineReader struct {
	s   string
	at  int
	err error
}

func (r *outlineReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("read care map outline: %s at byte %d", what, r.at)
	}
	r.at = len(r.s)
}

func (r *outlineReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.at >= len(r.s) {
			r.fail("it ends too soon")
			return 0
		}
		c := r.s[r.at]
		r.at++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	r.fail("a number is too long")
	return 0
}

// count reads a number of items, each at least size bytes long.
func (r *outlineReader) count(size int) int {
	n := r.uvarint()
	if n > uint64(len(r.s)-r.at)/uint64(size) {
		r.fail("a count is larger than the outline")
		return 0
	}
	return int(n)
}

func (r *outlineReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.s)-r.at) {
		r.fail("a text is longer than the outline")
		return ""
	}
	s := r.s[r.at : r.at+int(n)]
	r.at += int(n)
	return s
}

func (r *outlineReader) byte() byte {
	if r.err != nil || r.at >= len(r.s) {
		r.fail("it ends too soon")
		return 0
	}
	c := r.s[r.at]
	r.at++
	return c
}

func (r *outlineReader) fixed64() uint64 {
	if r.err != nil || len(r.s)-r.at < 8 {
		r.fail("it ends too soon")
		return 0
	}
	v := binary.LittleEndian.Uint64([]byte(r.s[r.at : r.at+8]))
	r.at += 8
	return v
}
