package caremap

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// yamlWriter writes the §5 format directly. A general YAML encoder spent seconds on a
// 10,000-entry map; this takes milliseconds, and quotes only what YAML would misread.
type yamlWriter struct {
	b bytes.Buffer
}

func (w *yamlWriter) line(indent int, text ...string) {
	for range indent {
		w.b.WriteByte(' ')
	}
	for _, t := range text {
		w.b.WriteString(t)
	}
	w.b.WriteByte('\n')
}

// field writes "key: value" when value is not empty.
func (w *yamlWriter) field(indent int, key, value string) {
	if value != "" {
		w.line(indent, key, ": ", yamlScalar(value, false))
	}
}

func (w *yamlWriter) contents(c *Contents) {
	o := c.Organisation
	w.line(0, "organisation:")
	w.line(2, "code: ", yamlScalar(o.Code, false))
	w.line(2, "name: ", yamlScalar(o.Name, false))
	w.field(2, "type", o.Type)
	if len(c.Suppliers) > 0 {
		w.line(0)
		w.line(0, "suppliers:")
		for _, s := range c.Suppliers {
			w.line(2, "- id: ", yamlScalar(s.ID, false))
			w.line(4, "name: ", yamlScalar(s.Name, false))
			w.field(4, "contact", s.Contact)
		}
	}
	if len(c.Services) > 0 {
		w.line(0)
		w.line(0, "services:")
		for _, s := range c.Services {
			w.line(2, "- id: ", yamlScalar(s.ID, false))
			w.line(4, "name: ", yamlScalar(s.Name, false))
			w.line(4, "consequence: ", s.Consequence.String())
			if s.PatientsPerDay != 0 {
				w.line(4, "patients_per_day: ", strconv.Itoa(s.PatientsPerDay))
			}
			if !s.Downtime.IsZero() {
				w.line(4, "downtime:")
				w.line(6, "procedure: ", yamlScalar(s.Downtime.Procedure, false))
				w.line(6, "safe_for: ", s.Downtime.SafeFor.String())
			}
			w.dependencies(s.DependsOn)
		}
	}
	if len(c.Assets) > 0 {
		w.line(0)
		w.line(0, "assets:")
		for _, a := range c.Assets {
			w.line(2, "- id: ", yamlScalar(a.ID, false))
			w.line(4, "name: ", yamlScalar(a.Name, false))
			w.line(4, "kind: ", yamlScalar(string(a.Kind), false))
			w.field(4, "supplier", a.Supplier)
			w.field(4, "exposure", string(a.Exposure))
			if a.PatientData {
				w.line(4, "patient_data: true")
			}
			if !a.EndOfSupport.IsZero() {
				w.line(4, "end_of_support: ", a.EndOfSupport.String())
			}
			if id := a.Identifiers; !id.IsZero() {
				var parts []string
				if id.CPE != "" {
					parts = append(parts, "cpe: "+yamlScalar(id.CPE, true))
				}
				if id.PURL != "" {
					parts = append(parts, "purl: "+yamlScalar(id.PURL, true))
				}
				if len(id.Hostnames) > 0 {
					parts = append(parts, "hostnames: "+yamlFlowList(id.Hostnames))
				}
				if len(id.IPs) > 0 {
					parts = append(parts, "ips: "+yamlFlowList(id.IPs))
				}
				w.line(4, "identifiers: {", strings.Join(parts, ", "), "}")
			}
			w.field(4, "sbom", a.SBOM)
			w.dependencies(a.DependsOn)
		}
	}
	if rm := c.RiskModel; !rm.IsZero() {
		w.line(0)
		w.line(0, "risk_model:")
		if t := rm.Thresholds; t != (Thresholds{}) {
			var parts []string
			for _, v := range []struct {
				name string
				v    float64
			}{{"very-low", t.VeryLow}, {"low", t.Low}, {"medium", t.Medium}, {"high", t.High}} {
				if v.v != 0 {
					parts = append(parts, v.name+": "+strconv.FormatFloat(v.v, 'g', -1, 64))
				}
			}
			w.line(2, "likelihood: {", strings.Join(parts, ", "), "}")
		}
		if rm.UntrustworthyAtLeast != 0 {
			w.line(2, "untrustworthy_at_least: ", rm.UntrustworthyAtLeast.String())
		}
		if rm.Matrix != ([5][5]int{}) {
			w.line(2, "matrix:")
			for i := 4; i >= 0; i-- { // very-high first, as the DCB matrix is printed
				row := rm.Matrix[i]
				if row == ([5]int{}) {
					continue
				}
				cells := make([]string, 5)
				for j, v := range row {
					cells[j] = strconv.Itoa(v)
				}
				w.line(4, likelihoodNames[i+1], ": [", strings.Join(cells, ", "), "]")
			}
		}
	}
}

func (w *yamlWriter) dependencies(deps []Dependency) {
	if len(deps) == 0 {
		return
	}
	w.line(4, "depends_on:")
	for _, d := range deps {
		w.line(6, "- {", d.Type.String(), ": ", yamlScalar(d.ID, true), ", need: ", d.Need.String(), "}")
	}
}

func yamlFlowList(ss []string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = yamlScalar(s, true)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// yamlScalar writes s plain when YAML reads it back as the same text, and double-quoted
// otherwise. Inside flow collections ({…} and […]) commas and brackets need quotes too.
func yamlScalar(s string, flow bool) string {
	if plainSafe(s, flow) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError || r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x10000:
			b.WriteString(`\u`)
			b.WriteString(hex4(r))
		default:
			b.WriteString(`\U0000`)
			b.WriteString(hex4(r >> 16))
			b.WriteString(hex4(r & 0xffff))
		}
	}
	b.WriteByte('"')
	return b.String()
}

func hex4(r rune) string {
	s := strconv.FormatInt(int64(r), 16)
	return strings.Repeat("0", 4-len(s)) + s
}

func plainSafe(s string, flow bool) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(s[0])) {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") {
		return false
	}
	if flow && strings.ContainsAny(s, ",[]{}:#") {
		return false
	}
	for _, r := range s {
		if r != ' ' && !unicode.IsPrint(r) || r == utf8.RuneError {
			return false
		}
	}
	// Words that YAML reads as something other than text.
	switch strings.ToLower(s) {
	case "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan":
		return false
	}
	if c := s[0]; c >= '0' && c <= '9' || c == '+' || c == '.' {
		if _, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64); err == nil {
			return false
		}
		if _, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, 64); err == nil {
			return false
		}
		if _, err := ParseDate(s); err == nil {
			return false
		}
	}
	return true
}
