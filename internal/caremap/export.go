package caremap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The file shapes below are the §5 format as Go structs, used only to write maps out.
// Fields that are empty are left out, so an export read back gives an equal map.

// FileShape is the file format as Go types, for documents that describe it
// (the API's OpenAPI document).
func FileShape() any { return fileMap{} }

type fileMap struct {
	Organisation fileOrganisation `json:"organisation"`
	Suppliers    []fileSupplier   `json:"suppliers,omitempty"`
	Services     []fileService    `json:"services,omitempty"`
	Assets       []fileAsset      `json:"assets,omitempty"`
	RiskModel    *fileRiskModel   `json:"risk_model,omitempty"`
}

type fileOrganisation struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

type fileSupplier struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Contact string `json:"contact,omitempty"`
}

type fileService struct {
	ID             string           `json:"id"`
	Name           string           `json:"name"`
	Consequence    Consequence      `json:"consequence"`
	PatientsPerDay int              `json:"patients_per_day,omitempty"`
	Downtime       *fileDowntime    `json:"downtime,omitempty"`
	DependsOn      []fileDependency `json:"depends_on,omitempty"`
}

type fileDowntime struct {
	Procedure string   `json:"procedure"`
	SafeFor   Duration `json:"safe_for"`
}

type fileAsset struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Kind         Kind             `json:"kind"`
	Supplier     string           `json:"supplier,omitempty"`
	Exposure     Exposure         `json:"exposure,omitempty"`
	PatientData  bool             `json:"patient_data,omitempty"`
	EndOfSupport string           `json:"end_of_support,omitempty"`
	Identifiers  *fileIdentifiers `json:"identifiers,omitempty"`
	SBOM         string           `json:"sbom,omitempty"`
	DependsOn    []fileDependency `json:"depends_on,omitempty"`
}

type fileIdentifiers struct {
	CPE       string   `json:"cpe,omitempty"`
	PURL      string   `json:"purl,omitempty"`
	Hostnames []string `json:"hostnames,omitempty"`
	IPs       []string `json:"ips,omitempty"`
}

type fileDependency struct {
	Asset    string `json:"asset,omitempty"`
	Service  string `json:"service,omitempty"`
	Supplier string `json:"supplier,omitempty"`
	Need     Need   `json:"need"`
}

type fileRiskModel struct {
	Likelihood           *fileThresholds `json:"likelihood,omitempty"`
	UntrustworthyAtLeast string          `json:"untrustworthy_at_least,omitempty"`
	Matrix               *fileMatrix     `json:"matrix,omitempty"`
}

type fileThresholds struct {
	VeryLow float64 `json:"very-low,omitempty"`
	Low     float64 `json:"low,omitempty"`
	Medium  float64 `json:"medium,omitempty"`
	High    float64 `json:"high,omitempty"`
}

// fileMatrix lists rows from very-high down, the way the DCB matrix is usually printed.
type fileMatrix struct {
	VeryHigh *[5]int `json:"very-high,omitempty"`
	High     *[5]int `json:"high,omitempty"`
	Medium   *[5]int `json:"medium,omitempty"`
	Low      *[5]int `json:"low,omitempty"`
	VeryLow  *[5]int `json:"very-low,omitempty"`
}

func (c *Contents) file() fileMap {
	f := fileMap{Organisation: fileOrganisation(c.Organisation)}
	for _, s := range c.Suppliers {
		f.Suppliers = append(f.Suppliers, fileSupplier(s))
	}
	for _, s := range c.Services {
		fs := fileService{ID: s.ID, Name: s.Name, Consequence: s.Consequence, PatientsPerDay: s.PatientsPerDay,
			DependsOn: fileDependencies(s.DependsOn)}
		if !s.Downtime.IsZero() {
			fs.Downtime = &fileDowntime{s.Downtime.Procedure, s.Downtime.SafeFor}
		}
		f.Services = append(f.Services, fs)
	}
	for _, a := range c.Assets {
		fa := fileAsset{ID: a.ID, Name: a.Name, Kind: a.Kind, Supplier: a.Supplier, Exposure: a.Exposure,
			PatientData: a.PatientData, EndOfSupport: a.EndOfSupport.String(), SBOM: a.SBOM,
			DependsOn: fileDependencies(a.DependsOn)}
		if !a.Identifiers.IsZero() {
			fa.Identifiers = &fileIdentifiers{a.Identifiers.CPE, a.Identifiers.PURL, a.Identifiers.Hostnames, a.Identifiers.IPs}
		}
		f.Assets = append(f.Assets, fa)
	}
	if rm := c.RiskModel; !rm.IsZero() {
		fr := &fileRiskModel{}
		if rm.Thresholds != (Thresholds{}) {
			t := fileThresholds(rm.Thresholds)
			fr.Likelihood = &t
		}
		if rm.UntrustworthyAtLeast != 0 {
			fr.UntrustworthyAtLeast = rm.UntrustworthyAtLeast.String()
		}
		var mx fileMatrix
		rows := []**[5]int{&mx.VeryLow, &mx.Low, &mx.Medium, &mx.High, &mx.VeryHigh}
		for i, row := range rm.Matrix {
			if row != [5]int{} {
				r := row
				*rows[i] = &r
				fr.Matrix = &mx
			}
		}
		f.RiskModel = fr
	}
	return f
}

func fileDependencies(deps []Dependency) []fileDependency {
	if len(deps) == 0 {
		return nil
	}
	out := make([]fileDependency, len(deps))
	for i, d := range deps {
		fd := fileDependency{Need: d.Need}
		switch d.Type {
		case TypeAsset:
			fd.Asset = d.ID
		case TypeService:
			fd.Service = d.ID
		case TypeSupplier:
			fd.Supplier = d.ID
		}
		out[i] = fd
	}
	return out
}

// errOutlineExport refuses to write a map read from an outline: it lacks the asset
// details and supplier contacts, so writing it would lose them.
var errOutlineExport = errors.New("write care map: this map was read from an outline, which leaves details out, so it cannot be written out")

// YAML writes the map in the §5 file format, laid out as people write it: one field a
// line, each dependency on one line.
func (m *Map) YAML() ([]byte, error) {
	if m.outline {
		return nil, errOutlineExport
	}
	w := &yamlWriter{}
	w.contents(&m.Contents)
	return w.b.Bytes(), nil
}

// JSON writes the map as compact JSON with the same fields as the YAML file.
func (m *Map) JSON() ([]byte, error) {
	if m.outline {
		return nil, errOutlineExport
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.Contents.file()); err != nil {
		return nil, fmt.Errorf("write care map as JSON: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// IndentedJSON writes the map as JSON laid out for people to read.
func (m *Map) IndentedJSON() ([]byte, error) {
	b, err := m.JSON()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, fmt.Errorf("write care map as JSON: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
