package hazard

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Cases writes each organisation's Clinical Safety Case Report for its
// cyber controls from the hazard log, the plan reviews and the care map,
// and keeps the versions its CSO issues.
type Cases struct {
	db    *store.DB
	maps  *mapstore.Store
	ranks *impact.Cache
	log   *Log
}

// NewCases returns the safety case service on db. The hazard log's
// suggestions from urgent findings and confirmed incidents that no one has
// decided on yet are among the report's outstanding actions.
func NewCases(db *store.DB, maps *mapstore.Store, ranks *impact.Cache, log *Log) *Cases {
	return &Cases{db: db, maps: maps, ranks: ranks, log: log}
}

// CaseReport is the Clinical Safety Case Report, structured as such a
// report is: scope, the system and what it depends on, method and
// acceptance criteria, the hazards, outstanding actions, the safety
// argument and its evidence, limitations, monitoring, and the declaration.
type CaseReport struct {
	Organisation string    `json:"organisation"`
	Code         string    `json:"code"`
	At           time.Time `json:"at"`
	Scope        string    `json:"scope"`
	System       System    `json:"system"`
	Method       []string  `json:"method"`
	Acceptance   []string  `json:"acceptance"`
	// Hazards are the open and transferred hazards, highest risk first;
	// Closed are the closed ones.
	Hazards     []CaseHazard `json:"hazards"`
	Closed      []CaseHazard `json:"closed"`
	Outstanding []Action     `json:"outstanding"`
	Acceptable  bool         `json:"acceptable"` // no open hazard above risk 3, every assessment approved
	Argument    []string     `json:"argument"`
	Evidence    []string     `json:"evidence"`
	Limitations []string     `json:"limitations"`
	Monitoring  []string     `json:"monitoring"`
	Declaration *Declaration `json:"declaration,omitempty"` // nil in a draft
}

// System is the care map as the report describes it.
type System struct {
	HasMap       bool            `json:"has_map"`
	MapRevision  int             `json:"map_revision"`
	Services     int             `json:"services"`
	Assets       int             `json:"assets"`
	Suppliers    int             `json:"suppliers"`
	NoProcedure  []string        `json:"no_procedure"` // services with no downtime procedure
	Critical     []CriticalAsset `json:"critical"`
	CriticalMore int             `json:"critical_more"` // critical assets not listed
}

// CriticalAsset is one of the assets whose loss or corruption harms patients most.
type CriticalAsset struct {
	Name     string   `json:"name"`
	Risk     int      `json:"risk"`
	Services []string `json:"services"`
}

