package advisory

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// Limits on the KEV catalogue: it held 1,404 entries in 2025 and grows by a few hundred a year.
const (
	MaxKEVBytes   = 32 << 20
	MaxKEVEntries = 100_000
)

// KEV is the CISA Known Exploited Vulnerabilities catalogue: vulnerabilities being
// exploited in the wild, keyed by CVE id.
type KEV struct {
	Version  string
	Released time.Time
	Entries  map[string]KEVEntry
}

// KEVEntry is one known exploited vulnerability.
type KEVEntry struct {
	CVE            string `json:"cveID"`
	VendorProject  string `json:"vendorProject"`
	Product        string `json:"product"`
	Name           string `json:"vulnerabilityName"`
	DateAdded      string `json:"dateAdded"` // YYYY-MM-DD
	Description    string `json:"shortDescription"`
	RequiredAction string `json:"requiredAction"`
	DueDate        string `json:"dueDate"`                    // YYYY-MM-DD: the date US federal agencies must act by
	Ransomware     string `json:"knownRansomwareCampaignUse"` // Known or Unknown
	Notes          string `json:"notes"`
}

// KnownRansomware reports whether the entry is known to be used in ransomware campaigns.
func (e KEVEntry) KnownRansomware() bool { return strings.EqualFold(e.Ransomware, "Known") }

// ReadKEV reads the catalogue in CISA's JSON or CSV form (told apart by the first
// character). Entries without a CVE id are returned as problems; the others are kept.
func ReadKEV(name string, r io.Reader) (*KEV, []Problem, error) {
	data, err := input.ReadAll(name, r, MaxKEVBytes)
	if err != nil {
		return nil, nil, err
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return parseKEVJSON(name, data)
	}
	return parseKEVCSV(name, data)
}

func parseKEVJSON(name string, data []byte) (*KEV, []Problem, error) {
	var doc struct {
		CatalogVersion  string     `json:"catalogVersion"`
		DateReleased    string     `json:"dateReleased"`
		Vulnerabilities []KEVEntry `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, input.JSONError(name, data, 0, "", err)
	}
	if doc.Vulnerabilities == nil {
		return nil, nil, input.Refuse(name, "", "this is not the KEV catalogue: it has no \"vulnerabilities\" list")
	}
	k := &KEV{Version: doc.CatalogVersion, Entries: map[string]KEVEntry{}}
	if t, err := time.Parse(time.RFC3339, doc.DateReleased); err == nil {
		k.Released = t.UTC()
	}
	var problems []Problem
	for i, e := range doc.Vulnerabilities {
		problems = k.add(name, fmt.Sprintf("vulnerabilities[%d]", i), e, problems)
		if len(k.Entries) > MaxKEVEntries {
			return nil, nil, input.Refuse(name, "", "the catalogue has more than %d entries", MaxKEVEntries)
		}
	}
	return k, problems, nil
}

func (k *KEV) add(doc, where string, e KEVEntry, problems []Problem) []Problem {
	e.CVE = strings.ToUpper(strings.TrimSpace(e.CVE))
	if !strings.HasPrefix(e.CVE, "CVE-") {
		return append(problems, Problem{Document: doc, Message: where + ": the entry has no CVE id; it is skipped"})
	}
	k.Entries[e.CVE] = e
	return problems
}

func parseKEVCSV(name string, data []byte) (*KEV, []Problem, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	header, err := r.Read()
	if err != nil {
		return nil, nil, input.Refuse(name, "line 1", "this is neither the KEV JSON nor its CSV: the first line must name the columns")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	if _, ok := col["cveID"]; !ok {
		return nil, nil, input.Refuse(name, "line 1", "this is not the KEV CSV: there is no cveID column")
	}
	r.FieldsPerRecord = len(header)
	k := &KEV{Entries: map[string]KEVEntry{}}
	var problems []Problem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, Problem{Document: name, Message: fmt.Sprintf("line %d: the row cannot be read (%v); it is skipped", pe.StartLine, pe.Err)})
			continue
		}
		if err != nil {
			return nil, nil, input.Refuse(name, "", "%v", err)
		}
		get := func(c string) string {
			if i, ok := col[c]; ok {
				return rec[i]
			}
			return ""
		}
		line, _ := r.FieldPos(0)
		e := KEVEntry{CVE: get("cveID"), VendorProject: get("vendorProject"), Product: get("product"),
			Name: get("vulnerabilityName"), DateAdded: get("dateAdded"), Description: get("shortDescription"),
			RequiredAction: get("requiredAction"), DueDate: get("dueDate"), Ransomware: get("knownRansomwareCampaignUse"), Notes: get("notes")}
		problems = k.add(name, fmt.Sprintf("line %d", line), e, problems)
		if len(k.Entries) > MaxKEVEntries {
			return nil, nil, input.Refuse(name, "", "the catalogue has more than %d entries", MaxKEVEntries)
		}
	}
	return k, problems, nil
}

// Lookup finds the KEV entry for any of ids (an advisory's id and aliases).
func (k *KEV) Lookup(ids ...string) (KEVEntry, bool) {
	if k == nil {
		return KEVEntry{}, false
	}
	for _, id := range ids {
		if e, ok := k.Entries[strings.ToUpper(id)]; ok {
			return e, true
		}
	}
	return KEVEntry{}, false
}
