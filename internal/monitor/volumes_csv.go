package monitor

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
)

// WriteVolumesCSV writes daily volumes as CSV, one row per organisation,
// source, day and band. orgName names an organisation for the reader ("" to
// leave the column empty); source names come from outside, so every name
// passes through audit.DefuseFormula.
func WriteVolumesCSV(w io.Writer, vols []Volume, orgName func(orgID string) string) error {
	out := csv.NewWriter(w)
	if err := out.Write([]string{"day", "organisation", "source", "band", "alerts", "matched", "unmatched"}); err != nil {
		return fmt.Errorf("write alert volumes CSV: %w", err)
	}
	for _, v := range vols {
		row := []string{v.Day.Format(time.DateOnly), audit.DefuseFormula(orgName(v.OrgID)), audit.DefuseFormula(v.Source), v.Band,
			strconv.Itoa(v.Alerts), strconv.Itoa(v.Matched), strconv.Itoa(v.Alerts - v.Matched)}
		if err := out.Write(row); err != nil {
			return fmt.Errorf("write alert volumes CSV: %w", err)
		}
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return fmt.Errorf("write alert volumes CSV: %w", err)
	}
	return nil
}
