package caremap

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a length of time in whole minutes, written the way staff say it: 30m, 4h, 14d, 2w or 1d12h.
type Duration time.Duration

// Common durations.
const (
	Minute = Duration(time.Minute)
	Hour   = Duration(time.Hour)
	Day    = 24 * Hour
	Week   = 7 * Day
)

// MaxDuration is the longest duration a map or an event may state. Anything longer is
// almost certainly a typing mistake, and the cap keeps the patient arithmetic far from overflow.
const MaxDuration = 10 * 365 * Day

var durationUnits = []struct {
	suffix byte
	size   Duration
}{{'w', Week}, {'d', Day}, {'h', Hour}, {'m', Minute}}

// ParseDuration reads a positive duration such as "30m", "4h", "14d", "2w" or "1d12h".
// Units must come largest first, each at most once.
func ParseDuration(s string) (Duration, error) {
	bad := func(why string) (Duration, error) {
		return 0, fmt.Errorf("bad duration %q: %s", s, why)
	}
	if s == "" {
		return bad("it is empty; use a number and a unit, such as 30m, 4h, 14d or 2w")
	}
	rest := s
	var total Duration
	next := 0 // index into durationUnits of the smallest unit still allowed
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return bad("use a number and a unit, such as 30m, 4h, 14d or 2w")
		}
		if i > 7 {
			return bad("the number is too large")
		}
		n, _ := strconv.Atoi(rest[:i])
		unit := rest[i]
		j := next
		for j < len(durationUnits) && durationUnits[j].suffix != unit {
			j++
		}
		if j == len(durationUnits) {
			if unit == '.' || unit == ',' {
				return bad("use whole numbers, such as 4h30m")
			}
			if unit == ' ' {
				return bad("write it without spaces, such as 4h")
			}
			if strings.IndexByte("wdhm", unit) >= 0 {
				return bad("put larger units first and use each unit once, such as 1d12h")
			}
			return bad(fmt.Sprintf("unknown unit %q; use m, h, d or w", string(unit)))
		}
		total += Duration(n) * durationUnits[j].size
		if total > MaxDuration {
			return bad("it is longer than ten years")
		}
		next = j + 1
		rest = rest[i+1:]
	}
	if total <= 0 {
		return bad("it must be longer than zero")
	}
	return total, nil
}

// String writes d in days, hours and minutes, such as "14d", "4h" or "1d12h".
// Weeks are written as days because "14d" is harder to misread at 3 a.m. than "2w".
func (d Duration) String() string {
	if d <= 0 {
		return "0m"
	}
	var b strings.Builder
	for _, u := range durationUnits[1:] {
		if n := d / u.size; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.suffix)
			d -= n * u.size
		}
	}
	if b.Len() == 0 {
		return "0m"
	}
	return b.String()
}

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// Days returns d in days, as a fraction.
func (d Duration) Days() float64 { return float64(d) / float64(Day) }

func (d Duration) MarshalText() ([]byte, error) {
	if d <= 0 {
		return nil, fmt.Errorf("duration %d is not positive", int64(d))
	}
	return []byte(d.String()), nil
}

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	*d = v
	return err
}

// Date is a calendar day, such as an end-of-support date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fmt.Errorf("bad date %q: write it as YYYY-MM-DD, such as 2028-03-31", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns the start of the day in UTC.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// Truncate drops anything shorter than a minute, which the file format cannot write.
func (d Duration) Truncate() Duration { return d - d%Minute }
