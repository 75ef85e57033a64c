package advisory

import (
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	gocvss31 "github.com/pandatix/go-cvss/31"
	gocvss40 "github.com/pandatix/go-cvss/40"
)

// ParseSeverity reads a CVSS vector and computes its base score. typ is the source's
// name for the kind (CVSS_V3, cvssV3_1, …); the vector's own prefix wins when it has one.
// A vector that cannot be read keeps its text with a zero score, so it is still shown.
func ParseSeverity(typ, vector string) Severity {
	s := Severity{Type: strings.ToUpper(typ), Vector: strings.TrimSpace(vector)}
	v := s.Vector
	ok := false
	switch {
	case strings.HasPrefix(v, "CVSS:4.0/"):
		s.Type = "CVSS_V4"
		if c, err := gocvss40.ParseVector(v); err == nil {
			s.Score, ok = c.Score(), true
		}
	case strings.HasPrefix(v, "CVSS:3.1/"):
		s.Type = "CVSS_V3"
		if c, err := gocvss31.ParseVector(v); err == nil {
			s.Score, ok = c.BaseScore(), true
		}
	case strings.HasPrefix(v, "CVSS:3.0/"):
		s.Type = "CVSS_V3"
		if c, err := gocvss30.ParseVector(v); err == nil {
			s.Score, ok = c.BaseScore(), true
		}
	case strings.Contains(v, "Au:"):
		s.Type = "CVSS_V2"
		if c, err := gocvss20.ParseVector(strings.TrimPrefix(strings.TrimSuffix(v, ")"), "(")); err == nil {
			s.Score, ok = c.BaseScore(), true
		}
	}
	if ok {
		s.Rating = rating(s.Score)
	}
	return s
}

// rating is the CVSS v3/v4 qualitative rating of a base score.
func rating(score float64) string {
	switch {
	case score == 0:
		return "none"
	case score < 4:
		return "low"
	case score < 7:
		return "medium"
	case score < 9:
		return "high"
	}
	return "critical"
}

// Highest is the severity with the highest score, or the zero Severity when none has one.
func Highest(ss []Severity) Severity {
	var best Severity
	for _, s := range ss {
		if s.Score > best.Score || best.Vector == "" {
			best = s
		}
	}
	return best
}
