package notify

import (
	"testing"
	"time"
)

func TestOnCallByShift(t *testing.T) {
	start := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	r := Rota{ShiftHours: 168, StartsAt: start, People: []OnCall{{Name: "Aisha"}, {Name: "Ben"}, {Name: "Chloe"}}}
	for _, c := range []struct {
		at   time.Duration
		want int
	}{
		{-time.Minute, -1}, // before the rota starts
		{0, 0},
		{167 * time.Hour, 0},
		{168 * time.Hour, 1},
		{2 * 168 * time.Hour, 2},
		{3 * 168 * time.Hour, 0}, // round again
		{100 * 168 * time.Hour, 1},
	} {
		if got := r.OnCallAt(start.Add(c.at)); got != c.want {
			t.Errorf("at +%s: %d, want %d", c.at, got, c.want)
		}
	}
	if got := r.ShiftEnds(start.Add(170 * time.Hour)); !got.Equal(start.Add(2 * 168 * time.Hour)) {
		t.Errorf("shift ends %s", got)
	}
	if (Rota{}).OnCallAt(start) != -1 {
		t.Error("an empty rota has someone on call")
	}
}

func TestBackoffDoublesToAnHour(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("after attempt %d: %s, want %s", i+1, got, w)
		}
	}
}
