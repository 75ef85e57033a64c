package whatif

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
)

// NewOutage reads a national question as a form or a query string gives it: a
// supplier or a product, and a whole number of days.
func NewOutage(supplier, product, days string) (Outage, error) {
	q := Outage{Supplier: strings.TrimSpace(supplier), Product: strings.TrimSpace(product)}
	days = strings.TrimSpace(days)
	// Anything but a whole number of days up to three digits long leaves the duration
	// zero, which Check refuses with the same words as a number out of range.
	if n, err := strconv.Atoi(days); err == nil && len(days) <= 3 && n > 0 {
		q.Duration = caremap.Duration(n) * caremap.Day
	}
	return q, q.Check()
}

// WriteNationalCSV writes one row per affected service of every organisation, most harmed
// organisation first. patients_at_risk_after is when the downtime procedure runs out
// (0m: from the start), empty when it lasts the whole outage.
func WriteNationalCSV(w io.Writer, ans NationalAnswer) error {
	out := csv.NewWriter(w)
	header := []string{"organisation_code", "organisation", "service", "state", "consequence", "likelihood", "risk",
		"patients_affected", "downtime_procedure", "safe_for", "patients_at_risk_after", "via"}
	if err := out.Write(header); err != nil {
		return err
	}
	for _, o := range ans.Organisations {
		for _, s := range o.Services {
			state := s.State.String()
			if s.Untrustworthy {
				state += ", untrustworthy"
			}
			safe, harm := "", ""
			if s.SafeFor > 0 {
				safe = s.SafeFor.String()
			}
			if after, ok := HarmAfter(s); ok {
				harm = "0m"
				if after > 0 {
					harm = after.String()
				}
			}
			row := []string{audit.DefuseFormula(o.Code), audit.DefuseFormula(o.Name), audit.DefuseFormula(s.Name), state,
				s.Consequence.String(), s.Likelihood.String(), strconv.Itoa(s.Risk), strconv.FormatInt(s.PatientsAffected, 10),
				audit.DefuseFormula(s.DowntimeProcedure), safe, harm, audit.DefuseFormula(strings.Join(s.Via, " > "))}
			if err := out.Write(row); err != nil {
				return err
			}
		}
	}
	out.Flush()
	return out.Error()
}