// CaseHazard is one hazard as the report lists it.
type CaseHazard struct {
	Code     string `json:"code"`
	Title    string `json:"title"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Initial  int    `json:"initial"`
	Residual int    `json:"residual"`
	Approved bool   `json:"approved"`
	Owner    string `json:"owner"`
}

// Now is the hazard's risk as it stands: residual once assessed, else initial.
func (h CaseHazard) Now() int {
	if h.Residual > 0 {
		return h.Residual
	}
	return h.Initial
}

// Action is a further control not yet in place.
type Action struct {
	Hazard string `json:"hazard"`
	Kind   string `json:"kind"`
	Text   string `json:"text"`
}

// Declaration is the CSO's statement in an issued version.
type Declaration struct {
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// listedCritical is how many critical assets the report names.
const listedCritical = 10

// Draft writes the report as the data stand now.
func (s *Cases) Draft(ctx context.Context, scope vigil.Scope, now time.Time) (CaseReport, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return CaseReport{}, err
	}
	hazards, err := hazardsIn(ctx, s.db, scope.OrgID)
	if err != nil {
		return CaseReport{}, err
	}
	plans, err := NewPlans(s.db, s.maps).Plans(ctx, scope)
	if err != nil {
		return CaseReport{}, err
	}
	r := CaseReport{Organisation: scope.OrgName, Code: scope.OrgCode, At: now.UTC()}
	st, err := s.maps.Current(ctx, scope)
	switch {
	case vigil.IsNotFound(err):
	case err != nil:
		return CaseReport{}, err
	default:
		r.System = s.system(st)
	}
	r.fill(hazards, plans, now)
	if err := r.await(ctx, s.log, scope, hazards); err != nil {
		return CaseReport{}, err
	}
	return r, nil
}

// await adds to the outstanding actions the urgent findings and confirmed
// incidents the hazard log suggests and no one has accepted or dismissed,
// and to the evidence how many hazards are linked to findings and incidents.
func (r *CaseReport) await(ctx context.Context, log *Log, scope vigil.Scope, hazards []Hazard) error {
	suggested, err := log.Suggestions(ctx, scope)
	if err != nil {
		return err
	}
	var findings, incidents int
	for _, sg := range suggested {
		switch kind, _, _ := strings.Cut(sg.Key, "/"); kind {
		case "finding":
			findings++
			r.Outstanding = append(r.Outstanding, Action{Hazard: "Suggested", Kind: "Vulnerability finding",
				Text: sg.Why + " Accept it into the hazard log or dismiss it, saying why."})
		case "incident":
			incidents++
			r.Outstanding = append(r.Outstanding, Action{Hazard: "Suggested", Kind: "Confirmed incident",
				Text: sg.Why + " Accept it into the hazard log or dismiss it, saying why."})
		}
	}
	linked := map[LinkKind]int{}
	for _, h := range hazards {
		for _, k := range []LinkKind{LinkFinding, LinkIncident} {
			if slices.ContainsFunc(h.Links, func(l Link) bool { return l.Kind == k }) {
				linked[k]++
			}
		}
	}
	r.Evidence = append(r.Evidence,
		fmt.Sprintf("%d hazards are linked to vulnerability findings; %d urgent findings (Immediate or Out-of-cycle) await a decision on their suggested hazard.", linked[LinkFinding], findings),
		fmt.Sprintf("%d hazards are linked to security incidents; %d confirmed incidents await a decision on their suggested hazard.", linked[LinkIncident], incidents))
	return nil
}

func (s *Cases) system(st mapstore.Stored) System {
	m := st.Map
	sys := System{HasMap: true, MapRevision: st.Revision, Services: len(m.Services), Assets: len(m.Assets), Suppliers: len(m.Suppliers)}
	for _, svc := range m.Services {
		if svc.Downtime.IsZero() {
			sys.NoProcedure = append(sys.NoProcedure, svc.Name)
		}
	}
	for _, c := range s.ranks.Critical(m) {
		if c.Worst() < SuggestAtRisk {
			break
		}
		if len(sys.Critical) == listedCritical {
			sys.CriticalMore++
			continue
		}
		harm := c.Loss
		if c.Corruption.Risk > harm.Risk {
			harm = c.Corruption
		}
		ca := CriticalAsset{Name: c.Name, Risk: c.Worst()}
		for _, svc := range harm.Services[:min(3, len(harm.Services))] {
			ca.Services = append(ca.Services, svc.Name)
		}
		sys.Critical = append(sys.Critical, ca)
	}
	return sys
}

// fill writes the report's sections from the hazards and plans.
func (r *CaseReport) fill(hazards []Hazard, plans []Plan, now time.Time) {
	r.Scope = "This report covers the clinical risks that cyber threats to " + r.Organisation + "'s systems, devices and suppliers pose to patients, " +
		"and the controls in place and planned. It follows DCB0160 for a deploying organisation and uses DCB0129's vocabulary and risk matrix."
	r.Method = []string{
		"Hazards are found from the care map (the systems whose loss or corruption for a day would reach risk 4 or 5), from urgent vulnerability findings, from confirmed incidents and from the clinical safety team's own review.",
		"Each hazard is scored by consequence (minor to catastrophic) and likelihood (very low to very high), giving a risk level from 1 to 5 on the DCB matrix, first with the existing controls (initial risk) and then with the further controls in place (residual risk).",
		"A Clinical Safety Officer approves each risk assessment. Security plans that take systems down are reviewed against the care map before they go ahead.",
	}
	r.Acceptance = []string{
		"Risk 1 or 2: acceptable.",
		"Risk 3: undesirable. Accepted only with the Clinical Safety Officer's approval, and kept under review.",
		"Risk 4 or 5: unacceptable. Further controls are needed before the risk can be accepted.",
	}
	approvedAll, high, overdue, unassessed := true, 0, 0, 0
	for _, h := range hazards {
		ch := CaseHazard{Code: h.Code(), Title: h.Title, Type: h.Type.Label(), Status: h.Status.Label(), Initial: h.Initial.Risk(),
			Residual: h.Residual.Risk(), Approved: h.Approved(), Owner: h.Owner.Name}
		if h.Status == Closed {
			r.Closed = append(r.Closed, ch)
			continue
		}
		r.Hazards = append(r.Hazards, ch)
		approvedAll = approvedAll && h.Approved()
		if h.Risk() >= 4 {
			high++
		}
		if h.Residual.IsZero() {
			unassessed++
		}
		if h.ReviewDue(now) {
			overdue++
		}
		for _, c := range h.FurtherControls {
			if !c.InPlace {
				r.Outstanding = append(r.Outstanding, Action{Hazard: h.Code(), Kind: c.Kind.Label(), Text: c.Text})
			}
		}
	}
	slices.SortStableFunc(r.Hazards, func(a, b CaseHazard) int { return cmp.Compare(b.Now(), a.Now()) })
	r.Acceptable = approvedAll && high == 0
	r.argue(len(hazards), high, approvedAll, plans)
	r.Limitations = []string{
		"The analysis is only as good as the care map: a dependency missing from it is a harm missing from this report.",
		"Likelihood comes from how long an outage lasts against how long each downtime procedure keeps patients safe; it does not estimate how likely an attack is.",
		"Findings and incidents are linked by reference; this report does not check them again.",
	}
	if !r.System.HasMap {
		r.Limitations = append(r.Limitations, "There is no care map yet, so the system description and the suggested hazards are missing.")
	}
	if unassessed > 0 {
		r.Limitations = append(r.Limitations, fmt.Sprintf("%d open hazards have no residual risk assessed yet.", unassessed))
	}
	r.Monitoring = []string{
		"Every hazard has an owner and a review date. Vigil reminds the people who keep the log when a review is overdue.",
		"The care map's critical assets are ranked again whenever the map changes, and new hazards are suggested from them.",
		fmt.Sprintf("At %s, %d open hazards are past their review date.", now.In(London).Format("2 January 2006"), overdue),
	}
}

func (r *CaseReport) argue(total, high int, approvedAll bool, plans []Plan) {
	r.Argument = []string{fmt.Sprintf("%d hazards are recorded: %d open or transferred, %d closed.", total, len(r.Hazards), len(r.Closed))}
	switch {
	case high > 0:
		r.Argument = append(r.Argument, fmt.Sprintf("%d open hazards are at risk 4 or 5, which is unacceptable. The outstanding actions below are needed to bring them down.", high))
	case len(r.Hazards) > 0:
		r.Argument = append(r.Argument, "No open hazard is above risk 3.")
	}
	if approvedAll {
		r.Argument = append(r.Argument, "A Clinical Safety Officer has approved the risk assessment of every open hazard.")
	} else {
		r.Argument = append(r.Argument, "Some open hazards await a Clinical Safety Officer's approval.")
	}
	if r.Acceptable {
		r.Argument = append(r.Argument, "On this evidence, the clinical risk of the organisation's cyber controls is acceptable.")
	} else {
		r.Argument = append(r.Argument, "On this evidence, the clinical risk is not yet acceptable: see the outstanding actions.")
	}
	if r.System.HasMap {
		r.Evidence = append(r.Evidence, fmt.Sprintf("The care map, version %d: %d clinical services, %d systems and devices, %d suppliers.",
			r.System.MapRevision, r.System.Services, r.System.Assets, r.System.Suppliers))
		if n := len(r.System.NoProcedure); n > 0 {
			r.Evidence = append(r.Evidence, fmt.Sprintf("%d clinical services have no downtime procedure.", n))
		} else {
			r.Evidence = append(r.Evidence, "Every clinical service in the care map has a downtime procedure.")
		}
	}
	decided := 0
	for _, p := range plans {
		if p.Decision != Awaiting {
			decided++
		}
	}
	r.Evidence = append(r.Evidence, fmt.Sprintf("%d security plans reviewed by a Clinical Safety Officer; %d awaiting a decision.", decided, len(plans)-decided))
	r.Evidence = append(r.Evidence, fmt.Sprintf("%d further controls are outstanding.", len(r.Outstanding)))
}
