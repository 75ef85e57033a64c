package programme

import (
	"testing"
	"time"
)

func TestCampaignsRunThemselves(t *testing.T) {
	c, err := ParseCampaign("campaigns/october.yaml", []byte(campaign), library(t), []Habit{{ID: "lock-your-screen"}})
	if err != nil {
		t.Fatal(err)
	}
	p := Programme{Campaigns: []Campaign{c}, Habits: []Habit{{ID: "lock-your-screen"}, {ID: "check-the-sender"}, {ID: "report-it"}}}
	for _, tt := range []struct {
		day    time.Time
		week   int // 0: none
		habits []string
	}{
		{time.Date(2025, time.October, 5, 23, 0, 0, 0, time.UTC), 0, nil},                         // the Sunday before
		{time.Date(2025, time.October, 6, 0, 0, 0, 0, time.UTC), 1, []string{"lock-your-screen"}}, // first Monday
		{time.Date(2025, time.October, 19, 23, 59, 0, 0, time.UTC), 2, nil},                       // a week without cards
		{time.Date(2025, time.October, 20, 0, 0, 0, 0, time.UTC), 0, nil},                         // after two weeks
	} {
		r, ok := p.Running(tt.day, time.UTC)
		if ok != (tt.week > 0) || (ok && r.Number != tt.week) {
			t.Errorf("%v: running %v week %d, want week %d", tt.day, ok, r.Number, tt.week)
		}
		h, ok := p.HabitOfTheWeek(tt.day, time.UTC)
		if !ok || (tt.habits != nil && h.ID != tt.habits[0]) {
			t.Errorf("%v: habit %q, want %v", tt.day, h.ID, tt.habits)
		}
	}
}

func TestHabitsTakeTurnsWeekByWeek(t *testing.T) {
	p := Programme{Habits: []Habit{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	monday := time.Date(2026, time.March, 2, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for week := 0; week < 3; week++ {
		first, _ := p.HabitOfTheWeek(monday.AddDate(0, 0, 7*week), time.UTC)
		sunday, _ := p.HabitOfTheWeek(monday.AddDate(0, 0, 7*week+6), time.UTC)
		if first != sunday {
			t.Errorf("week %d changed card mid-week: %s then %s", week, first.ID, sunday.ID)
		}
		seen[first.ID] = true
	}
	if len(seen) != 3 {
		t.Errorf("three weeks showed %v, want every card once", seen)
	}
}

func TestTheLatestCampaign(t *testing.T) {
	c, err := ParseCampaign("campaigns/october.yaml", []byte(campaign), library(t), []Habit{{ID: "lock-your-screen"}})
	if err != nil {
		t.Fatal(err)
	}
	p := Programme{Campaigns: []Campaign{c}}
	if _, _, _, ok := p.Latest(time.Date(2025, time.September, 30, 0, 0, 0, 0, time.UTC), time.UTC); ok {
		t.Error("a campaign before it began")
	}
	got, from, to, ok := p.Latest(time.Date(2025, time.November, 29, 0, 0, 0, 0, time.UTC), time.UTC)
	if !ok || got.ID != "october" || from.Day() != 6 || !to.Equal(time.Date(2025, time.October, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("after October: %s from %v to %v (%v)", got.ID, from, to, ok)
	}
}
