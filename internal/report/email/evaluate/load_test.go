package evaluate

import (
	"errors"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

func TestParseLabels(t *testing.T) {
	entries, err := parseLabels([]byte("# comment\n\na.eml,phishing\nb.eml\tham\nsub/c.eml spam\n"), "labels.csv")
	if err != nil || len(entries) != 3 || entries[1].label != Genuine || entries[2].name != "sub/c.eml" {
		t.Fatalf("entries %+v, err %v", entries, err)
	}
	_, err = parseLabels([]byte("a.eml,phishing\nb.eml\n../secret,genuine\nc.eml,perhaps\n"), "labels.csv")
	var ve *vigil.Error
	if !errors.As(err, &ve) || len(ve.Fields) != 3 || ve.Fields["labels.csv, line 2"] == "" || ve.Fields["labels.csv, line 3"] == "" {
		t.Errorf("err = %v (%+v), want lines 2, 3 and 4 named", err, ve)
	}
}

func FuzzParseLabels(f *testing.F) {
	f.Add([]byte("a.eml,phishing\nb.eml,genuine\n"))
	f.Add([]byte("../x,spam\n,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseLabels(data, "labels")
		if err == nil {
			for _, e := range entries {
				if e.name == "" || e.label == "" {
					t.Errorf("empty entry %+v", e)
				}
			}
		}
	})
}
