package incident

import (
	"context"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// recentLinkables is how many reports or findings the incident page
// offers to link.
const recentLinkables = 30

// ReportLinks offers the organisation's speak-up reports for linking. The
// triage service checks the reader may triage reports and keeps to their
// organisation.
func ReportLinks(t *report.Triage) Linkables { return reportLinks{t} }

type reportLinks struct{ triage *report.Triage }

func reportLinkable(r report.Report) Linkable {
	return Linkable{Kind: LinkReport, ID: r.ID, Title: r.Title(), Path: "/triage/reports/" + r.ID, At: r.CreatedAt.UTC()}
}

func (l reportLinks) Recent(ctx context.Context, scope vigil.Scope) ([]Linkable, error) {
	rs, err := l.triage.Reports(ctx, scope, report.ReportFilter{Page: report.Page{Limit: recentLinkables}})
	if err != nil {
		return nil, err
	}
	out := make([]Linkable, len(rs))
	for i, r := range rs {
		out[i] = reportLinkable(r)
	}
	return out, nil
}

func (l reportLinks) Find(ctx context.Context, scope vigil.Scope, id string) (Linkable, error) {
	r, err := l.triage.Report(ctx, scope, id)
	if err != nil {
		return Linkable{}, err
	}
	return reportLinkable(r), nil
}

// FindingLinks offers the organisation's open vulnerability findings for
// linking, the most urgent first; the findings service checks the reader and keeps to their
// organisation.
func FindingLinks(f *findings.Service) Linkables { return findingLinks{f} }

type findingLinks struct{ findings *findings.Service }

func findingLinkable(f findings.Finding) Linkable {
	return Linkable{Kind: LinkFinding, ID: f.ID, Title: f.Title(), Path: "/vulnerabilities/" + f.ID, At: f.FirstSeen.UTC()}
}

func (l findingLinks) Recent(ctx context.Context, scope vigil.Scope) ([]Linkable, error) {
	fs, err := l.findings.List(ctx, scope, findings.Filter{Limit: recentLinkables})
	if err != nil {
		return nil, err
	}
	out := make([]Linkable, len(fs))
	for i, f := range fs {
		out[i] = findingLinkable(f)
	}
	return out, nil
}

func (l findingLinks) Find(ctx context.Context, scope vigil.Scope, id string) (Linkable, error) {
	f, err := l.findings.Finding(ctx, scope, id)
	if err != nil {
		return Linkable{}, err
	}
	return findingLinkable(f), nil
}
