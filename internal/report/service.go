package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/cache"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Options are the organisation-wide settings of the report service.
type Options struct {
	// SimulationMarkers recognise the organisation's own phishing
	// simulations in reported e-mails; nil means email's default marker.
	SimulationMarkers []email.SimulationMarker
	// MailFeedback queues a feedback e-mail for every verdict a known
	// reporter gets. Off when no mail relay is configured, so that e-mails
	// do not pile up to be sent, stale, the day one is.
	MailFeedback bool
}

// The speak-up capability is a service per job over one set of tables:
//
//   - Journey: staff send reports (the web journey, the reporting mailbox,
//     the API), read their own, and see the warnings analysts publish;
//   - Triage: analysts read reports and campaigns, give verdicts, publish
//     warnings, and follow the metrics and phishing simulations;
//   - Outbox: feedback e-mails to reporters go out (outbox.go).
//
// Every method takes the caller's scope and reads or writes that
// organisation's rows only. What the services share is base: the database,
// where people are looked up, the settings, and the queries that read reports.
type base struct {
	db      *store.DB
	orgs    *org.Store
	opts    Options
	learned *classifiers
	drafter LureDrafter // nil: no warnings are drafted from verdicts
}

// Journey is how staff report and hear back.
type Journey struct {
	*base
	// Filer files the reports that arrive whole, from the mailbox or the API.
	Filer     *Filer
	reporters *cache.Recent[string, person]
}

// Triage is how analysts and buddies judge what staff report.
type Triage struct{ *base }

// NewJourney returns the reporting journey on db.
func NewJourney(db *store.DB, orgs *org.Store, opts Options) *Journey {
	b := &base{db: db, orgs: orgs, opts: opts, learned: newClassifiers(db, orgs)}
	return &Journey{base: b, Filer: newFiler(b), reporters: cache.New[string, person](10000, 10*time.Second)}
}

// NewTriage returns triage on db.
func NewTriage(db *store.DB, orgs *org.Store, opts Options) *Triage {
	return &Triage{&base{db: db, orgs: orgs, opts: opts, learned: newClassifiers(db, orgs)}}
}

// MailsFeedback says whether reporters hear back by e-mail as well as on My reports.
func (s *Journey) MailsFeedback() bool { return s.opts.MailFeedback }

// MaxEmailBytes is the largest reported e-mail kept: a little above what
// Microsoft 365 and NHSmail deliver.
const MaxEmailBytes = email.DefaultMaxSize

var errNoReport = vigil.Errorf(vigil.NotFound, "There is no such report in your organisation.")

