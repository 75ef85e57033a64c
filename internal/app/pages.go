package app

import (
	"github.com/vigil-health/vigil/internal/web"
	"github.com/vigil-health/vigil/internal/web/admin"
	assurancepages "github.com/vigil-health/vigil/internal/web/assurance"
	caremappages "github.com/vigil-health/vigil/internal/web/caremap"
	"github.com/vigil-health/vigil/internal/web/learningsystem"
	monitoringpages "github.com/vigil-health/vigil/internal/web/monitoring"
	"github.com/vigil-health/vigil/internal/web/national"
	reportpages "github.com/vigil-health/vigil/internal/web/report"
	safetypages "github.com/vigil-health/vigil/internal/web/safety"
	trainingpages "github.com/vigil-health/vigil/internal/web/training"
	vulnpages "github.com/vigil-health/vigil/internal/web/vuln"
)

// sections are the capabilities' pages, in the order the menu and the home
// page offer them. A new capability adds its page package here.
func (a *App) sections(shell *web.Shell) ([]web.Section, error) {
	reports, err := reportpages.New(shell, a.Journey, a.Triage, a.Orgs)
	if err != nil {
		return nil, err
	}
	reports.LinkIncidents(a.Incidents)
	caremaps, err := caremappages.New(shell, a.CareMaps, a.WhatIf)
	if err != nil {
		return nil, err
	}
	safety, err := safetypages.New(shell, a.Hazards, a.Plans, a.SafetyCases, a.CareMaps)
	if err != nil {
		return nil, err
	}
	assurance, err := assurancepages.New(shell, a.Board, a.Assessments)
	if err != nil {
		return nil, err
	}
	people, err := admin.New(shell, a.Orgs, a.Auth, a.Audit)
	if err != nil {
		return nil, err
	}
	centre, err := national.New(shell, a.Triage, a.WhatIf)
	if err != nil {
		return nil, err
	}
	training, err := trainingpages.New(shell, a.Training, a.Buddies, a.Content.Programme, a.Reminders, a.Content.Answers, a.Bulletins, a.LocalHelp)
	if err != nil {
		return nil, err
	}
	monitoring, err := monitoringpages.New(shell, a.Alerts, a.Incidents, a.CareMaps, a.Orgs)
	if err != nil {
		return nil, err
	}
	monitoring.Notify = a.Notify
	vulns, err := vulnpages.New(shell, a.Vulns, a.CareMaps)
	if err != nil {
		return nil, err
	}
	learning, err := learningsystem.New(shell, a.LRS, a.Training, a.LocalHelp)
	if err != nil {
		return nil, err
	}
	return []web.Section{reports, caremaps, vulns, monitoring, safety, training, learning, assurance, people, centre}, nil
}
