package caremap

import (
	"fmt"
	"strings"
)

// Words writes a duration the way people say it: "14 days", "1 day 12 hours",
// "30 minutes". String writes it the way the file does ("1d12h").
func (d Duration) Words() string {
	if d <= 0 {
		return "no time"
	}
	var parts []string
	for _, u := range []struct {
		size Duration
		name string
	}{{Day, "day"}, {Hour, "hour"}, {Minute, "minute"}} {
		if n := d / u.size; n > 0 {
			parts = append(parts, Plural(int64(n), u.name))
			d -= n * u.size
		}
	}
	return strings.Join(parts, " ")
}

// Plural counts a noun: "1 day", "14 days".
func Plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