// reportSelect reads a report with its e-mail's file facts. The analysis is
// read only when asked for: it can be large. Reporters' names are org's to
// give: see withNames.
func reportSelect(withAnalysis bool) string {
	analysis := "''"
	if withAnalysis {
		analysis = "r.analysis"
	}
	return `SELECT r.id, r.org_id, r.kind, r.status, r.source, COALESCE(r.reporter_id, ''),
		r.reporter_address, r.anonymous, r.details, r.subject, ` + analysis + `, r.analysis_note, r.reply_message_id,
		COALESCE(r.campaign_id, ''), r.verdict, r.verdict_note, r.verdict_at, r.created_at, r.sent_at,
		COALESCE(raw.file_name, ''), COALESCE(raw.size, 0), raw.report_id IS NOT NULL, r.processed_at IS NOT NULL
	FROM reports r LEFT JOIN report_raw raw ON raw.report_id = r.id `
}

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var details string
	var verdictAt, sentAt sql.NullTime
	err := row.Scan(&r.ID, &r.OrgID, &r.Kind, &r.Status, &r.Source, &r.ReporterID,
		&r.ReporterAddress, &r.Anonymous, &details, &r.Subject, &r.analysis, &r.AnalysisNote, &r.replyMessageID,
		&r.CampaignID, &r.Verdict, &r.VerdictNote, &verdictAt, &r.CreatedAt, &sentAt,
		&r.EmailName, &r.EmailSize, &r.HasEmail, &r.processed)
	if err != nil {
		return Report{}, err
	}
	r.Details = decodeDetails(details)
	r.CreatedAt = r.CreatedAt.UTC()
	r.VerdictAt, r.SentAt = utcPtr(verdictAt), utcPtr(sentAt)
	return r, nil
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func (s *base) queryReports(ctx context.Context, q store.Querier, query string, args ...any) ([]Report, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("read report: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *base) oneReport(ctx context.Context, q store.Querier, query string, args ...any) (Report, error) {
	r, err := scanReport(q.QueryRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, errNoReport
	}
	if err != nil {
		return Report{}, fmt.Errorf("load report: %w", err)
	}
	return r, nil
}

// Report returns any sent report of the caller's organisation, with its
// analysis, for the people who triage reports.
func (s *Triage) Report(ctx context.Context, scope vigil.Scope, id string) (Report, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Report{}, err
	}
	r, err := s.oneReport(ctx, s.db, reportSelect(true)+`WHERE r.id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
	if err != nil {
		return Report{}, err
	}
	return s.withName(ctx, scope, r)
}

// withName fills in one report's reporter's name.
func (s *base) withName(ctx context.Context, scope vigil.Scope, r Report) (Report, error) {
	named, err := s.withNames(ctx, scope, []Report{r})
	if err != nil {
		return Report{}, err
	}
	return named[0], nil
}

// withNames fills in the reporters' names, for the people who triage.
func (s *base) withNames(ctx context.Context, scope vigil.Scope, rs []Report) ([]Report, error) {
	ids := make([]string, 0, len(rs))
	for _, r := range rs {
		ids = append(ids, r.ReporterID)
	}
	people, err := s.orgs.Contacts(ctx, scope, ids)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].ReporterName = people[rs[i].ReporterID].Name
	}
	return rs, nil
}

// Sent returns a report its reporter has just sent, for the confirmation
// page: their own, or an anonymous one sent from this browser.
func (s *Journey) Sent(ctx context.Context, scope vigil.Scope, id string, sentFromHere bool) (Report, error) {
	r, err := s.oneReport(ctx, s.db, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
	if err != nil {
		return Report{}, err
	}
	if (r.ReporterID == "" || r.ReporterID != scope.UserID) && !(r.Anonymous && sentFromHere) {
		return Report{}, errNoReport
	}
	return s.withName(ctx, scope, r)
}

// MaxPage is the most reports or campaigns one page lists.
const MaxPage = 200

// Page asks for one page of a newest-first list.
type Page struct {
	Before string // cursor: the last id of the previous page; empty for the first page
	Limit  int
}

func (p Page) norm() Page {
	if p.Before == "" {
		p.Before = "~" // sorts after every ULID
	}
	if p.Limit <= 0 || p.Limit > MaxPage {
		p.Limit = MaxPage
	}
	return p
}

// Mine lists the caller's own sent reports, newest first.
func (s *Journey) Mine(ctx context.Context, scope vigil.Scope, p Page) ([]Report, error) {
	if scope.UserID == "" {
		return nil, nil // an API token has no reports of its own
	}
	p = p.norm()
	rs, err := s.queryReports(ctx, s.db, reportSelect(false)+`WHERE r.org_id = $1 AND r.reporter_id = $2 AND r.status <> $3 AND r.id < $4
		ORDER BY r.id DESC LIMIT $5`, scope.OrgID, scope.UserID, Draft, p.Before, p.Limit)
	for i := range rs {
		rs[i].ReporterName = scope.Name // their own
	}
	return rs, err
}

// ReportFilter narrows the triage list of reports.
type ReportFilter struct {
	Page
	Status     Status // Open or Closed; empty for both
	CampaignID string
	// Single keeps only reports outside any campaign: those judged one by one.
	Single bool
}

// Reports lists the organisation's sent reports, newest first.
func (s *Triage) Reports(ctx context.Context, scope vigil.Scope, f ReportFilter) ([]Report, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	f.Page = f.Page.norm()
	q := reportSelect(false) + `WHERE r.org_id = $1 AND r.status <> $2 AND r.id < $3`
	args := []any{scope.OrgID, Draft, f.Before}
	if f.Status != "" {
		args = append(args, f.Status)
		q += fmt.Sprintf(` AND r.status = $%d`, len(args))
	}
	if f.CampaignID != "" {
		args = append(args, f.CampaignID)
		q += fmt.Sprintf(` AND r.campaign_id = $%d`, len(args))
	}
	if f.Single {
		q += ` AND r.campaign_id IS NULL`
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(` ORDER BY r.id DESC LIMIT $%d`, len(args))
	rs, err := s.queryReports(ctx, s.db, q, args...)
	if err != nil {
		return nil, err
	}
	return s.withNames(ctx, scope, rs)
}

// RawEmail is a reported e-mail exactly as it was received.
type RawEmail struct {
	ReportID string
	FileName string
	SHA256   string
	Content  []byte
}

// Raw returns the reported e-mail of a report, for an analyst to download.
// It is the attacker's message, byte for byte: whoever serves it must not
// let a browser open it.
func (s *Triage) Raw(ctx context.Context, scope vigil.Scope, id string) (RawEmail, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return RawEmail{}, err
	}
	raw := RawEmail{ReportID: id}
	err := s.db.QueryRow(ctx, `SELECT raw.file_name, raw.sha256, raw.content FROM report_raw raw JOIN reports r ON r.id = raw.report_id
		WHERE raw.report_id = $1 AND raw.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft).Scan(&raw.FileName, &raw.SHA256, &raw.Content)
	if errors.Is(err, sql.ErrNoRows) {
		return RawEmail{}, vigil.Errorf(vigil.NotFound, "This report has no e-mail stored with it.")
	}
	if err != nil {
		return RawEmail{}, fmt.Errorf("load reported e-mail: %w", err)
	}
	return raw, nil
}

