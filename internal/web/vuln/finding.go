package vuln

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/match"
)

// findingView is one finding explained for a tired person: what to do, what it means
// for patients, why Vigil decided so, and how it was found.
type findingView struct {
	page
	F         findings.Finding
	Decision  tag
	Action    string
	Due       string
	PastDue   bool
	Status    string
	Patients  []serviceAtRisk
	NoMap     bool // the component is not on a care-map asset
	Inputs    []input
	Assumed   string
	HowFound  string
	Component string
	Evidence  []string
	// The analyst's form.
	CanDecide      bool
	Statuses       []option
	Justifications []option
	Note           string
}

type serviceAtRisk struct {
	Name, State, Procedure, SafeFor string
	Risk                            tag
	Patients                        int64
}

type input struct{ Name, Value, Why string }

func (h *Pages) findingPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	h.showFinding(w, r, sc, http.StatusOK, findings.DecisionInput{}, nil)
}

// showFinding renders the finding; after a refused decision, with what was chosen and why not.
func (h *Pages) showFinding(w http.ResponseWriter, r *http.Request, sc vigil.Scope, status int, typed findings.DecisionInput, formErr error) {
	f, err := h.vulns.Finding(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	services, err := h.vulns.AtRisk(r.Context(), sc, f)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := findingView{page: page{h.Layout(r, f.Title())}, F: f, Decision: decisionTag(f.Decision.Priority), Action: actionWords(f.Decision.Priority),
		Due: dayWords(f.DueOn), PastDue: f.PastDue(h.Now()), Status: statusWords(string(f.Status)), NoMap: f.Asset == nil,
		CanDecide: sc.Can(vigil.WriteVulns) && f.Open, HowFound: howFound(f.Finding), Component: componentLabel(f.Component), Evidence: evidenceWords(f.Finding)}
	v.Back = "/vulnerabilities"
	if f.Cleared() {
		v.Action = "Nothing to do: " + clearedWords(f) + "."
	}
	for _, s := range services {
		if s.State == impact.Unaffected {
			continue
		}
		row := serviceAtRisk{Name: s.Name, State: s.Words(), Procedure: s.DowntimeProcedure, Risk: riskTag(s.Risk), Patients: s.PatientsAffected}
		if s.SafeFor > 0 {
			row.SafeFor = s.SafeFor.Words()
		}
		v.Patients = append(v.Patients, row)
	}
	in := f.Decision.Inputs
	if why := in.Why; why != nil {
		v.Inputs = []input{
			{"Exploitation", words(string(in.Exploitation)), why.Exploitation},
			{"Exposure", words(string(in.Exposure)), why.Exposure},
			{"Automatable", words(string(in.Automatable)), why.Automatable},
			{"Safety impact", words(string(in.Safety)), why.Safety},
			{"Mission impact", words(string(in.Mission)), why.Mission},
			{"Human impact", words(string(f.Decision.HumanImpact)), "from safety impact and mission impact, by the SSVC table"},
		}
	}
	v.Assumed = strings.Join(in.Assumed, ", ")
	chosen, just := f.Status, ""
	if f.Analyst != nil {
		just, v.Note = f.Analyst.Justification, f.Analyst.Note
	}
	if formErr != nil {
		chosen, just, v.Note = typed.Status, typed.Justification, typed.Note
		v.SetErrors(formErr)
	}
	for _, s := range findings.Statuses {
		v.Statuses = append(v.Statuses, option{Value: string(s), Label: statusChoice(s), Selected: s == chosen})
	}
	v.Justifications = []option{{Value: "", Label: "Choose a reason"}}
	for _, j := range findings.Justifications {
		v.Justifications = append(v.Justifications, option{Value: j, Label: words(strings.ReplaceAll(j, "_", " ")), Selected: j == just})
	}
	h.render(w, r, status, "finding", &v)
}

func (h *Pages) findingDecide(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	in := findings.DecisionInput{Status: advisory.Status(r.PostFormValue("status")), Justification: r.PostFormValue("justification"), Note: r.PostFormValue("note")}
	f, err := h.vulns.Decide(r.Context(), sc, r.PathValue("id"), in)
	if vigil.CodeOf(err) == vigil.Invalid {
		h.showFinding(w, r, sc, http.StatusUnprocessableEntity, in, err)
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "Saved: "+f.Title()+" is "+strings.ToLower(statusWords(string(f.Status)))+". The decision stays for later versions in the same affected range.")
	http.Redirect(w, r, "/vulnerabilities/"+f.ID, http.StatusSeeOther)
}

func words(s string) string { return strings.ReplaceAll(s, "-", " ") }

func statusChoice(s advisory.Status) string {
	switch s {
	case advisory.StatusNotAffected:
		return "Not affected: the weakness cannot be reached here"
	case advisory.StatusFixed:
		return "Fixed: the system has been patched or replaced"
	case advisory.StatusUnderInvestigation:
		return "Being investigated"
	}
	return "Affected: it needs fixing"
}

func clearedWords(f findings.Finding) string {
	switch {
	case f.Analyst != nil:
		return f.Analyst.By + " recorded it as " + strings.ToLower(statusWords(string(f.Status)))
	case f.VEX != nil:
		return "the supplier's VEX statement (" + f.VEX.Document + ") says it is " + strings.ToLower(statusWords(string(f.Status)))
	}
	return "it is " + strings.ToLower(statusWords(string(f.Status)))
}

// howFound says which identifier matched which range, and how sure the match is.
func howFound(f match.Finding) string {
	c := f.Component
	s := fmt.Sprintf("%s was found in %s", componentLabel(c), f.Inventory)
	switch f.Match.Method {
	case match.ByPURL:
		s += fmt.Sprintf(" by its package URL (%s)", f.Match.Identifier)
	case match.ByCPE:
		s += fmt.Sprintf(" by its CPE product (%s)", f.Match.Identifier)
	case match.ByAssetName:
		s += fmt.Sprintf(" by the vendor and product named in the asset list (%s)", f.Match.Identifier)
	case match.ByAlias:
		s += fmt.Sprintf(" by its name, through Vigil's list of device names (%s)", f.Match.Identifier)
	}
	if f.Match.Range != "" {
		s += "; its version falls in the affected range " + f.Match.Range
	}
	s += fmt.Sprintf(". Confidence: %s.", f.Match.Confidence)
	if f.Match.NeedsReview {
		s += " A person needs to check it: " + f.Match.Reason + "."
	}
	return s
}

func evidenceWords(f match.Finding) []string {
	var out []string
	if k := f.KEV; k != nil {
		e := fmt.Sprintf("On CISA's Known Exploited Vulnerabilities list since %s.", dayWords(k.DateAdded))
		if k.Ransomware {
			e += " Known to be used in ransomware campaigns."
		}
		if k.RequiredAction != "" {
			e += " CISA's advice: " + k.RequiredAction
		}
		out = append(out, e)
	}
	if f.EPSS != nil {
		out = append(out, fmt.Sprintf("EPSS: %.1f%% chance of exploitation in the next 30 days (higher than %.0f%% of scored vulnerabilities). Shown for context; it does not set the decision.",
			f.EPSS.Probability*100, f.EPSS.Percentile*100))
	}
	if f.CVSS != nil && f.CVSS.Score > 0 {
		out = append(out, fmt.Sprintf("CVSS base score %.1f (%s). Shown for context; it does not set the decision.", f.CVSS.Score, f.CVSS.Rating))
	}
	if f.VEX != nil {
		out = append(out, fmt.Sprintf("VEX statement in %s: %s %s", f.VEX.Document, words(strings.ReplaceAll(f.VEX.Justification, "_", " ")), f.VEX.Detail))
	}
	return out
}
