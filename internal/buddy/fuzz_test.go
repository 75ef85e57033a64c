package buddy

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParseContact feeds the contact log form anything: it never panics,
// and what it accepts is within the limits.
func FuzzParseContact(f *testing.F) {
	f.Add("visit", "2026-11-02", "30", "Walked the ward round")
	f.Add("incident-help", "2026-13-40", "-5", "\xff")
	f.Add("", "", "99999999999999999999", "")
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, kind, day, minutes, note string) {
		p, problems := parseContact(NewContact{Kind: kind, Day: day, Minutes: minutes, Note: note}, today)
		if len(problems) > 0 {
			return
		}
		if p.minutes < 1 || p.minutes > MaxMinutes || p.day.After(today.AddDate(0, 0, 1)) || utf8.RuneCountInString(p.note) > MaxNoteChars || p.kind.Label() == string(p.kind) {
			t.Errorf("accepted %+v", p)
		}
	})
}

// FuzzParsePeriod feeds the period of the contacts page anything: it
// never panics, and a period it accepts runs forwards and is at most five
// years long.
func FuzzParsePeriod(f *testing.F) {
	f.Add("2026-09-01", "2026-11-30")
	f.Add("", "")
	f.Add("0001-01-01", "9999-12-31")
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to string) {
		p, problems := ParsePeriod(from, to, today)
		if len(problems) > 0 {
			return
		}
		if p.To.Before(p.From) || p.To.Sub(p.From) > 5*366*24*time.Hour {
			t.Errorf("accepted %+v", p)
		}
	})
}
