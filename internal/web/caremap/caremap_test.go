package caremap

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/impact"
)

func demoMap(t testing.TB) *caremap.Map {
	t.Helper()
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPictureGivesEveryBoxItsOwnRow checks the layout a phone depends on: one box a row,
// each indented under the box it depends on, each connector running down from above.
func TestPictureGivesEveryBoxItsOwnRow(t *testing.T) {
	m := demoMap(t)
	res, err := impact.Analyse(m, []impact.Event{{Target: "citypath-lims", Mode: impact.ModeUnavailable, Duration: 14 * caremap.Day},
		{Target: "epr-db", Mode: impact.ModeIntegrity, Duration: 8 * caremap.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	p := drawPaths(m, res)
	if p.Shown != min(len(res.Services), pictureMaxServices) || p.Total != len(res.Services) {
		t.Errorf("shown %d of %d", p.Shown, p.Total)
	}
	rows := map[int]bool{}
	traced := map[string]bool{}
	for i, n := range p.Nodes {
		if rows[n.Y] {
			t.Errorf("two boxes on row %d", n.Y)
		}
		rows[n.Y] = true
		if n.X+n.W > p.Width || n.Y+n.H > p.Height {
			t.Errorf("box %q lies outside the picture", n.Label)
		}
		if (n.Edge == "") != (n.X == picturePad) {
			t.Errorf("box %d %q: a target must have no connector and every other box one", i, n.Label)
		}
		if !strings.HasPrefix(n.Class, "vigil-paths__node") || n.Href == "" || n.Title == "" {
			t.Errorf("box %q: class %q, link %q, title %q", n.Label, n.Class, n.Href, n.Title)
		}
		traced[strings.SplitN(n.Title, ":", 2)[0]] = true
	}
	for _, s := range res.Services[:p.Shown] {
		if !traced[s.Name] {
			t.Errorf("%s is not in the picture", s.Name)
		}
	}
	if n := strings.Count(p.Nodes[0].Class, "--target"); n != 1 {
		t.Errorf("the first box is marked as a target %d times: %q", n, p.Nodes[0].Class)
	}
}

func TestThousands(t *testing.T) {
	if got := thousands(1234567); got != "1,234,567" {
		t.Errorf("thousands = %q", got)
	}
}

// FuzzWhatIfAsk feeds the what-if form any query string: it never panics, and whatever it
// accepts is a set of events the impact engine takes.
func FuzzWhatIfAsk(f *testing.F) {
	m := demoMap(f)
	f.Add("target=citypath-lims&mode=unavailable&duration=14d")
	f.Add("target=epr&target=epr&target=pacs&mode=integrity&duration=1d12h")
	f.Add("target=&mode=&duration=")
	f.Add("target=nope&mode=sideways&duration=4%20hours")
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		events, err := askFrom(q).events(m)
		if err != nil {
			return
		}
		if _, err := impact.Analyse(m, events); err != nil {
			t.Fatalf("accepted %q but the engine refuses it: %v", query, err)
		}
	})
}

// FuzzDateOf feeds the end-of-support date boxes anything: a date it accepts is real.
func FuzzDateOf(f *testing.F) {
	f.Add("31", "3", "2028")
	f.Add("31", "2", "2027")
	f.Add("-1", "+1", "0000")
	f.Fuzz(func(t *testing.T, day, month, year string) {
		d, err := dateOf(day, month, year)
		if err != nil {
			return
		}
		if again, err := caremap.ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("dateOf(%q, %q, %q) = %v, which does not read back (%v)", day, month, year, d, err)
		}
	})
}

func TestSpokenDurations(t *testing.T) {
	for in, want := range map[string]string{"14 days": "14d", "8 Hours": "8h", "1 week": "1w", "30 mins": "30m", "14d": "14d", "a fortnight": "a fortnight"} {
		if got := spokenDuration(in); got != want {
			t.Errorf("spokenDuration(%q) = %q, want %q", in, got, want)
		}
	}
}
