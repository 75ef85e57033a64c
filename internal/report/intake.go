package report

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"net/textproto"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Incoming is a report that arrives from the reporting mailbox or from
// another system through the API, complete in one go.
type Incoming struct {
	Kind   Kind // Email when empty
	Source Source
	// Key identifies the delivery so that a message delivered twice — the
	// mailbox hands each one over at least once — makes one report.
	Key string
	// Email is the reported e-mail exactly as received, for Email reports. A
	// Microsoft "Report" submission is kept whole: the analysis finds the
	// original inside it.
	Email    []byte
	FileName string
	// TooLarge says the e-mail was over MaxEmailBytes, so Email holds only
	// its header: the report is kept, and the analyst told why it is thin.
	TooLarge bool
	// ReporterAddress is who sent the report in. It is matched to a person
	// of the organisation; a session caller is the reporter themselves.
	ReporterAddress string
	// ReplyMessageID is the Message-ID of the reporter's own e-mail, so that
	// feedback lands in the same conversation.
	ReplyMessageID string
	Details        Details
}

const maxKeyLength = 500

// Receive saves a report, then analyses and files it. The report, with its
// e-mail, is committed before the analysis starts, so a message that breaks
// the analysis — or a crash — never loses it; a repeated delivery finishes
// the filing that was interrupted and makes no second report.
func (s *Journey) Receive(ctx context.Context, scope vigil.Scope, in Incoming) (Report, error) {
	if err := scope.Require(vigil.CreateReports); err != nil {
		return Report{}, err
	}
	if in.Kind == "" {
		in.Kind = Email
	}
	kind, err := ParseKind(string(in.Kind))
	if err != nil {
		return Report{}, vigil.InvalidFields("Unknown kind of report.", map[string]string{"kind": err.Error()})
	}
	if len(in.Key) > maxKeyLength {
		return Report{}, vigil.InvalidFields("The delivery key is too long.", map[string]string{"key": "up to 500 characters"})
	}
	if kind == Email && !in.TooLarge {
		if err := checkEmailSize(in.Email); err != nil {
			return Report{}, err
		}
	}
	reporterID, err := s.reporterFor(ctx, scope, in.ReporterAddress)
	if err != nil {
		return Report{}, err
	}
	now := store.Now()
	r := Report{ID: store.NewID(), OrgID: scope.OrgID, Kind: kind, Status: Open, Source: in.Source, ReporterID: reporterID,
		Details: in.Details, CreatedAt: now, SentAt: &now, replyMessageID: clean(in.ReplyMessageID, false)}
	if reporterID == "" {
		r.ReporterAddress = org.NormaliseEmail(in.ReporterAddress)
	}
	if in.TooLarge {
		r.AnalysisNote = "The e-mail was larger than 25 MB, so only its header was kept. Find the original in the reporting mailbox, or ask the reporter to forward it without attachments."
	}
	var key, reporter any
	if in.Key != "" {
		key = in.Key
	}
	if reporterID != "" {
		reporter = reporterID
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO reports (id, org_id, kind, status, source, source_key, reporter_id, reporter_address,
			details, analysis_note, reply_message_id, created_at, sent_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12)`,
			r.ID, r.OrgID, r.Kind, r.Status, r.Source, key, reporter, r.ReporterAddress, r.Details.encode(), r.AnalysisNote, r.replyMessageID, now); err != nil {
			return err
		}
		if kind == Email && len(in.Email) > 0 {
			if err := insertRaw(ctx, tx, r.OrgID, r.ID, cleanFileName(in.FileName), in.Email); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "report", EntityID: r.ID,
			Summary: "Received a report: " + kind.Title(), After: map[string]any{"kind": kind, "source": in.Source, "size": len(in.Email)}})
	})
	if err != nil && in.Key != "" && s.db.Dialect.IsUniqueViolation(err) {
		// Delivered before: finish that report's filing if it was cut short.
		var id string
		if err := s.db.QueryRow(ctx, `SELECT id FROM reports WHERE org_id = $1 AND source_key = $2`, scope.OrgID, in.Key).Scan(&id); err != nil {
			return Report{}, fmt.Errorf("find earlier delivery: %w", err)
		}
		return s.file(ctx, scope, id)
	}
	if err != nil {
		return Report{}, fmt.Errorf("save report: %w", err)
	}
	return s.file(ctx, scope, r.ID)
}

// file analyses a received report's e-mail and settles it, once.
func (s *base) file(ctx context.Context, scope vigil.Scope, id string) (Report, error) {
	query := reportSelect(true) + `WHERE r.id = $1 AND r.org_id = $2`
	r, err := s.oneReport(ctx, s.db, query, id, scope.OrgID)
	if err != nil || r.processed {
		return r, err
	}
	settings, err := s.settings(ctx, scope)
	if err != nil {
		return Report{}, err
	}
	a := r.Analysis()
	if r.Kind == Email && a == nil && r.AnalysisNote == "" && r.HasEmail {
		raw, err := s.rawContent(ctx, s.db, r.OrgID, r.ID)
		if err != nil {
			return Report{}, err
		}
		a, r.AnalysisNote = s.analyse(raw, settings.EmailDomains)
	}
	analysis, subject := analysisColumns(a)
	r.Subject = subject
	if r.ReporterID == "" && r.ReporterAddress == "" && a != nil && a.Submission != nil && a.Submission.Submitter != nil {
		// A Microsoft "Report" submission names who reported it.
		if r.ReporterID, err = s.reporterFor(ctx, scope, a.Submission.Submitter.Address); err != nil {
			return Report{}, err
		}
		if r.ReporterID == "" {
			r.ReporterAddress = org.NormaliseEmail(a.Submission.Submitter.Address)
		}
	}
	var reporter any
	if r.ReporterID != "" {
		reporter = r.ReporterID
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if again, err := s.oneReport(ctx, tx, query, id, scope.OrgID); err != nil || again.processed {
			return err // another node filed it meanwhile
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET analysis = $1, subject = $2, analysis_note = $3, reporter_id = $4, reporter_address = $5
			WHERE id = $6 AND org_id = $7`, analysis, r.Subject, r.AnalysisNote, reporter, r.ReporterAddress, r.ID, r.OrgID); err != nil {
			return fmt.Errorf("save analysis: %w", err)
		}
		if err := s.settle(ctx, tx, &r, a, settings.EmailDomains, store.Now()); err != nil {
			return err
		}
		summary := "Filed the report"
		if r.CampaignID != "" {
			summary = "Analysed the reported e-mail and added it to a campaign"
		}
		return audit.Record(ctx, tx, vigil.SystemActor(r.OrgID), audit.Change{Action: "update", EntityType: "report", EntityID: r.ID,
			Summary: summary, After: map[string]any{"campaign": r.CampaignID, "verdict": r.Verdict}})
	})
	if err != nil {
		return Report{}, err
	}
	if r, err = s.oneReport(ctx, s.db, query, id, scope.OrgID); err != nil {
		return Report{}, err
	}
	return s.withName(ctx, scope, r)
}

// reporterFor finds who made a report: the signed-in caller, or the person
// of the organisation whose e-mail address sent it in.
func (s *base) reporterFor(ctx context.Context, scope vigil.Scope, address string) (string, error) {
	if scope.UserID != "" {
		return scope.UserID, nil
	}
	return s.orgs.ActivePersonByEmail(ctx, scope, address)
}

// SenderAddress is the address in the From header of a message (or of just
// its header), or "" when there is none that parses. For a message sent to
// the reporting mailbox — a forward or a Microsoft "Report" submission —
// that is the person reporting.
func SenderAddress(raw []byte) string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	h, _ := r.ReadMIMEHeader() // keeps what was read before any error
	a, err := mail.ParseAddress(h.Get("From"))
	if err != nil {
		return ""
	}
	return org.NormaliseEmail(a.Address)
}
