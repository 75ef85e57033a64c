package app

import (
	"context"
	"github.com/vigil-health/vigil/internal/training/builtin"
	"slices"
	"time"

	"github.com/vigil-health/vigil/content"
	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/assess/framework"
	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/demo"
	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Services is every domain service on one database, built once from the
// configuration. The commands, the pages, the API and the background
// workers all use the same ones; nothing here knows about HTTP.
type Services struct {
	Config Config
	// Clock tells the time to everything that asks; tests may stop it.
	Clock    func() time.Time
	DB       *store.DB
	Orgs     *org.Store
	Auth     *auth.Service
	Audit    *audit.Store
	CareMaps *mapstore.Store
	// WhatIf keeps saved scenarios and ranks each organisation's critical assets.
	WhatIf *whatif.Service
	// Journey and Triage are the speak-up services: staff reporting, and
	// analysts judging what they report.
	Journey *report.Journey
	Triage  *report.Triage
	// Hazards, Plans and SafetyCases are clinical safety: the cyber hazard
	// log, reviews of security plans, and the safety case report.
	Hazards     *hazard.Log
	Plans       *hazard.Plans
	SafetyCases *hazard.Cases
	// Evidence are the capabilities that feed the self-assessment and the
	// board dashboard. Add a capability's source here when it lands.
	Evidence []evidence.Source
	// Assessments is the CAF-aligned self-assessment; Board the board
	// dashboard, from the evidence sources and the self-assessment.
	Assessments *assess.Assessments
	Board       *board.Board
	// Content is the built-in lessons, training programme and quick
	// answers; Training each person's lessons, quizzes and the coverage of
	// the needs analysis; Buddies the IT buddies of teams.
	Content  content.Catalogue
	Training *progress.Service
	Buddies  *buddy.Buddies
	// Bulletins are the "latest tactics" warnings to staff; LocalHelp each
	// organisation's own quick answers and local contacts.
	Bulletins *bulletin.Bulletins
	LocalHelp *localhelp.Help
	// Alerts stores the detection tools' alerts, ranked by clinical harm;
	// Incidents runs incidents with their clinical continuity plans.
	Alerts    *monitor.Monitor
	Incidents *incident.Incidents
	// Vulns is vulnerability intelligence: advisories, inventories and findings ranked by clinical risk.
	Vulns *findings.Service
	// LRS sends quiz results to each organisation's Learning Record Store.
	LRS *lrs.Service
}

// Open opens the configured database, brings its schema up to date and
// builds every service. Unless cfg.CreateDatabase is set, an embedded
// database that does not exist yet is refused rather than made empty.
func Open(ctx context.Context, cfg Config) (*Services, error) {
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Create: cfg.CreateDatabase})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s := &Services{Config: cfg, Clock: store.Now, DB: db, Audit: audit.NewStore(db), CareMaps: mapstore.New(db)}
	s.WhatIf = whatif.New(db, s.CareMaps)
	s.Orgs = org.NewStore(db, auth.EndSessions)
	authCfg := auth.DefaultConfig()
	authCfg.IdleTimeout, authCfg.Clock = cfg.IdleTimeout, s.Clock
	s.Auth = auth.New(db, s.Orgs, authCfg)
	reportOpts := report.Options{SimulationMarkers: cfg.simulationMarkers(), MailFeedback: cfg.SMTP.Addr != ""}
	s.Journey = report.NewJourney(db, s.Orgs, reportOpts)
	s.Triage = report.NewTriage(db, s.Orgs, reportOpts)
	s.Alerts = monitor.New(db, s.CareMaps, s.WhatIf.Ranks(), s.Clock, monitor.Options{GroupWindow: cfg.Alerts.GroupWindow})
	s.CareMaps.OnReplace(s.Alerts.RematchAfterMapChange) // a new care map matches the alerts waiting for it
	s.Incidents = incident.New(db, s.CareMaps, s.Orgs, s.Alerts, s.Clock)
	s.Vulns = findings.New(db, s.Orgs, s.CareMaps, s.Clock)
	s.Hazards = hazard.NewLog(db, s.Orgs, hazard.CareMapSuggester(s.CareMaps, s.WhatIf.Ranks()),
		hazard.FindingSuggester(s.Vulns, s.CareMaps, s.WhatIf.Ranks()),
		hazard.IncidentSuggester(s.Incidents, s.CareMaps, s.WhatIf.Ranks()))
	s.Incidents.Connect(incident.Connections{Hazards: s.Hazards, Reports: incident.ReportLinks(s.Triage), Findings: incident.FindingLinks(s.Vulns)})
	s.Plans = hazard.NewPlans(db, s.CareMaps)
	s.SafetyCases = hazard.NewCases(db, s.CareMaps, s.WhatIf.Ranks(), s.Hazards)
	if s.Content, err = builtin.Load(); err != nil {
		db.Close()
		return nil, err
	}
	s.Training = progress.New(db, s.Orgs, s.Content.Lessons, s.Content.Programme.Needs, s.Clock)
	s.Buddies = buddy.New(db, s.Orgs, s.Clock)
	s.Bulletins = bulletin.New(db, s.Orgs, s.Clock)
	s.Triage.DraftBulletinsWith(s.Bulletins)
	s.LocalHelp = localhelp.New(db, s.Orgs, s.Training, s.Content.Answers, builtin.Vocabulary().ReportKinds, s.Clock)
	s.LRS = lrs.New(db, lrs.Options{BaseURL: cfg.BaseURL, AllowLoopback: cfg.LRSAllowLoopback, Clock: s.Clock})
	s.Training.SendStatementsTo(s.LRS)
	s.Evidence = []evidence.Source{s.Hazards, s.Triage, s.Training, s.Alerts, s.Incidents, s.Vulns, s.Buddies}
	frameworks, err := loadFrameworks()
	if err != nil {
		db.Close()
		return nil, err
	}
	s.Assessments = assess.New(db, s.Orgs, frameworks, s.Evidence)
	s.Board = board.New(db, s.Orgs, append(slices.Clone(s.Evidence), s.Assessments))
	return s, nil
}

// loadFrameworks reads the built-in self-assessment frameworks; a fault in
// one is a fault in the release, so it stops start-up.
func loadFrameworks() ([]framework.Framework, error) {
	dir, err := content.Sub(content.FrameworksDir)
	if err != nil {
		return nil, err
	}
	return framework.Load(dir)
}

// Close releases the database.
func (s *Services) Close() error { return s.DB.Close() }

// Operator is how the command line acts in an organisation: whoever runs it
// holds the database itself, so it acts with every role the organisation's
// type allows, and the audit trail says "command line".
func (s *Services) Operator(ctx context.Context, code string) (org.Organisation, vigil.Scope, error) {
	o, err := s.Orgs.OrganisationByCode(ctx, code)
	if err != nil {
		return org.Organisation{}, vigil.Scope{}, err
	}
	return o, o.System("command line"), nil
}

// Demo is what seeding the demo organisations uses. It has no notification
// service: only a running app has one, and (*App).Demo adds it.
func (s *Services) Demo() demo.Services {
	return demo.Services{Orgs: s.Orgs, Auth: s.Auth, Journey: s.Journey, CareMaps: s.CareMaps, WhatIf: s.WhatIf,
		Hazards: s.Hazards, Plans: s.Plans, SafetyCases: s.SafetyCases, Assessments: s.Assessments, Board: s.Board,
		Training: s.Training, Buddies: s.Buddies, Alerts: s.Alerts, Incidents: s.Incidents,
		Bulletins: s.Bulletins, LocalHelp: s.LocalHelp,
		Vulns: s.Vulns}
}
