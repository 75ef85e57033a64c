package vuln

import (
	"net/http"
	"net/url"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// findingRow is one finding in the ranked list.
type findingRow struct {
	ID, Vulnerability, System, Component string
	Decision, Risk                       tag
	Due                                  string
	PastDue, KEV, NeedsReview, Cleared   bool
	Status                               string
}

type findingsView struct {
	page
	Counts                   findings.Counts
	Urgent                   int
	Rows                     []findingRow
	Selects                  []control
	KEV, Filtered, CanUpload bool
	Export                   string // the query string the exports take, so they export what is shown
	Closed                   bool
}

func rowOfFinding(f findings.Finding) findingRow {
	row := findingRow{ID: f.ID, Vulnerability: f.Advisory, Component: componentLabel(f.Component), Decision: decisionTag(f.Decision.Priority),
		Due: dayWords(f.DueOn), KEV: f.KEV != nil, NeedsReview: f.Match.NeedsReview, Cleared: f.Cleared(), Status: statusWords(string(f.Status))}
	row.System = f.Component.Name
	if f.Asset != nil {
		row.System, row.Risk = f.Asset.Name, riskTag(f.Asset.Risk)
	} else {
		row.Risk = riskTag(0)
	}
	return row
}

func (h *Pages) findingList(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	q := r.URL.Query()
	filter := findings.Filter{Service: q.Get("service"), Asset: q.Get("asset"), KEV: q.Get("kev") == "yes", Priority: q.Get("decision"),
		Advisory: q.Get("q"), Closed: q.Get("closed") == "yes"}
	fs, err := h.vulns.List(r.Context(), sc, filter)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	now := h.Now()
	counts, err := h.vulns.Count(r.Context(), sc, now)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := findingsView{page: page{h.Layout(r, "Vulnerabilities")}, Counts: counts, KEV: filter.KEV, Closed: filter.Closed,
		Filtered: filter != findings.Filter{}, CanUpload: sc.Can(vigil.WriteVulns), Export: exportQuery(q)}
	v.Urgent = counts.ByPriority[string(ssvc.Immediate)] + counts.ByPriority[string(ssvc.OutOfCycle)]
	for _, f := range fs {
		row := rowOfFinding(f)
		row.PastDue = f.PastDue(now)
		v.Rows = append(v.Rows, row)
	}
	services := control{Name: "service", Label: "Clinical service", Options: []option{{Value: "", Label: "Any service"}}}
	assets := control{Name: "asset", Label: "System or device", Options: []option{{Value: "", Label: "Any system"}}}
	if st, err := h.maps.Current(r.Context(), sc); err == nil {
		for _, s := range st.Map.Services {
			services.Options = append(services.Options, option{Value: s.ID, Label: s.Name, Selected: s.ID == filter.Service})
		}
		for _, a := range st.Map.Assets {
			assets.Options = append(assets.Options, option{Value: a.ID, Label: a.Name, Selected: a.ID == filter.Asset})
		}
	}
	decisions := control{Name: "decision", Label: "Decision", Options: []option{{Value: "", Label: "Any decision"}}}
	for _, p := range []ssvc.Priority{ssvc.Immediate, ssvc.OutOfCycle, ssvc.Scheduled, ssvc.Defer} {
		decisions.Options = append(decisions.Options, option{Value: string(p), Label: p.Label(), Selected: string(p) == filter.Priority})
	}
	v.Selects = []control{services, assets, decisions}
	h.render(w, r, http.StatusOK, "findings", &v)
}

// exportQuery keeps the list's filters for the export links.
func exportQuery(q url.Values) string {
	keep := url.Values{}
	for _, k := range []string{"service", "asset", "kev", "decision", "q", "closed"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return "?" + keep.Encode()
}

func statusWords(s string) string {
	switch s {
	case "not_affected":
		return "Not affected"
	case "fixed":
		return "Fixed"
	case "under_investigation":
		return "Being investigated"
	}
	return "Affected"
}
