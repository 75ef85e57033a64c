package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// demoContacts are what Tom, the demo buddy, logged with his teams over
// the last weeks: days ago, team, kind, minutes and a note.
var demoContacts = []struct {
	daysAgo int
	team    string
	kind    buddy.Kind
	minutes int
	note    string
}{
	{2, "Ward 7 (Acute Medicine)", buddy.Visit, 20, "Checked the ward's shared PCs lock after 5 minutes"},
	{5, "Emergency Department", buddy.QuestionAnswered, 5, "Is the text from 'NHS Pay' real? It was not; reported it"},
	{9, "Intensive Care Unit", buddy.TrainingSession, 45, "Smartcards and locking screens, at the handover huddle"},
	{16, "Ward 7 (Acute Medicine)", buddy.IncidentHelp, 60, "Helped the ward switch to paper when the EPR was down"},
	{30, "Emergency Department", buddy.Visit, 15, ""},
}

// seedBuddyLog fills Tom's contact log, so the log and the admins' totals
// have something in them.
func seedBuddyLog(ctx context.Context, svc Services, o org.Organisation, tom org.User, teamID map[string]string) error {
	sc := vigil.PersonScope(o.Ref(), tom.ID, tom.Name, tom.Email, tom.Roles)
	today := time.Now().UTC()
	for _, c := range demoContacts {
		in := buddy.NewContact{TeamID: teamID[c.team], Kind: string(c.kind), Day: today.AddDate(0, 0, -c.daysAgo).Format(time.DateOnly),
			Minutes: strconv.Itoa(c.minutes), Note: c.note}
		if _, err := svc.Buddies.Log(ctx, sc, in); err != nil {
			return fmt.Errorf("log the demo buddy's contact with %s: %w", c.team, err)
		}
	}
	return nil
}
