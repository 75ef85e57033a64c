package advisory

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/input"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// Limits on OSV input.
const (
	MaxRecordBytes = 8 << 20 // one OSV record; the largest real ones are well under 1 MiB
	MaxAffected    = 10_000  // affected entries in one record
	MaxAliases     = 1_000
)

// osvRecord is an OSV record as the OSV schema (1.x) writes it.
type osvRecord struct {
	ID        string   `json:"id"`
	Modified  string   `json:"modified"`
	Published string   `json:"published"`
	Withdrawn string   `json:"withdrawn"`
	Aliases   []string `json:"aliases"`
	Summary   string   `json:"summary"`
	Details   string   `json:"details"`
	Severity  []struct {
		Type  string `json:"type"`
		Score string `json:"score"`
	} `json:"severity"`
	Affected []struct {
		Package struct {
			Ecosystem string `json:"ecosystem"`
			Name      string `json:"name"`
			PURL      string `json:"purl"`
		} `json:"package"`
		Ranges []struct {
			Type   string          `json:"type"`
			Repo   string          `json:"repo"`
			Events []version.Event `json:"events"`
		} `json:"ranges"`
		Versions []string `json:"versions"`
	} `json:"affected"`
	References []struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"references"`
}

// ParseOSV reads one OSV record. name says where it came from, for messages.
func ParseOSV(name string, data []byte) (Advisory, error) {
	if len(data) > MaxRecordBytes {
		return Advisory{}, input.TooLarge(name, MaxRecordBytes)
	}
	var rec osvRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return Advisory{}, input.JSONError(name, data, 0, "", err)
	}
	a, err := rec.advisory(name)
	if err != nil {
		return Advisory{}, input.Refuse(name, "", "%v", err)
	}
	return a, nil
}

func (rec *osvRecord) advisory(name string) (Advisory, error) {
	if rec.ID == "" {
		return Advisory{}, errors.New("the record has no id")
	}
	if len(rec.Affected) > MaxAffected || len(rec.Aliases) > MaxAliases {
		return Advisory{}, fmt.Errorf("the record lists more than %d affected packages or %d aliases", MaxAffected, MaxAliases)
	}
	a := Advisory{ID: rec.ID, Aliases: rec.Aliases, Source: SourceOSV, Document: name,
		Summary: rec.Summary, Details: rec.Details}
	var err error
	if a.Modified, err = osvTime("modified", rec.Modified); err != nil {
		return Advisory{}, err
	}
	if a.Published, err = osvTime("published", rec.Published); err != nil {
		return Advisory{}, err
	}
	if a.Withdrawn, err = osvTime("withdrawn", rec.Withdrawn); err != nil {
		return Advisory{}, err
	}
	for _, s := range rec.Severity {
		a.Severity = append(a.Severity, ParseSeverity(s.Type, s.Score))
	}
	for i, af := range rec.Affected {
		out := Affected{Ecosystem: af.Package.Ecosystem, Versions: af.Versions}
		if af.Package.Name != "" && af.Package.Ecosystem != "" {
			out.Package = ident.NewPackage(af.Package.Ecosystem, af.Package.Name)
			_, out.Release = ident.SplitEcosystem(af.Package.Ecosystem)
		} else if af.Package.PURL != "" {
			p, err := ident.ParsePURL(af.Package.PURL)
			if err != nil {
				return Advisory{}, fmt.Errorf("affected[%d].package.purl: %v", i, err)
			}
			out.Package, out.Ecosystem, out.Release = p.Package, p.Ecosystem(), p.Release
		}
		for _, r := range af.Ranges {
			out.Ranges = append(out.Ranges, Range{Type: RangeType(strings.ToUpper(r.Type)), Events: r.Events, Repo: r.Repo})
		}
		a.Affected = append(a.Affected, out)
	}
	for _, r := range rec.References {
		a.References = append(a.References, Reference{Type: r.Type, URL: r.URL})
	}
	return a, nil
}

func osvTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an RFC 3339 time", field, s)
	}
	return t.UTC(), nil
}
