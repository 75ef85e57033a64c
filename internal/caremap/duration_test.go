package caremap

import (
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
		err  string // part of the error, when one is expected
	}{
		{"30m", 30 * Minute, ""},
		{"4h", 4 * Hour, ""},
		{"14d", 14 * Day, ""},
		{"2w", 2 * Week, ""},
		{"1d12h", Day + 12*Hour, ""},
		{"1w2d3h4m", Week + 2*Day + 3*Hour + 4*Minute, ""},
		{"90m", 90 * Minute, ""},
		{"", 0, "empty"},
		{"4", 0, "a number and a unit"},
		{"h", 0, "a number and a unit"},
		{"4x", 0, `unknown unit "x"`},
		{"4 h", 0, "without spaces"},
		{"12h1d", 0, "larger units first"},
		{"1h1h", 0, "larger units first"},
		{"0m", 0, "longer than zero"},
		{"-4h", 0, "a number and a unit"},
		{"99999999d", 0, "too large"},
		{"3651d", 0, "ten years"},
		{"4.5h", 0, "whole numbers"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), `"`+tt.in+`"`) {
				t.Errorf("ParseDuration(%q) error = %v, want one naming the value and saying %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestDurationString(t *testing.T) {
	for d, want := range map[Duration]string{
		30 * Minute:          "30m",
		4 * Hour:             "4h",
		2 * Week:             "14d",
		Day + 12*Hour:        "1d12h",
		Day + 30*Minute:      "1d30m",
		3*Day + 2*Hour + 1*1: "3d2h", // less than a minute is dropped
	} {
		if got := d.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int64(d), got, want)
		}
		back, err := ParseDuration(want)
		if err != nil || back != d.Truncate() {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", want, back, err, d)
		}
	}
}

func TestParseDate(t *testing.T) {
	if d, err := ParseDate("2028-03-31"); err != nil || d != (Date{2028, 3, 31}) || d.String() != "2028-03-31" {
		t.Errorf("ParseDate = %v, %v", d, err)
	}
	for _, bad := range []string{"2028-02-30", "31/03/2028", "2028-3-31", "2028-03-31T00:00:00Z", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) gave no error", bad)
		}
	}
}

func TestVocabulary(t *testing.T) {
	for _, s := range []string{"required", "degraded", "optional"} {
		n, err := ParseNeed(s)
		if err != nil || n.String() != s {
			t.Errorf("ParseNeed(%q) = %v, %v", s, n, err)
		}
	}
	if _, err := ParseNeed("requred"); err == nil || !strings.Contains(err.Error(), `"requred"`) {
		t.Errorf("ParseNeed(requred) error = %v", err)
	}
	for i, s := range []string{"minor", "significant", "considerable", "major", "catastrophic"} {
		c, err := ParseConsequence(s)
		if err != nil || c != Consequence(i+1) {
			t.Errorf("ParseConsequence(%q) = %v, %v", s, c, err)
		}
	}
	for i, s := range []string{"very-low", "low", "medium", "high", "very-high"} {
		l, err := ParseLikelihood(s)
		if err != nil || l != Likelihood(i+1) {
			t.Errorf("ParseLikelihood(%q) = %v, %v", s, l, err)
		}
	}
	if _, err := Consequence(0).MarshalText(); err == nil {
		t.Error("the zero consequence marshalled")
	}
}
