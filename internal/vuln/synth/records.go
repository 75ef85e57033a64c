package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

type generator struct {
	rnd  *rand.Rand
	real []Package
}

var syllables = []string{"ba", "ko", "ri", "zen", "lo", "mi", "tar", "vex", "qui", "dra", "nu", "pel", "sor", "fi",
	"gan", "hex", "jo", "lum", "mor", "nox", "op", "pra", "rax", "sil", "tem", "ul", "vor", "wy", "xan", "yel", "zu"}

var words = strings.Fields(`the a package function input parser request response header value object string
	array buffer stream token session cookie user attacker crafted remote code execution denial of service
	prototype pollution regular expression cross site scripting path traversal injection validation when with
	which allows an to in is that by can be used untrusted data without proper sanitisation before version`)

func (g *generator) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

// name makes up a package name, sometimes scoped.
func (g *generator) name() string {
	var b strings.Builder
	for range 2 + g.rnd.IntN(3) {
		b.WriteString(g.pick(syllables))
	}
	if g.rnd.IntN(4) == 0 {
		b.WriteString("-" + g.pick(syllables) + g.pick(syllables))
	}
	if g.rnd.IntN(6) == 0 {
		return "@" + g.pick(syllables) + g.pick(syllables) + "/" + b.String()
	}
	return b.String()
}

func (g *generator) text(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.pick(words)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *generator) date(i int) time.Time {
	return epoch.Add(-time.Duration(g.rnd.IntN(3000*24)) * time.Hour).Add(time.Duration(i) * time.Second)
}

func (g *generator) ghsaID() string {
	const alphabet = "23456789cfghjmpqrvwx"
	var b strings.Builder
	b.WriteString("GHSA")
	for range 3 {
		b.WriteByte('-')
		for range 4 {
			b.WriteByte(alphabet[g.rnd.IntN(len(alphabet))])
		}
	}
	return b.String()
}

// record makes record i: a GitHub-style advisory (about a real package or a made-up one)
// or a malicious-package report.
func (g *generator) record(i int) record {
	roll := g.rnd.IntN(1000)
	published := g.date(i)
	r := record{SchemaVersion: "1.6.0", Published: published.Format(time.RFC3339),
		Modified: published.Add(time.Duration(g.rnd.IntN(400*24)) * time.Hour).Format(time.RFC3339)}
	switch {
	case roll < perMilleOnReal && len(g.real) > 0:
		p := g.real[g.rnd.IntN(len(g.real))]
		g.ghsa(&r, p.Name, p.Version, i)
		r.onReal = true
	case roll < perMilleOnReal+perMilleGHSA:
		g.ghsa(&r, g.name(), fmt.Sprintf("%d.%d.%d", g.rnd.IntN(6), g.rnd.IntN(20), g.rnd.IntN(30)), i)
	default:
		g.malicious(&r, i)
	}
	if g.rnd.IntN(1000) < perMilleWithdrawn {
		r.Withdrawn = r.Modified
	}
	if g.rnd.IntN(1000) < perMilleEscaped {
		r.Details += " The maintainer’s fix is in the next release."
		r.escaped = true
	}
	return r
}

func (g *generator) ghsa(r *record, name, near string, i int) {
	r.ID = g.ghsaID()
	if g.rnd.IntN(10) < 7 {
		r.Aliases = []string{fmt.Sprintf("CVE-%d-%d", 2018+g.rnd.IntN(8), 10000+i)}
	}
	r.Summary = g.text(6 + g.rnd.IntN(6))
	r.Details = g.text(60 + g.rnd.IntN(120))
	r.Severity = []severity{{Type: "CVSS_V3", Score: g.vector()}}
	a := affectedPackage(name)
	a.Ranges = []osvRange{g.rangeNear(near)}
	if g.rnd.IntN(8) == 0 {
		a.Ranges = append(a.Ranges, g.rangeNear(bump(near, 1, 0)))
	}
	r.Affected = []affected{a}
	r.References = []reference{
		{"ADVISORY", "https://github.com/advisories/" + r.ID},
		{"WEB", "https://github.com/example/" + strings.TrimPrefix(name, "@") + "/issues/" + strconv.Itoa(g.rnd.IntN(5000))},
		{"PACKAGE", "https://www.npmjs.com/package/" + name},
	}
}

func (g *generator) malicious(r *record, i int) {
	name := g.name()
	r.ID = fmt.Sprintf("MAL-%d-%d", 2022+g.rnd.IntN(4), i)
	r.Summary = "Malicious code in " + name + " (npm)"
	r.Details = "\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ossf-package-analysis\n" + g.text(20+g.rnd.IntN(40))
	a := affectedPackage(name)
	if g.rnd.IntN(3) == 0 {
		a.Versions = []string{fmt.Sprintf("%d.%d.%d", g.rnd.IntN(3), g.rnd.IntN(10), g.rnd.IntN(10))}
	} else {
		a.Ranges = []osvRange{{Type: "SEMVER", Events: []map[string]string{{"introduced": "0"}}}}
	}
	r.Affected = []affected{a}
	r.References = []reference{{"REPORT", "https://github.com/ossf/malicious-packages/issues/" + strconv.Itoa(i)}}
}

func affectedPackage(name string) affected {
	var a affected
	a.Package.Ecosystem, a.Package.Name = "npm", name
	a.Package.PURL = "pkg:npm/" + strings.Replace(name, "@", "%40", 1)
	return a
}

// rangeNear makes a range around version v that contains it about a third of the time.
func (g *generator) rangeNear(v string) osvRange {
	events := []map[string]string{{"introduced": "0"}}
	if g.rnd.IntN(3) == 0 {
		events[0]["introduced"] = bump(v, -1, 0)
	}
	switch g.rnd.IntN(6) {
	case 0, 1: // fixed after v: affected
		events = append(events, map[string]string{"fixed": bump(v, 0, 1)})
	case 2: // last affected at v: affected
		events = append(events, map[string]string{"last_affected": v})
	default: // fixed at or before v: not affected
		events = append(events, map[string]string{"fixed": bump(v, 0, -1)})
	}
	typ := "SEMVER"
	if g.rnd.IntN(2) == 0 {
		typ = "ECOSYSTEM"
	}
	return osvRange{Type: typ, Events: events}
}

// bump moves a major.minor.patch version by dMinor minors or dPatch patches, stopping
// at zero (so the result can equal v).
func bump(v string, dMinor, dPatch int) string {
	parts := strings.SplitN(strings.SplitN(v, "-", 2)[0], ".", 3)
	nums := [3]int{}
	for i := range min(3, len(parts)) {
		nums[i], _ = strconv.Atoi(parts[i])
	}
	nums[1] = max(0, nums[1]+dMinor)
	nums[2] = max(0, nums[2]+dPatch)
	return fmt.Sprintf("%d.%d.%d", nums[0], nums[1], nums[2])
}

func (g *generator) vector() string {
	one := func(opts string) string { return string(opts[g.rnd.IntN(len(opts))]) }
	return fmt.Sprintf("CVSS:3.1/AV:%s/AC:%s/PR:%s/UI:%s/S:%s/C:%s/I:%s/A:%s",
		one("NNNAL"), one("LLH"), one("NNLH"), one("NR"), one("UUC"), one("HLN"), one("HLN"), one("HLN"))
}
