package report

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Simulation is the result of one phishing simulation, imported from the
// tool that ran it. Only counts are kept: who clicked is the simulation
// tool's business, and a speak-up culture is not built on lists of clickers.
type Simulation struct {
	ID         string
	Name       string
	Recipients int
	Clicked    int // clicked the link or entered details
	Reported   int // reported the e-mail
	ImportedBy string
	ImportedAt time.Time
}

// ReportersPerClicker is how many people reported the simulation for every
// one who clicked; ok is false when nobody clicked.
func (s Simulation) ReportersPerClicker() (ratio float64, ok bool) {
	if s.Clicked == 0 {
		return 0, false
	}
	return float64(s.Reported) / float64(s.Clicked), true
}

// Limits on a simulation results file.
const (
	MaxSimulationBytes = 10 << 20
	maxSimulationRows  = 200_000
)

// ReadSimulationCSV counts the recipients, clickers and reporters in a
// phishing simulation's results, as GoPhish exports them or in a simple file
// of your own. The header row names the columns, in any order:
//
//   - email — required: one row per recipient (repeats count once);
//   - clicked and reported — true/false, yes/no or 1/0; or
//   - status — GoPhish's: "Clicked Link" and "Submitted Data" count as
//     clicked, "Email Reported" as reported.
//
// Every problem is returned at once, keyed by line.
func ReadSimulationCSV(r io.Reader) (Simulation, error) {
	cr := csv.NewReader(io.LimitReader(r, MaxSimulationBytes+1))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Simulation{}, vigil.InvalidFields("The file is empty.", map[string]string{"file": "Choose the simulation's results file."})
	}
	if err != nil {
		return Simulation{}, simulationCSVError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	emailCol, ok := col["email"]
	_, hasClicked := col["clicked"]
	_, hasStatus := col["status"]
	if !ok || (!hasClicked && !hasStatus) {
		return Simulation{}, vigil.InvalidFields("The file does not have the columns Vigil needs.",
			map[string]string{"line 1": "the header needs an email column and either clicked or status"})
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.ToLower(strings.TrimSpace(rec[i]))
		}
		return ""
	}
	type outcome struct{ clicked, reported bool }
	seen := map[string]outcome{}
	problems := map[string]string{}
	for rows := 1; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Simulation{}, simulationCSVError(err)
		}
		if rows > maxSimulationRows {
			return Simulation{}, vigil.InvalidFields("The file is too long.", map[string]string{"file": fmt.Sprintf("up to %d recipients", maxSimulationRows)})
		}
		line, _ := cr.FieldPos(0)
		where := fmt.Sprintf("line %d", line)
		if emailCol >= len(rec) || !utf8.ValidString(rec[emailCol]) || !strings.Contains(rec[emailCol], "@") {
			if len(problems) < 20 {
				problems[where] = "the email column does not hold an e-mail address"
			}
			continue
		}
		clicked, okC := truth(get(rec, "clicked"))
		reported, okR := truth(get(rec, "reported"))
		switch get(rec, "status") {
		case "clicked link", "submitted data":
			clicked, okC = true, true
		case "email reported":
			reported, okR = true, true
		}
		if !okC || !okR {
			if len(problems) < 20 {
				problems[where] = "clicked and reported must be true or false"
			}
			continue
		}
		key := org.NormaliseEmail(rec[emailCol])
		o := seen[key]
		seen[key] = outcome{o.clicked || clicked, o.reported || reported}
	}
	if len(problems) > 0 {
		return Simulation{}, vigil.InvalidFields("The results file has problems. Nothing was imported.", problems)
	}
	if len(seen) == 0 {
		return Simulation{}, vigil.InvalidFields("The file lists nobody.", map[string]string{"file": "It needs one row per person the simulation was sent to."})
	}
	var sim Simulation
	for _, o := range seen {
		sim.Recipients++
		if o.clicked {
			sim.Clicked++
		}
		if o.reported {
			sim.Reported++
		}
	}
	return sim, nil
}

// truth reads a yes-or-no cell; "" is no, and ok is false for anything unreadable.
func truth(s string) (value, ok bool) {
	switch s {
	case "true", "yes", "y", "1":
		return true, true
	case "false", "no", "n", "0", "":
		return false, true
	}
	return false, false
}

func simulationCSVError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return vigil.InvalidFields("The file is not a readable CSV file.", map[string]string{fmt.Sprintf("line %d", pe.Line): pe.Err.Error()})
	}
	return vigil.InvalidFields("The file could not be read.", map[string]string{"file": "Save it as CSV and try again."})
}

// ImportSimulation records a simulation's results for the metrics.
func (s *Triage) ImportSimulation(ctx context.Context, scope vigil.Scope, name string, r io.Reader) (Simulation, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Simulation{}, err
	}
	name = clean(name, false)
	if name == "" || utf8.RuneCountInString(name) > maxShortAnswer {
		return Simulation{}, vigil.InvalidFields("", map[string]string{"name": "Give the simulation a name, such as 'October wellbeing voucher'."})
	}
	sim, err := ReadSimulationCSV(r)
	if err != nil {
		return Simulation{}, err
	}
	sim.ID, sim.Name, sim.ImportedBy, sim.ImportedAt = store.NewID(), name, scope.Name, store.Now()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO report_simulations (id, org_id, name, recipients, clicked, reported, imported_by, imported_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, sim.ID, scope.OrgID, sim.Name, sim.Recipients, sim.Clicked, sim.Reported, sim.ImportedBy, sim.ImportedAt); err != nil {
			return fmt.Errorf("import simulation: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "import", EntityType: "simulation", EntityID: sim.ID,
			Summary: "Imported the results of the simulation " + sim.Name,
			After:   map[string]int{"recipients": sim.Recipients, "clicked": sim.Clicked, "reported": sim.Reported}})
	})
	return sim, err
}

// Simulations lists the imported simulations, newest first.
func (s *Triage) Simulations(ctx context.Context, scope vigil.Scope) ([]Simulation, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, name, recipients, clicked, reported, imported_by, imported_at FROM report_simulations
		WHERE org_id = $1 ORDER BY id DESC LIMIT $2`, scope.OrgID, MaxPage)
	if err != nil {
		return nil, fmt.Errorf("list simulations: %w", err)
	}
	defer rows.Close()
	var out []Simulation
	for rows.Next() {
		var sim Simulation
		if err := rows.Scan(&sim.ID, &sim.Name, &sim.Recipients, &sim.Clicked, &sim.Reported, &sim.ImportedBy, &sim.ImportedAt); err != nil {
			return nil, fmt.Errorf("read simulation: %w", err)
		}
		sim.ImportedAt = sim.ImportedAt.UTC()
		out = append(out, sim)
	}
	return out, rows.Err()
}
