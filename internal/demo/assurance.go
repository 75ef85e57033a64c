package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// demoAnswer is one answer the demo trust gave, some months ago.
type demoAnswer struct {
	monthsAgo int
	outcome   string
	status    framework.Status
	evidence  string
	action    string
	dueIn     int // days from today; negative is overdue
}

// demoAnswers are the trust's self-assessment, started five months ago and
// partly done: some outcomes improved since, some are still to answer.
func demoAnswers() []demoAnswer {
	const (
		no  = framework.NotAchieved
		pa  = framework.PartiallyAchieved
		yes = framework.Achieved
	)
	return []demoAnswer{
		{5, "A1.a", pa, "Cyber risk on the board agenda twice a year", "Quarterly cyber and clinical risk report to the board", 40},
		{5, "A2.a", no, "Risk register has three cyber entries, none linked to services", "Start a cyber hazard log with the Clinical Safety Officer", -30},
		{5, "A3.a", pa, "Asset list kept by IT in a spreadsheet", "Build the care map: services, systems and suppliers", -60},
		{5, "B6.b", no, "Annual e-learning only; 61% completion", "Role-based micro-lessons for every ward", 75},
		{4, "A3.a", yes, "The care map in Vigil /caremap", "", 0},
		{3, "A2.a", pa, "", "Review every suggested hazard by the end of the quarter", 20},
		{3, "B5.c", pa, "Backups off-site; restore tests not timed", "Timed quarterly restore of the EPR database", -5},
		{2, "A1.a", yes, "Board minutes, March, item 7 https://intranet.riverside.example/board/2026-03", "", 0},
		{2, "A4.a", pa, "Supplier contacts in the care map /caremap/suppliers", "Security schedule in the CityPath contract renewal", 120},
		{1, "D1.a", pa, "Downtime procedures for every clinical service /caremap/services", "Cyber incident response plan with clinical continuity steps", 45},
		{1, "C1.a", no, "", "Send firewall and EDR alerts to the security team's monitoring", 90},
		{0, "B6.a", pa, "", "Feedback to every reporter within a working day", 30},
	}
}

// SeedAssurance gives the demo trust a partly completed self-assessment
// with five months of history, and board figures for the last twelve weeks.
// Call it after SeedSafety.
func SeedAssurance(ctx context.Context, svc Services) error {
	o, err := svc.Orgs.OrganisationByCode(ctx, Code)
	if err != nil {
		return err
	}
	admin, err := demoPerson(ctx, svc, o.System("Vigil demo"), "admin@riverside.example")
	if err != nil {
		return err
	}
	fs := svc.Assessments.Frameworks()
	if len(fs) == 0 {
		return nil
	}
	f := fs[0]
	if have, err := svc.Assessments.Answers(ctx, admin, f.ID); err != nil || len(have) > 0 {
		return err
	}
	now := store.Now()
	offered, _, err := svc.Assessments.Offered(ctx, admin, now)
	if err != nil {
		return err
	}
	for i, a := range demoAnswers() {
		at := now.AddDate(0, -a.monthsAgo, -3)
		if a.monthsAgo == 0 {
			at = now.Add(-time.Hour)
		}
		d := assess.Details{Status: a.status}
		if a.evidence != "" {
			if d.Evidence, err = assess.ParseEvidence(a.evidence); err != nil {
				return err
			}
		}
		for _, it := range offered[a.outcome] { // Vigil's own evidence, where it has some
			d.Evidence = append(d.Evidence, assess.Evidence{Text: it.Summary, Link: it.Link})
		}
		if a.action != "" {
			d.Action = assess.Action{Text: a.action, Owner: "Priya Raman, Head of IT", Due: now.AddDate(0, 0, a.dueIn)}
		}
		clock := func() time.Time { return at }
		if _, err := svc.Assessments.WithClock(clock).Record(ctx, admin, f.ID, a.outcome, d); err != nil {
			return fmt.Errorf("seed demo answer %d (%s): %w", i+1, a.outcome, err)
		}
	}
	return seedBoardHistory(ctx, svc, o, admin)
}

// seedBoardHistory keeps weekly board figures for the last twelve weeks,
// each as the sources give it for that day: the self-assessment and the
// reports count what there was then; the hazard log, made today, is flat.
func seedBoardHistory(ctx context.Context, svc Services, o org.Organisation, admin vigil.Scope) error {
	now := store.Now()
	for weeks := 12; weeks >= 1; weeks-- {
		on := now.AddDate(0, 0, -7*weeks)
		measures, errs := svc.Board.Measures(ctx, o, on)
		if err := errors.Join(errs...); err != nil {
			return err
		}
		if err := svc.Board.Keep(ctx, admin, on, measures); err != nil {
			return fmt.Errorf("keep the demo board figures of %s: %w", on.Format("2 January"), err)
		}
	}
	return nil
}
