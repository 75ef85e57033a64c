// Package demo seeds fictional organisations so a newcomer can sign in and
// see Vigil working: an acute trust (code DEMO), a GP practice and the
// national centre. Every name, number and address here is made up.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/localhelp"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Services are what seeding uses; app.Services.Demo gives them.
type Services struct {
	Orgs     *org.Store
	Auth     *auth.Service
	Journey  *report.Journey
	CareMaps *mapstore.Store
	WhatIf   *whatif.Service
	// Clinical safety.
	Hazards     *hazard.Log
	Plans       *hazard.Plans
	SafetyCases *hazard.Cases
	// Assurance.
	Assessments *assess.Assessments
	Board       *board.Board
	// Training and IT buddies.
	Training *progress.Service
	Buddies  *buddy.Buddies
	// Latest tactics, and the trust's own quick answers and contacts.
	Bulletins *bulletin.Bulletins
	LocalHelp *localhelp.Help
	// Monitoring.
	Alerts    *monitor.Monitor
	Incidents *incident.Incidents
	// Vulnerability intelligence.
	Vulns *findings.Service
	// Notifications: rules, the on-call rota and webhooks; nil leaves them out.
	Notify *notify.Service
}

// Code is the demo trust's organisation code.
const Code = "DEMO"

// Account is a demo sign-in, printed once when the demo is seeded.
type Account struct {
	Role         vigil.Role
	Organisation string
	Name         string
	Email        string
	Password     string
}

// Seeded says what Seed did.
type Seeded struct {
	Created  bool // false when the demo was already there
	Accounts []Account
}

type person struct {
	name, email string
	job         org.JobRole
	team        string
	roles       []vigil.Role
	signIn      bool // gets a generated password, one per Vigil role
}

type organisation struct {
	org    org.Organisation
	sites  []string
	teams  []teamSpec
	people []person
}

type teamSpec struct{ name, kind, site string }

// Seed creates the demo organisations unless the demo trust exists already.
// Passwords are random, made now, and returned so the caller can print
// them once; they are stored only as hashes.
func Seed(ctx context.Context, svc Services) (Seeded, error) {
	orgs, authSvc := svc.Orgs, svc.Auth
	if _, err := orgs.OrganisationByCode(ctx, Code); err == nil {
		return Seeded{}, nil
	} else if !vigil.IsNotFound(err) {
		return Seeded{}, err
	}
	var out Seeded
	for _, spec := range organisations() {
		accounts, err := seedOrganisation(ctx, orgs, authSvc, spec)
		if err != nil {
			return out, fmt.Errorf("seed %s: %w", spec.org.Code, err)
		}
		out.Accounts = append(out.Accounts, accounts...)
	}
	out.Created = true
	if err := SeedTraining(ctx, svc); err != nil {
		return out, fmt.Errorf("seed the demo training: %w", err)
	}
	if err := SeedTactics(ctx, svc); err != nil {
		return out, fmt.Errorf("seed the demo bulletin and quick answer: %w", err)
	}
	return out, nil
}

func seedOrganisation(ctx context.Context, orgs *org.Store, authSvc *auth.Service, spec organisation) ([]Account, error) {
	o, err := orgs.CreateOrganisation(ctx, spec.org)
	if err != nil {
		return nil, err
	}
	// The first account with org-admin acts for the seeding of its organisation.
	admin, adminPassword, err := firstAdmin(ctx, authSvc, o, spec.people)
	if err != nil {
		return nil, err
	}
	sc, err := authSvc.ScopeOf(ctx, admin.ID)
	if err != nil {
		return nil, err
	}
	siteIDs := map[string]string{}
	for _, name := range spec.sites {
		s, err := orgs.CreateSite(ctx, sc, name)
		if err != nil {
			return nil, err
		}
		siteIDs[name] = s.ID
	}
	teamIDs := map[string]string{}
	for _, t := range spec.teams {
		team, err := orgs.CreateTeam(ctx, sc, org.NewTeam{Name: t.name, Kind: t.kind, SiteID: siteIDs[t.site]})
		if err != nil {
			return nil, err
		}
		teamIDs[t.name] = team.ID
	}
	accounts := []Account{{Role: vigil.OrgAdmin, Organisation: o.Name, Name: admin.Name, Email: admin.Email, Password: adminPassword}}
	for _, p := range spec.people {
		if p.email == admin.Email {
			if _, err := orgs.UpdateUser(ctx, sc, admin.ID, details(p, teamIDs)); err != nil {
				return nil, err
			}
			continue
		}
		password := ""
		if p.signIn {
			password = newPassword()
		}
		if _, err := authSvc.AddPerson(ctx, sc, details(p, teamIDs), password); err != nil {
			return nil, fmt.Errorf("add %s: %w", p.email, err)
		}
		if p.signIn {
			accounts = append(accounts, Account{Role: p.roles[len(p.roles)-1], Organisation: o.Name, Name: p.name, Email: p.email, Password: password})
		}
	}
	return accounts, nil
}

func firstAdmin(ctx context.Context, authSvc *auth.Service, o org.Organisation, people []person) (org.User, string, error) {
	for _, p := range people {
		for _, r := range p.roles {
			if r == vigil.OrgAdmin {
				pw := newPassword()
				u, err := authSvc.AddPerson(ctx, o.System("Vigil demo"), details(p, nil), pw)
				return u, pw, err
			}
		}
	}
	return org.User{}, "", errors.New("no org-admin among the demo people")
}

func details(p person, teams map[string]string) org.PersonDetails {
	roles := make([]string, len(p.roles))
	for i, r := range p.roles {
		roles[i] = string(r)
	}
	return org.PersonDetails{Email: p.email, Name: p.name, JobRole: string(p.job), TeamID: teams[p.team], Roles: roles}
}

// newPassword makes a password that is easy to read out and type:
// four groups of four lower-case letters and digits, about 80 bits.
func newPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	var b strings.Builder
	for i := 0; i < 16; i++ {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}
