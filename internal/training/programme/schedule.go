package programme

import (
	"slices"
	"time"
)

// Running is the week of a campaign that is on now.
type Running struct {
	Campaign Campaign
	Week     Week
	Number   int // 1 for the first week
	Starts   time.Time
}

// Running finds the campaign week that holds now, in the organisation's
// time zone. Campaigns run themselves: nobody has to switch them on.
func (p Programme) Running(now time.Time, loc *time.Location) (Running, bool) {
	now = now.In(loc)
	for _, c := range p.Campaigns {
		for i, start := range c.Starts(now.Year(), loc) {
			if !now.Before(start) && now.Before(start.AddDate(0, 0, 7)) {
				return Running{Campaign: c, Week: c.Weeks[i], Number: i + 1, Starts: start}, true
			}
		}
	}
	return Running{}, false
}

// HabitOfTheWeek is the card to show in the week that holds now: during a
// campaign week, one of that week's cards; otherwise the cards take turns,
// a week each.
func (p Programme) HabitOfTheWeek(now time.Time, loc *time.Location) (Habit, bool) {
	cards := p.Habits
	if r, ok := p.Running(now, loc); ok && len(r.Week.Habits) > 0 {
		cards = slices.DeleteFunc(slices.Clone(p.Habits), func(h Habit) bool { return !slices.Contains(r.Week.Habits, h.ID) })
	}
	if len(cards) == 0 {
		return Habit{}, false
	}
	return cards[weekNumber(now, loc)%len(cards)], true
}

// weekNumber counts whole weeks from a Monday, so that the turn changes on
// Monday morning everywhere in the organisation.
func weekNumber(now time.Time, loc *time.Location) int {
	epoch := time.Date(2024, time.January, 1, 0, 0, 0, 0, loc) // a Monday
	return int(now.In(loc).Sub(epoch).Hours()) / (24 * 7)
}

// Latest is the campaign running now or, if none is, the one that ended
// most recently this year, with when it ran: for its leaderboard.
func (p Programme) Latest(now time.Time, loc *time.Location) (c Campaign, from, to time.Time, ok bool) {
	now = now.In(loc)
	for _, cand := range p.Campaigns {
		starts := cand.Starts(now.Year(), loc)
		if len(starts) == 0 || now.Before(starts[0]) || (ok && !starts[0].After(from)) {
			continue
		}
		c, from, to, ok = cand, starts[0], starts[len(starts)-1].AddDate(0, 0, 7), true
	}
	return c, from, to, ok
}
