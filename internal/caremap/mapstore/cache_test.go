package mapstore

import (
	"errors"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

func TestMapCacheKeepsOneVersionPerOrganisationWithinItsSize(t *testing.T) {
	c := newMapCache(2)
	reads := 0
	read := func() (*caremap.Map, error) {
		reads++
		return &caremap.Map{}, nil
	}
	for _, org := range []string{"a", "a", "b", "a"} {
		if _, err := c.load(org, "v1", read); err != nil {
			t.Fatal(err)
		}
	}
	if reads != 2 {
		t.Errorf("%d reads for two organisations' maps, want 2", reads)
	}
	c.load("a", "v2", read) // a changed map replaces the old one
	c.load("c", "v1", read) // a third organisation pushes one out
	if reads != 4 || len(c.entries) != 2 || c.entries["c"] == nil {
		t.Errorf("%d reads, entries %v", reads, c.entries)
	}
	boom := errors.New("boom")
	if _, err := c.load("d", "v1", func() (*caremap.Map, error) { return nil, boom }); err != boom {
		t.Fatalf("err = %v", err)
	}
	if _, ok := c.entries["d"]; ok {
		t.Error("a failed read was kept")
	}
}
