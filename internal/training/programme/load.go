package programme

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/contentfile"
	"github.com/vigil-health/vigil/internal/training/lesson"
)

// Programme is everything that says what to learn when.
type Programme struct {
	Needs     TrainingNeeds
	Habits    []Habit
	Campaigns []Campaign
}

// The files a programme folder holds.
const (
	NeedsFile    = "curricula.yaml"
	HabitsFile   = "habits.yaml"
	CampaignsDir = "campaigns"
	MaxFileBytes = 256 << 10
	MaxCampaigns = 50
)

// Load reads curricula.yaml, habits.yaml and campaigns/*.yaml from fsys,
// checking every lesson and habit they name. What is good is returned
// even when err lists problems.
func Load(fsys fs.FS, lessons lesson.Library, jobRoles []string) (Programme, error) {
	var ps contentfile.Problems
	var p Programme
	if data, ok := read(fsys, NeedsFile, &ps); ok {
		p.Needs = parseNeeds(NeedsFile, data, lessons, jobRoles, &ps)
	}
	if data, ok := read(fsys, HabitsFile, &ps); ok {
		p.Habits = parseHabits(HabitsFile, data, lessons, &ps)
	}
	names, err := fs.Glob(fsys, CampaignsDir+"/*.yaml")
	if err != nil {
		return p, fmt.Errorf("list campaigns: %w", err)
	}
	if len(names) > MaxCampaigns {
		ps.Add(CampaignsDir, 0, "only %d campaigns are read", MaxCampaigns)
		names = names[:MaxCampaigns]
	}
	for _, name := range names {
		data, ok := read(fsys, name, &ps)
		if !ok {
			continue
		}
		c, ok := parseCampaign(name, data, lessons, p.Habits, &ps)
		switch {
		case !ok:
		case slices.ContainsFunc(p.Campaigns, func(o Campaign) bool { return o.ID == c.ID }):
			ps.Add(name, 0, "another campaign has the id %q", c.ID)
		default:
			p.Campaigns = append(p.Campaigns, c)
		}
	}
	return p, ps.Err("training programme")
}

func read(fsys fs.FS, name string, ps *contentfile.Problems) ([]byte, bool) {
	if info, err := fs.Stat(fsys, name); err == nil && info.Size() > MaxFileBytes {
		ps.Add(name, 0, "the file is larger than %d KB", MaxFileBytes>>10)
		return nil, false
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		ps.Add(name, 0, "the file cannot be read: %v", err)
		return nil, false
	}
	return data, true
}

// ParseNeeds reads a curricula file, such as an organisation's edited copy.
func ParseNeeds(file string, data []byte, lessons lesson.Library, jobRoles []string) (TrainingNeeds, error) {
	var ps contentfile.Problems
	n := parseNeeds(file, data, lessons, jobRoles, &ps)
	return n, ps.Err("training needs")
}

func parseNeeds(file string, data []byte, lessons lesson.Library, jobRoles []string, ps *contentfile.Problems) TrainingNeeds {
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is larger than %d KB", MaxFileBytes>>10)
		return TrainingNeeds{}
	}
	var raw struct {
		Curricula map[string]Curriculum `yaml:"curricula"`
	}
	doc, ok := contentfile.Decode(file, data, &raw, ps)
	if !ok {
		return TrainingNeeds{}
	}
	var n TrainingNeeds
	for role, c := range raw.Curricula {
		c.JobRole = role
		n.Curricula = append(n.Curricula, c)
	}
	// Job-role order, as people are used to seeing the roles; unknown ones last.
	order := func(role string) int {
		if i := slices.Index(jobRoles, role); i >= 0 {
			return i
		}
		return len(jobRoles)
	}
	slices.SortFunc(n.Curricula, func(a, b Curriculum) int {
		if d := order(a.JobRole) - order(b.JobRole); d != 0 {
			return d
		}
		return strings.Compare(a.JobRole, b.JobRole)
	})
	n.check(doc, lessons, jobRoles, ps)
	return n
}

// ParseHabits reads a habits file. Bad cards are reported and left out.
func ParseHabits(file string, data []byte, lessons lesson.Library) ([]Habit, error) {
	var ps contentfile.Problems
	h := parseHabits(file, data, lessons, &ps)
	return h, ps.Err("habit cards")
}

func parseHabits(file string, data []byte, lessons lesson.Library, ps *contentfile.Problems) []Habit {
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is larger than %d KB", MaxFileBytes>>10)
		return nil
	}
	var raw struct {
		Habits []Habit `yaml:"habits"`
	}
	doc, ok := contentfile.Decode(file, data, &raw, ps)
	if !ok {
		return nil
	}
	return checkHabits(doc, ps, raw.Habits, lessons)
}

// ParseCampaign reads one campaign file; habits are the cards it may name.
func ParseCampaign(file string, data []byte, lessons lesson.Library, habits []Habit) (Campaign, error) {
	var ps contentfile.Problems
	c, _ := parseCampaign(file, data, lessons, habits, &ps)
	if err := ps.Err("campaign"); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

func parseCampaign(file string, data []byte, lessons lesson.Library, habits []Habit, ps *contentfile.Problems) (Campaign, bool) {
	if len(data) > MaxFileBytes {
		ps.Add(file, 0, "the file is larger than %d KB", MaxFileBytes>>10)
		return Campaign{}, false
	}
	var c Campaign
	doc, ok := contentfile.Decode(file, data, &c, ps)
	if !ok {
		return Campaign{}, false
	}
	before := ps.Len()
	c.File = path.Clean(file)
	c.check(doc, ps, lessons, habits)
	return c, ps.Len() == before
}
