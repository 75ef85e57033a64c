package input

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	for _, tt := range []struct {
		offset    int64
		line, col int
	}{{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {7, 4, 1}, {9, 4, 3}, {99, 4, 3}, {-5, 1, 1}} {
		if l, c := Position(data, tt.offset); l != tt.line || c != tt.col {
			t.Errorf("Position(%d) = %d, %d; want %d, %d", tt.offset, l, c, tt.line, tt.col)
		}
	}
}

func TestJSONError(t *testing.T) {
	// A type error is placed just after the value it is about.
	data := []byte("{\n  \"name\": 7\n}")
	var v struct{ Name string }
	err := json.Unmarshal(data, &v)
	e := JSONError("doc.json", data, 0, "packages[2]", err)
	if got := e.Error(); !strings.Contains(got, "doc.json cannot be read") || !strings.Contains(got, "line 2, column 12 (packages[2])") ||
		!strings.Contains(got, "Name should be text, not a JSON number") {
		t.Errorf("%q", got)
	}
	err = json.Unmarshal(data[:8], &v)
	if got := JSONError("doc.json", data[:8], 0, "", err).Error(); !strings.Contains(got, "cut short") {
		t.Errorf("%q", got)
	}
}

func TestReadAllAndSize(t *testing.T) {
	if _, err := ReadAll("x", strings.NewReader("12345"), 4); err == nil || !strings.Contains(err.Error(), "larger than 4 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	if b, err := ReadAll("x", strings.NewReader("1234"), 4); err != nil || string(b) != "1234" {
		t.Errorf("at the limit: %q %v", b, err)
	}
	if Size(64<<20) != "64 MiB" || Size(512<<10) != "512 KiB" || Size(1000) != "1000 bytes" {
		t.Error("sizes")
	}
}