// organisation returns the caller's organisation, for the analysis (its own
// mail domains and servers) and for the words staff read (the service
// desk's number).
func (s *base) organisation(ctx context.Context, scope vigil.Scope) (org.Organisation, error) {
	return s.orgs.Organisation(ctx, scope, scope.OrgID)
}

// analyse reads a reported e-mail. It never fails: an e-mail Vigil cannot
// read is still a report, and the note says why the analysis is missing.
func (s *base) analyse(ctx context.Context, raw []byte, o org.Organisation) (a *email.Analysis, note string) {
	opts := email.Options{OrgDomains: o.Settings.EmailDomains, SimulationMarkers: s.opts.SimulationMarkers, MaxSize: MaxEmailBytes}
	for _, server := range o.Settings.BoundaryServers {
		if server == "microsoft-365" {
			server = "" // Microsoft 365 names no server in its headers
		}
		opts.AuthServIDs = append(opts.AuthServIDs, server)
	}
	if c, err := s.learned.For(ctx, o); err == nil {
		opts.Classifier = c
	} // without what was learnt, the analysis still stands on its own signs
	a, err := email.Analyse(raw, opts)
	if err != nil {
		var ve *vigil.Error
		if errors.As(err, &ve) {
			return nil, "Vigil could not analyse this file: " + ve.Message + " It has been kept for an analyst to look at."
		}
		return nil, "Vigil could not analyse this file. It has been kept for an analyst to look at."
	}
	return a, ""
}

// cleanNote tidies an analyst's note, which the reporter will read.
func cleanNote(note string) (string, error) {
	note = clean(note, true)
	if len([]rune(note)) > maxLongAnswer {
		return "", vigil.InvalidFields("The note is too long.", map[string]string{"note": "Keep the note under 4,000 characters."})
	}
	return note, nil
}

// anonymousActor stands for an anonymous reporter in the audit trail, which
// must not undo the anonymity the organisation promised.
func anonymousActor(orgID string) vigil.Actor {
	return vigil.Actor{OrgID: orgID, ID: "anonymous", Label: "Anonymous reporter"}
}
