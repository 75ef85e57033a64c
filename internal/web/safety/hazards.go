package safety

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

// hazardRow is one hazard in a table of the log.
type hazardRow struct {
	ID, Code, Title   string
	Now               risk
	Initial, Residual risk
	Status            string
	Owner             string
	ReviewBy          string
	Overdue           bool
	Approved          bool
}

func rowOf(h hazard.Hazard, now time.Time) hazardRow {
	return hazardRow{ID: h.ID, Code: h.Code(), Title: h.Title, Now: risk(h.Risk()), Initial: risk(h.Initial.Risk()),
		Residual: risk(h.Residual.Risk()), Status: h.Status.Label(), Owner: h.Owner.Name, ReviewBy: dayWords(h.ReviewBy),
		Overdue: h.ReviewDue(now), Approved: h.Approved()}
}

// matrixView is the DCB matrix with the number of open hazards in each cell.
type matrixView struct {
	Consequences []string
	Rows         []matrixRow
}

type matrixRow struct {
	Likelihood string
	Cells      []matrixCell
}

type matrixCell struct {
	Risk  risk
	Count int
}

func matrixOf(hs []hazard.Hazard) matrixView {
	var v matrixView
	for c := caremap.Minor; c <= caremap.Catastrophic; c++ {
		v.Consequences = append(v.Consequences, capitalise(c.String()))
	}
	for l := caremap.VeryHigh; l >= caremap.VeryLow; l-- {
		row := matrixRow{Likelihood: capitalise(words(l.String()))}
		for c := caremap.Minor; c <= caremap.Catastrophic; c++ {
			cell := matrixCell{Risk: risk(hazard.Risk(c, l))}
			for _, h := range hs {
				a := h.Residual
				if a.IsZero() {
					a = h.Initial
				}
				if h.Status != hazard.Closed && a.Consequence == c && a.Likelihood == l {
					cell.Count++
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

type hazardLogView struct {
	page
	Current, Closed []hazardRow
	Matrix          matrixView
	ReviewsDue      int
	Suggestions     int
	CanWrite        bool
}

func (h *Pages) hazardLog(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	all, err := h.log.Hazards(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	now := h.Now()
	v := hazardLogView{page: h.page(r, "Cyber hazard log"), Matrix: matrixOf(all), CanWrite: sc.Can(vigil.WriteHazards)}
	slices.SortStableFunc(all, func(a, b hazard.Hazard) int { return cmp.Compare(b.Risk(), a.Risk()) })
	for _, hz := range all {
		if hz.Status == hazard.Closed {
			v.Closed = append(v.Closed, rowOf(hz, now))
			continue
		}
		v.Current = append(v.Current, rowOf(hz, now))
		if hz.ReviewDue(now) {
			v.ReviewsDue++
		}
	}
	if suggested, err := h.log.Suggestions(r.Context(), sc); err != nil {
		h.Logger.Warn("count suggested hazards", "err", err)
	} else {
		v.Suggestions = len(suggested)
	}
	h.render(w, r, http.StatusOK, "hazards", &v)
}

type reviewsDueView struct {
	page
	Due []hazardRow
}

func (h *Pages) reviewsDue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	due, err := h.log.ReviewsDue(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := reviewsDueView{page: h.page(r, "Hazard reviews due")}
	v.Back = "/hazards"
	for _, hz := range due {
		v.Due = append(v.Due, rowOf(hz, h.Now()))
	}
	h.render(w, r, http.StatusOK, "reviews", &v)
}

// linkView is a hazard's link as the page shows it.
type linkView struct {
	Kind, Title, Href string
}

type hazardView struct {
	page
	Hazard            hazard.Hazard
	Type              string
	Status            string
	Initial, Residual risk
	InitialWords      string
	ResidualWords     string
	Links             []linkView
	Controls          []controlView
	ReviewBy          string
	Overdue           bool
	ApprovedAt        time.Time
	History           []hazard.Change
	CanWrite          bool
	CanApprove        bool // a CSO, and the assessment awaits approval
	IsCSO             bool
	NextReview        dateField
}

type controlView struct {
	Kind, Text string
	InPlace    bool
}

func (h *Pages) hazardPage(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	v := h.newHazardView(r, sc, hz)
	history, err := h.log.History(r.Context(), sc, hz.ID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v.History = history
	h.render(w, r, http.StatusOK, "hazard", &v)
}

func (h *Pages) newHazardView(r *http.Request, sc vigil.Scope, hz hazard.Hazard) hazardView {
	isCSO := sc.Has(vigil.ClinicalSafetyOfficer) && sc.Can(vigil.ApproveHazards)
	v := hazardView{page: h.page(r, hz.Code()+" "+hz.Title), Hazard: hz, Type: hz.Type.Label(), Status: hz.Status.Label(),
		Initial: risk(hz.Initial.Risk()), Residual: risk(hz.Residual.Risk()), InitialWords: hz.Initial.Words(), ResidualWords: hz.Residual.Words(),
		ReviewBy: dayWords(hz.ReviewBy), Overdue: hz.ReviewDue(h.Now()), ApprovedAt: hz.Approval.At,
		CanWrite: sc.Can(vigil.WriteHazards), IsCSO: isCSO, CanApprove: isCSO && !hz.Approved() && hz.Status != hazard.Closed}
	v.Back = "/hazards"
	for _, l := range hz.Links {
		v.Links = append(v.Links, linkView{Kind: l.Kind.Label(), Title: l.Title, Href: l.Href()})
	}
	for _, c := range hz.FurtherControls {
		v.Controls = append(v.Controls, controlView{Kind: c.Kind.Label(), Text: c.Text, InPlace: c.InPlace})
	}
	return v
}

func (h *Pages) hazardApprove(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	approved, err := h.log.Approve(r.Context(), sc, hz.ID, formInt(r, "version"))
	if err != nil {
		h.failOnHazard(w, r, sc, hz, err)
		return
	}
	h.SetFlash(w, approved.Code()+": you approved the risk assessment.")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

func (h *Pages) hazardReview(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	hz, ok := h.hazard(w, r, sc)
	if !ok {
		return
	}
	field := dateFieldFrom(r.PostFormValue, "review_by")
	next, ok := field.parse()
	var err error
	if !ok {
		err = vigil.InvalidFields("Check the next review date.", map[string]string{"review_by": "Enter the next review date as a real date, such as 30 9 2026"})
	} else {
		_, err = h.log.Review(r.Context(), sc, hz.ID, formInt(r, "version"), next, r.PostFormValue("note"))
	}
	if err != nil {
		v := h.newHazardView(r, sc, hz)
		v.NextReview = field
		v.History, _ = h.log.History(r.Context(), sc, hz.ID)
		h.renderInvalid(w, r, "hazard", &v, err)
		return
	}
	h.SetFlash(w, hz.Code()+": review recorded. Next review by "+dayWords(next)+".")
	http.Redirect(w, r, "/hazards/"+hz.ID, http.StatusSeeOther)
}

// failOnHazard shows the hazard again with what went wrong.
func (h *Pages) failOnHazard(w http.ResponseWriter, r *http.Request, sc vigil.Scope, hz hazard.Hazard, err error) {
	if vigil.CodeOf(err) != vigil.Invalid {
		h.Fail(w, r, err)
		return
	}
	v := h.newHazardView(r, sc, hz)
	v.History, _ = h.log.History(r.Context(), sc, hz.ID)
	h.renderInvalid(w, r, "hazard", &v, err)
}

func formInt(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.PostFormValue(name))
	return n
}
