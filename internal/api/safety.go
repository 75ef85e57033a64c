package api

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

// safetyRoutes read the hazard log, the suggested hazards, the plan reviews
// and the board's figures. Changes go through the pages: approving, closing
// and deciding are a Clinical Safety Officer's personal sign-off, which an
// API token cannot give.
func (h *Handler) safetyRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/hazards", Summary: "The hazard log, in log order", Permission: vigil.ReadHazards, Response: "HazardList", handle: h.hazards},
		{Method: "GET", Path: "/api/v1/hazards/{id}", Summary: "One hazard", Permission: vigil.ReadHazards, Response: "Hazard", handle: h.hazard},
		{Method: "GET", Path: "/api/v1/hazard-suggestions", Summary: "Hazards Vigil suggests from the care map, findings and incidents, riskiest first", Permission: vigil.ReadHazards, Response: "HazardSuggestionList", handle: h.hazardSuggestions},
		{Method: "GET", Path: "/api/v1/plan-reviews", Summary: "Security plans put to the Clinical Safety Officer, latest first", Permission: vigil.ReadHazards, Response: "PlanReviewList", handle: h.planReviews},
		{Method: "GET", Path: "/api/v1/board", Summary: "The board's figures now, each with its trend", Permission: vigil.ReadBoard, Response: "BoardFigureList", handle: h.boardFigures},
	}
}

func safetyComponents() map[string]any {
	return map[string]any{
		"Hazard":               hazardJSON{},
		"HazardList":           list[hazardJSON]{},
		"HazardSuggestionList": list[suggestionJSON]{},
		"PlanReviewList":       list[planJSON]{},
		"BoardFigureList":      list[figureJSON]{},
	}
}

type assessmentJSON struct {
	Consequence string `json:"consequence"`
	Likelihood  string `json:"likelihood"`
	Risk        int    `json:"risk"`
}

func assessmentOf(a hazard.Assessment) *assessmentJSON {
	if a.IsZero() {
		return nil
	}
	return &assessmentJSON{Consequence: a.Consequence.String(), Likelihood: a.Likelihood.String(), Risk: a.Risk()}
}

