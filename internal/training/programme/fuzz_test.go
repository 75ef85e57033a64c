package programme_test

import (
	"io/fs"
	"testing"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/programme"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzParse runs anything through the three programme parsers, seeded with
// the built-in curricula, habit cards and campaign. None may panic, and
// each answers only with an Invalid *vigil.Error.
func FuzzParse(f *testing.F) {
	training, err := content.Sub(content.TrainingDir)
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := fs.Glob(training, "campaigns/*.yaml")
	for _, name := range append(seeds, programme.NeedsFile, programme.HabitsFile) {
		data, err := fs.ReadFile(training, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	lessons, _ := content.Sub(content.LessonsDir)
	roles := []string{"nurse-midwife", "doctor", "ahp", "pharmacy", "admin-clerical", "estates-facilities", "it-digital", "manager-board"}
	lib, err := lesson.Load(lessons, roles)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := programme.ParseNeeds("curricula.yaml", data, lib, roles)
		check(t, err)
		habits, err := programme.ParseHabits("habits.yaml", data, lib)
		check(t, err)
		_, err = programme.ParseCampaign("campaign.yaml", data, lib, habits)
		check(t, err)
	})
}

func check(t *testing.T, err error) {
	if err != nil && vigil.CodeOf(err) != vigil.Invalid {
		t.Fatalf("err = %v, want Invalid", err)
	}
}
