package national

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
	"github.com/vigil-health/vigil/internal/whatif"
)

// shownServices is how many services each organisation lists on the page; the CSV
// has them all.
const shownServices = 10

// outageAsk is the national what-if form. It travels in the query string, so an
// answer can be bookmarked, shared with a colleague and downloaded as CSV.
type outageAsk struct {
	Kind string // supplier or product
	Name string
	Days string
}

func outageAskFrom(q url.Values) outageAsk {
	a := outageAsk{Kind: q.Get("kind"), Name: strings.TrimSpace(q.Get("name")), Days: strings.TrimSpace(q.Get("days"))}
	if a.Kind != "product" {
		a.Kind = "supplier"
	}
	return a
}

func (a outageAsk) outage() (whatif.Outage, error) {
	if a.Kind == "product" {
		return whatif.NewOutage("", a.Name, a.Days)
	}
	return whatif.NewOutage(a.Name, "", a.Days)
}

// query is the ask as a query string, for the CSV link.
func (a outageAsk) query() string {
	return url.Values{"kind": {a.Kind}, "name": {a.Name}, "days": {a.Days}}.Encode()
}

type outageView struct {
	web.Layout
	Ask    outageAsk
	Answer *whatif.NationalAnswer
	Orgs   []orgOutageRow
	CSV    string
}

// orgOutageRow is one organisation's part, with its most harmed services.
type orgOutageRow struct {
	whatif.OrgOutage
	Worst     web.RiskLevel
	FirstHarm string // "after 4 hours", "from the start"; empty when no downtime procedure runs out
	Shown     []outageServiceRow
	More      int
}

type outageServiceRow struct {
	Name      string
	What      string
	Risk      web.RiskLevel
	Patients  int64
	HarmWhen  string
	Procedure string
	SafeFor   string
}

func harmWords(after caremap.Duration) string {
	if after <= 0 {
		return "From the start"
	}
	return "After " + after.Words()
}

func (h *Pages) whatIf(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := outageView{Layout: h.Layout(r, "National what if"), Ask: outageAskFrom(r.URL.Query())}
	if !r.URL.Query().Has("name") {
		v.Ask.Days = "14"
		h.Render(w, r, http.StatusOK, h.pages, "whatif", &v)
		return
	}
	q, err := v.Ask.outage()
	if err == nil {
		var ans whatif.NationalAnswer
		if ans, err = h.whatIfs.National(r.Context(), sc, q); err == nil {
			v.Answer = &ans
		}
	}
	if vigil.CodeOf(err) == vigil.Invalid {
		v.SetErrors(err)
		h.Render(w, r, http.StatusUnprocessableEntity, h.pages, "whatif", &v)
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.CSV = "/national/what-if.csv?" + v.Ask.query()
	for _, o := range v.Answer.Organisations {
		row := orgOutageRow{OrgOutage: o, Worst: web.RiskLevel(o.Risk)}
		if o.HarmBeforeEnd > 0 {
			row.FirstHarm = strings.ToLower(harmWords(o.FirstHarm))
		}
		for _, s := range o.Services[:min(len(o.Services), shownServices)] {
			row.Shown = append(row.Shown, serviceRow(s))
		}
		row.More = len(o.Services) - len(row.Shown)
		v.Orgs = append(v.Orgs, row)
	}
	h.Render(w, r, http.StatusOK, h.pages, "whatif", &v)
}

func serviceRow(s impact.ServiceImpact) outageServiceRow {
	row := outageServiceRow{Name: s.Name, What: s.Words(), Risk: web.RiskLevel(s.Risk), Patients: s.PatientsAffected,
		HarmWhen: "Not before it ends", Procedure: s.DowntimeProcedure}
	if after, ok := whatif.HarmAfter(s); ok {
		row.HarmWhen = harmWords(after)
	}
	if s.SafeFor > 0 {
		row.SafeFor = s.SafeFor.Words()
	}
	return row
}

func (h *Pages) whatIfCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	q, err := outageAskFrom(r.URL.Query()).outage()
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	ans, err := h.whatIfs.National(r.Context(), sc, q)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="national-what-if.csv"`)
	if err := whatif.WriteNationalCSV(w, ans); err != nil {
		h.Logger.Error("write national what-if CSV", "err", err)
	}
}
