package syslog

import (
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
)

// CEFSeverity maps a CEF severity to Vigil's scale, following CEF's own bands:
// 0–3 Low, 4–6 Medium, 7–8 High, 9–10 Very-High (critical). The words Low,
// Medium, High and Very-High map the same way; Unknown is medium.
func CEFSeverity(s string) (alert.Severity, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		switch {
		case n < 0 || n > 10:
			return 0, false
		case n <= 3:
			return alert.Low, true
		case n <= 6:
			return alert.Medium, true
		case n <= 8:
			return alert.High, true
		}
		return alert.Critical, true
	}
	switch strings.ToLower(s) {
	case "low":
		return alert.Low, true
	case "medium", "unknown":
		return alert.Medium, true
	case "high":
		return alert.High, true
	case "very-high", "very high", "veryhigh":
		return alert.Critical, true
	}
	return 0, false
}

// cefObservable says whether an extension key names a host, address, user,
// file or link. dvc and dvchost are the device that reported the event.
func cefObservable(key string) (alert.Kind, bool) {
	switch key {
	case "src", "dst", "dvc", "sourceTranslatedAddress", "destinationTranslatedAddress":
		return alert.IP, true
	case "shost", "dhost", "dvchost":
		return alert.Hostname, true
	case "suser", "duser":
		return alert.User, true
	case "fileHash", "oldFileHash":
		return alert.FileHash, true
	case "request":
		return alert.URL, true
	}
	return "", false
}

// cefAlert turns a CEF event, and the syslog message that carried it, into an
// alert. A time it cannot read is reported with the key that held it.
func cefAlert(c CEF, m Message, received time.Time) (alert.Alert, error) {
	a := alert.Alert{
		Source:   alert.Source{Format: alert.CEF, Tool: alert.ToolName(c.Vendor, c.Product)},
		Received: received,
		RuleID:   c.SignatureID,
		RuleName: c.Name,
		Title:    c.Name,
		Occurred: m.Time,
	}
	sev, ok := CEFSeverity(c.Severity)
	if !ok {
		return a, &PartError{"CEF severity", "want 0 to 10, or Low, Medium, High or Very-High"}
	}
	a.Severity, a.SeverityRaw = sev, c.Severity
	if len(c.SignatureID) > alert.MaxIDLength {
		return a, &PartError{"CEF signature id", "longer than 256 characters"}
	}
	var labels map[string]string // custom field → its label, in lower case
	var times [3]string          // rt, end, start: the first present wins
	for _, p := range c.Extension {
		switch p.Name {
		case "rt":
			times[0] = p.Value
		case "end":
			times[1] = p.Value
		case "start":
			times[2] = p.Value
		case "externalId":
			if len(p.Value) > alert.MaxIDLength {
				return a, &PartError{"CEF externalId", "longer than 256 characters"}
			}
			a.SourceID = p.Value
		case "cat":
			a.Category = p.Value
		default:
			if kind, ok := cefObservable(p.Name); ok {
				a.Observe(kind, p.Value, p.Name)
			} else if strings.HasSuffix(p.Name, "Label") {
				if labels == nil {
					labels = make(map[string]string)
				}
				labels[strings.TrimSuffix(p.Name, "Label")] = strings.ToLower(p.Value)
			}
		}
	}
	// Vendors put ATT&CK ids in custom string fields labelled for them.
	for _, p := range c.Extension {
		if l := labels[p.Name]; strings.Contains(l, "technique") || strings.Contains(l, "mitre") {
			for _, id := range strings.FieldsFunc(p.Value, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
				a.AddTechnique(id)
			}
		}
	}
	for i, key := range [3]string{"rt", "end", "start"} {
		if times[i] == "" {
			continue
		}
		t, ok := cefTime(times[i], received)
		if !ok {
			return a, &PartError{"CEF " + key, "want milliseconds since 1970, or a time such as May 01 2024 10:22:33 UTC"}
		}
		a.Occurred = t
		break
	}
	if m.Hostname != "" {
		a.Observe(alert.Hostname, m.Hostname, "syslog.hostname")
	}
	return a, nil
}

// cefTime reads the times CEF allows: milliseconds since 1970, or
// "MMM dd [yyyy] HH:mm:ss[.SSS] [zone]". A zone must be UTC, GMT, Z, BST or an
// offset such as +0100; a time without one is taken as UTC, and one without a
// year is in the year it was received.
func cefTime(s string, received time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 || n > 253402300799999 {
			return time.Time{}, false
		}
		return time.UnixMilli(n).UTC(), true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	loc := time.UTC
	if sp := strings.LastIndexByte(s, ' '); sp > 0 {
		switch zone := s[sp+1:]; {
		case zone == "UTC" || zone == "GMT" || zone == "Z":
			s = s[:sp]
		case zone == "BST":
			s, loc = s[:sp], time.FixedZone("BST", 3600)
		case len(zone) >= 5 && (zone[0] == '+' || zone[0] == '-'):
			t, err := time.Parse("-0700", strings.Replace(zone, ":", "", 1))
			if err != nil {
				return time.Time{}, false
			}
			_, off := t.Zone()
			s, loc = s[:sp], time.FixedZone("", off)
		case zone[0] < '0' || zone[0] > '9':
			return time.Time{}, false // a zone name Vigil cannot place
		}
	}
	for _, layout := range []string{"Jan 2 2006 15:04:05", "Jan 2 2006 15:04:05.000", "Jan 2 15:04:05", "Jan 2 15:04:05.000"} {
		t, err := time.ParseInLocation(layout, strings.Join(strings.Fields(s), " "), loc)
		if err != nil {
			continue
		}
		if t.Year() == 0 {
			t = t.AddDate(received.Year(), 0, 0)
			if t.After(received.Add(24 * time.Hour)) {
				t = t.AddDate(-1, 0, 0)
			}
		}
		return t.UTC(), true
	}
	return time.Time{}, false
}
