// Package synth generates a synthetic corpus of OSV records for benchmarks and load tests:
// any number of npm advisories over real package names (such as those of an SBOM) and
// made-up ones, written as a zip laid out like osv.dev's per-ecosystem all.zip. The same
// options always give the same bytes. Nothing it makes is a real advisory.
package synth

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// Limits on what one corpus may hold.
const (
	MaxRecords = 5_000_000
	MaxNames   = 1_000_000
)

// Package is a real package the corpus should cover, at the version an inventory holds.
type Package struct {
	Name    string
	Version string
}

// NPMPackages are the inventory's npm components that have a version: the
// real packages a corpus can be about.
func NPMPackages(inv *sbom.Inventory) []Package {
	var out []Package
	for _, c := range inv.Components {
		if c.Package.Ecosystem == "npm" && c.Version != "" {
			out = append(out, Package{Name: c.Package.Name, Version: c.Version})
		}
	}
	return out
}

// Options say what to generate.
type Options struct {
	Records int       // how many records
	Seed    uint64    // the same seed gives the same corpus
	Real    []Package // real packages; about one record in 250 is about one of them
}

// Stats describe a generated corpus.
type Stats struct {
	Records   int
	OnReal    int // records about one of the real packages
	Withdrawn int
	Bytes     int64 // uncompressed JSON
}

// The mix of records, in per mille, after the shape of osv.dev's npm export, where
// malicious-package reports far outnumber GitHub advisories.
const (
	perMilleOnReal    = 4 // GitHub-style advisories about a real package
	perMilleGHSA      = 130
	perMilleWithdrawn = 10
	perMilleEscaped   = 20 // records whose text uses \u escapes, as some exporters write
)

var epoch = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// WriteOSVZip writes the corpus as a zip of <id>.json entries.
func WriteOSVZip(w io.Writer, opt Options) (Stats, error) {
	if opt.Records < 0 || opt.Records > MaxRecords || len(opt.Real) > MaxNames {
		return Stats{}, fmt.Errorf("give between 0 and %d records and at most %d real packages", MaxRecords, MaxNames)
	}
	g := &generator{rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), real: opt.Real}
	zw := zip.NewWriter(w)
	var st Stats
	for i := range opt.Records {
		rec := g.record(i)
		b, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			return st, err
		}
		if rec.escaped {
			b = escapeQuotes(b)
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: rec.ID + ".json", Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return st, err
		}
		if _, err := f.Write(b); err != nil {
			return st, err
		}
		st.Records++
		st.Bytes += int64(len(b))
		if rec.onReal {
			st.OnReal++
		}
		if rec.Withdrawn != "" {
			st.Withdrawn++
		}
	}
	return st, zw.Close()
}

// escapeQuotes writes the typographic apostrophes of a record as \u2019, which JSON allows.
func escapeQuotes(b []byte) []byte {
	return []byte(strings.ReplaceAll(string(b), "’", `\u2019`))
}

type record struct {
	SchemaVersion string      `json:"schema_version"`
	ID            string      `json:"id"`
	Modified      string      `json:"modified"`
	Published     string      `json:"published"`
	Withdrawn     string      `json:"withdrawn,omitempty"`
	Aliases       []string    `json:"aliases,omitempty"`
	Summary       string      `json:"summary"`
	Details       string      `json:"details"`
	Severity      []severity  `json:"severity,omitempty"`
	Affected      []affected  `json:"affected"`
	References    []reference `json:"references"`
	onReal        bool
	escaped       bool
}

type severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

type affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
		PURL      string `json:"purl"`
	} `json:"package"`
	Ranges   []osvRange `json:"ranges,omitempty"`
	Versions []string   `json:"versions,omitempty"`
}

type osvRange struct {
	Type   string              `json:"type"`
	Events []map[string]string `json:"events"`
}

type reference struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}