type hazardJSON struct {
	ID               string           `json:"id"`
	Code             string           `json:"code"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Causes           []string         `json:"causes"`
	Effect           string           `json:"effect"`
	Harm             string           `json:"harm"`
	Type             string           `json:"type"`
	Links            []hazard.Link    `json:"links"`
	ExistingControls string           `json:"existing_controls"`
	Initial          *assessmentJSON  `json:"initial,omitempty"`
	FurtherControls  []hazard.Control `json:"further_controls"`
	Residual         *assessmentJSON  `json:"residual,omitempty"`
	Status           string           `json:"status"`
	StatusNote       string           `json:"status_note,omitempty"`
	Owner            string           `json:"owner,omitempty"`
	ReviewBy         string           `json:"review_by,omitempty"` // a date, 2006-01-02
	ApprovedBy       string           `json:"approved_by,omitempty"`
	ApprovedAt       *time.Time       `json:"approved_at,omitempty"`
	Version          int              `json:"version"`
	UpdatedAt        time.Time        `json:"updated_at"`
}

func toHazardJSON(h hazard.Hazard) hazardJSON {
	j := hazardJSON{ID: h.ID, Code: h.Code(), Title: h.Title, Description: h.Description, Causes: nonNilSlice(h.Causes), Effect: h.Effect,
		Harm: h.Harm, Type: string(h.Type), Links: nonNilSlice(h.Links), ExistingControls: h.ExistingControls, Initial: assessmentOf(h.Initial),
		FurtherControls: nonNilSlice(h.FurtherControls), Residual: assessmentOf(h.Residual), Status: string(h.Status), StatusNote: h.StatusNote,
		Owner: h.Owner.Name, Version: h.Version, UpdatedAt: h.UpdatedAt}
	if !h.ReviewBy.IsZero() {
		j.ReviewBy = h.ReviewBy.Format("2006-01-02")
	}
	if h.Approved() {
		at := h.Approval.At
		j.ApprovedBy, j.ApprovedAt = h.Approval.By, &at
	}
	return j
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (h *Handler) hazards(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	all, err := h.Hazards.Hazards(r.Context(), sc)
	if err != nil {
		return err
	}
	out := list[hazardJSON]{Items: []hazardJSON{}}
	for _, hz := range all {
		out.Items = append(out.Items, toHazardJSON(hz))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (h *Handler) hazard(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	hz, err := h.Hazards.Hazard(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toHazardJSON(hz))
}

type suggestionJSON struct {
	Key    string          `json:"key"`
	Source string          `json:"source"`
	Why    string          `json:"why"`
	Title  string          `json:"title"`
	Type   string          `json:"type"`
	Risk   *assessmentJSON `json:"initial,omitempty"`
	Links  []hazard.Link   `json:"links"`
}

func (h *Handler) hazardSuggestions(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	all, err := h.Hazards.Suggestions(r.Context(), sc)
	if err != nil {
		return err
	}
	out := list[suggestionJSON]{Items: []suggestionJSON{}}
	for _, s := range all {
		out.Items = append(out.Items, suggestionJSON{Key: s.Key, Source: s.Source, Why: s.Why, Title: s.Draft.Title, Type: string(s.Draft.Type),
			Risk: assessmentOf(s.Draft.Initial), Links: nonNilSlice(s.Draft.Links)})
	}
	return writeJSON(w, http.StatusOK, out)
}

type planJSON struct {
	ID        string     `json:"id"`
	Code      string     `json:"code"`
	Title     string     `json:"title"`
	Kind      string     `json:"kind"`
	Assets    []string   `json:"assets"`
	Mode      string     `json:"mode"`
	Start     time.Time  `json:"start"`
	Minutes   int64      `json:"duration_minutes"`
	Decision  string     `json:"decision"`
	Note      string     `json:"note,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	Worst     *int       `json:"worst_risk_when_decided,omitempty"`
}

func (h *Handler) planReviews(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	plans, err := h.Plans.Plans(r.Context(), sc)
	if err != nil {
		return err
	}
	out := list[planJSON]{Items: []planJSON{}}
	for _, p := range plans {
		j := planJSON{ID: p.ID, Code: p.Code(), Title: p.Title, Kind: string(p.Kind), Assets: nonNilSlice(p.Assets), Mode: p.Mode.String(),
			Start: p.Start, Minutes: int64(time.Duration(p.Duration) / time.Minute), Decision: string(p.Decision), Note: p.Note, DecidedBy: p.DecidedBy}
		if !p.DecidedAt.IsZero() {
			at := p.DecidedAt
			j.DecidedAt = &at
		}
		if p.Decided != nil {
			worst := p.Decided.Worst
			j.Worst = &worst
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

type pointJSON struct {
	Day   string  `json:"day"`
	Value float64 `json:"value"`
}

type figureJSON struct {
	Key    string      `json:"key"`
	Label  string      `json:"label"`
	Value  float64     `json:"value"`
	Unit   string      `json:"unit"`
	Better string      `json:"better"` // higher or lower
	Link   string      `json:"link,omitempty"`
	Trend  []pointJSON `json:"trend"`
}

func (h *Handler) boardFigures(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error {
	figures, errs, err := h.Board.Figures(r.Context(), sc, h.Clock())
	if err != nil {
		return err
	}
	for _, e := range errs {
		h.Logger.Warn("a board figure could not be read", "err", e)
	}
	out := list[figureJSON]{Items: []figureJSON{}}
	for _, f := range figures {
		j := figureJSON{Key: f.Key, Label: f.Label, Value: f.Value, Unit: f.Unit, Better: "higher", Link: f.Link, Trend: []pointJSON{}}
		if f.Better != 0 {
			j.Better = "lower"
		}
		for _, p := range f.Trend {
			j.Trend = append(j.Trend, pointJSON{Day: p.Day.Format("2006-01-02"), Value: p.Value})
		}
		out.Items = append(out.Items, j)
	}
	return writeJSON(w, http.StatusOK, out)
}
