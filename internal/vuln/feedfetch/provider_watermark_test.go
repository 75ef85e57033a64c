package feedfetch

import (
	"testing"
	"time"
)

// TestWatermark: the provider's watermark moves over documents handled, oldest first, and
// stops before the first one not handled, and before every other document of that time,
// so the next run (which fetches only what is newer) skips none of them.
func TestWatermark(t *testing.T) {
	since := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return since.Add(time.Duration(h) * time.Hour) }
	docs := func(hours ...int) []listedDocument {
		var out []listedDocument
		for _, h := range hours {
			d := listedDocument{URL: "https://p.example/d.json"}
			if h >= 0 {
				d.Updated = at(h)
			}
			out = append(out, d)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		due     []listedDocument
		handled []bool
		want    time.Time
	}{
		{"all handled", docs(1, 2, 3), []bool{true, true, true}, at(3)},
		{"nothing due", nil, nil, since},
		{"the limit per run cut after the second", docs(1, 2, 3), []bool{true, true, false}, at(2)},
		{"the first not fetched", docs(1, 2, 3), []bool{false, true, true}, since},
		{"cut inside a group of the same time", docs(1, 2, 2, 3), []bool{true, true, false, false}, at(1)},
		{"undated documents do not move it", docs(1, 2, -1), []bool{true, true, false}, at(2)},
	} {
		if got := watermark(since, c.due, c.handled); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
