package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// writeImpactTable prints a result for a person: the services at risk, worst first, then
// what to do for each, in the words of its downtime procedure.
func writeImpactTable(w io.Writer, m *caremap.Map, r impact.Result) error {
	b := &impactWriter{w: w}
	b.printf("%s (%s)\n", m.Organisation.Name, m.Organisation.Code)
	for _, e := range r.Events {
		b.printf("Event: %s\n", e.Words(m))
	}
	b.printf("\n")
	if len(r.Services) == 0 {
		b.printf("No clinical service is affected.\n")
	} else {
		b.printf("%s affected, most dangerous first:\n\n", impactPlural(len(r.Services), "service"))
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RISK\tSERVICE\tSTATE\tCONSEQUENCE\tLIKELIHOOD\tPATIENTS\tSAFE FOR\tVIA")
		for _, s := range r.Services {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", impactRiskText(s.Risk), s.Name, s.Words(),
				impactDash(s.Consequence.Valid(), s.Consequence.String()), impactDash(s.Likelihood.Valid(), s.Likelihood.String()),
				s.PatientsAffected, impactSafeFor(s.SafeFor), strings.Join(s.Via, " → "))
		}
		tw.Flush()
	}
	if len(r.Assets)+len(r.Suppliers) > 0 {
		b.printf("\nAlso affected: ")
		var parts []string
		for _, a := range append(append([]impact.Affected{}, r.Assets...), r.Suppliers...) {
			parts = append(parts, a.ID+" ("+strings.ToLower(a.Words())+")")
		}
		const most = 20
		if len(parts) > most {
			parts = append(parts[:most], fmt.Sprintf("and %d more (use --format json for all)", len(parts)-most))
		}
		b.printf("%s\n", strings.Join(parts, ", "))
	}
	if len(r.Services) > 0 {
		b.printf("\nWhat to do, most urgent first:\n")
		for _, s := range r.Services {
			if s.Risk == 0 {
				continue
			}
			when, why := s.HarmStarts()
			b.printf("\n%s: %s. %s.\n", s.Name, strings.ToLower(s.Words()), impact.RiskWords(s.Risk))
			for _, line := range impactWrap("Harm to patients: "+strings.ToLower(when)+". "+why, 96) {
				b.printf("  %s\n", line)
			}
			if s.DowntimeProcedure == "" {
				b.printf("  No downtime procedure is written for this service. Ask the service lead what staff do now.\n")
				continue
			}
			for _, line := range impactWrap(s.DowntimeProcedure, 96) {
				b.printf("  %s\n", line)
			}
		}
	}
	return b.err
}

func writeCriticalTable(w io.Writer, m *caremap.Map, ranking []impact.AssetCriticality) error {
	b := &impactWriter{w: w}
	b.printf("%s (%s)\n", m.Organisation.Name, m.Organisation.Code)
	b.printf("Assets ranked by the worst harm their loss or corruption for %d hours causes:\n\n", impact.CriticalDuration/caremap.Hour)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tASSET\tLOSS\tCORRUPTION\tWORST CONSEQUENCE\tSERVICES AT RISK (IF LOST)")
	for i, a := range ranking {
		var services []string
		for _, s := range a.Loss.Services {
			services = append(services, s.ID+" "+strconv.Itoa(s.Risk))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", i+1, a.ID, impactRiskText(a.Loss.Risk), impactRiskText(a.Corruption.Risk),
			impactDash(a.WorstConsequence().Valid(), a.WorstConsequence().String()), impactDash(len(services) > 0, strings.Join(services, ", ")))
	}
	tw.Flush()
	return b.err
}

func impactRiskText(r int) string {
	if r == 0 {
		return "-"
	}
	return strconv.Itoa(r)
}

func impactSafeFor(d caremap.Duration) string {
	if d <= 0 {
		return "no procedure"
	}
	return d.String()
}

func impactDash(ok bool, s string) string {
	if !ok {
		return "-"
	}
	return s
}

func impactPlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// impactWrap breaks text into lines of at most width characters, at spaces.
func impactWrap(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && line.Len()+1+len(word) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// impactWriter keeps the first write error so a table can be printed without checking each line.
type impactWriter struct {
	w   io.Writer
	err error
}

func (e *impactWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *impactWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
