package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Feedback e-mails wait in an outbox written by the same transaction as the
// verdict, so a verdict is never given without its e-mail being owed, and
// go out from there. Several Vigil nodes may send at once: each claims an
// e-mail by moving its next attempt into the future before sending it.
const (
	outboxPending = "pending"
	outboxSent    = "sent"
	outboxFailed  = "failed"

	// maxAttempts is how often an e-mail is tried before it is given up.
	maxAttempts = 6
	// claimFor is how long a claim lasts: a node that dies mid-send leaves
	// the e-mail to be claimed again after this.
	claimFor = 10 * time.Minute
	// outboxBatch is how many e-mails one call sends at most.
	outboxBatch = 50
)

// Outbox sends the feedback e-mails waiting in it.
type Outbox struct {
	*base
	templates *feedback.Templates
	sender    feedback.Sender
	baseURL   string // how people reach Vigil, for the link to My reports
}

// NewOutbox returns the outbox on db, sending through sender.
func NewOutbox(db *store.DB, orgs *org.Store, templates *feedback.Templates, sender feedback.Sender, baseURL string) *Outbox {
	return &Outbox{base: &base{db: db, orgs: orgs}, templates: templates, sender: sender, baseURL: baseURL}
}

// Flush sends every feedback e-mail that is due and answers how many went.
// A failed e-mail is tried again later, with a growing wait.
func (m *Outbox) Flush(ctx context.Context, now time.Time) (int, error) {
	sent, err := m.db.EachID(ctx, func(ctx context.Context, id string) (bool, error) { return m.sendOne(ctx, id, now) },
		`SELECT id FROM report_feedback WHERE status = $1 AND next_at <= $2 ORDER BY id LIMIT $3`, outboxPending, now, outboxBatch)
	if err != nil {
		return sent, fmt.Errorf("send feedback e-mails: %w", err)
	}
	return sent, nil
}

// outboxItem is one feedback e-mail with what it needs to be written.
type outboxItem struct {
	id, orgID, reportID string
	verdict             feedback.Verdict
	attempts            int
	to, name            string
	orgName             string
	settings            org.Settings
	report              Report
}

func (m *Outbox) sendOne(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := m.db.Exec(ctx, `UPDATE report_feedback SET next_at = $1, attempts = attempts + 1 WHERE id = $2 AND status = $3 AND next_at <= $4`,
		now.Add(claimFor), id, outboxPending, now)
	if err != nil {
		return false, fmt.Errorf("claim feedback e-mail: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // another node has it
	}
	it, err := m.load(ctx, id)
	if err != nil {
		return false, err
	}
	msg, err := m.compose(it)
	if err == nil {
		err = m.sender.Send(ctx, msg)
	}
	if err != nil {
		return false, m.failed(ctx, it, err, now)
	}
	return true, m.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE report_feedback SET status = $1, sent_at = $2, last_error = '' WHERE id = $3`, outboxSent, store.Now(), id); err != nil {
			return fmt.Errorf("mark feedback sent: %w", err)
		}
		return audit.Record(ctx, tx, vigil.SystemActor(it.orgID), audit.Change{Action: "notify", EntityType: "report", EntityID: it.reportID,
			Summary: "E-mailed the reporter: " + string(it.verdict)})
	})
}

func (m *Outbox) load(ctx context.Context, id string) (outboxItem, error) {
	it := outboxItem{id: id}
	var details, reporterID string
	err := m.db.QueryRow(ctx, `SELECT f.org_id, f.report_id, f.verdict, f.attempts, COALESCE(r.reporter_id, ''),
			r.kind, r.subject, r.details, r.verdict_note, r.reply_message_id, r.anonymous
		FROM report_feedback f JOIN reports r ON r.id = f.report_id
		WHERE f.id = $1`, id).Scan(&it.orgID, &it.reportID, &it.verdict, &it.attempts, &reporterID,
		&it.report.Kind, &it.report.Subject, &details, &it.report.VerdictNote, &it.report.replyMessageID, &it.report.Anonymous)
	if err != nil {
		return it, fmt.Errorf("load feedback e-mail %s: %w", id, err)
	}
	it.report.Details = decodeDetails(details)
	o, err := m.orgs.OrganisationByID(ctx, it.orgID)
	if err != nil {
		return it, fmt.Errorf("load feedback e-mail %s: %w", id, err)
	}
	it.orgName, it.settings = o.Name, o.Settings
	people, err := m.orgs.Contacts(ctx, o.System("Feedback e-mails"), []string{reporterID})
	if err != nil {
		return it, fmt.Errorf("load feedback e-mail %s: %w", id, err)
	}
	if p, ok := people[reporterID]; ok && !p.Disabled {
		it.to, it.name = p.Email, p.Name
	}
	return it, nil
}

func (m *Outbox) compose(it outboxItem) (feedback.Message, error) {
	if it.to == "" || it.report.Anonymous {
		return feedback.Message{}, vigil.Errorf(vigil.Invalid, "the reporter can no longer be written to")
	}
	settings := it.settings
	f := feedback.Feedback{
		Verdict: it.verdict, To: it.to, FirstName: firstName(it.name), Organisation: it.orgName,
		ServiceDeskPhone: settings.ServiceDeskPhone, Kind: it.report.Noun(), Subject: it.report.Subject,
		Clicked: it.report.Clicked(), InReplyTo: it.report.replyMessageID,
	}
	if it.verdict != feedback.Acknowledged {
		f.AnalystNote = it.report.VerdictNote
	}
	if m.baseURL != "" {
		f.MyReportsURL = strings.TrimSuffix(m.baseURL, "/") + MyReportsPath
	}
	return m.templates.Compose(f)
}

// failed records a failure: the e-mail is tried again after a wait that
// grows with each attempt, and given up after maxAttempts — or at once when
// it can never be written, such as for a person who has left.
func (m *Outbox) failed(ctx context.Context, it outboxItem, cause error, now time.Time) error {
	status, next := outboxPending, now.Add(time.Duration(it.attempts*it.attempts)*time.Minute)
	if it.attempts >= maxAttempts || feedback.IsPermanent(cause) {
		status = outboxFailed
	}
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	if _, err := m.db.Exec(ctx, `UPDATE report_feedback SET status = $1, next_at = $2, last_error = $3 WHERE id = $4`,
		status, next, msg, it.id); err != nil {
		return errors.Join(cause, fmt.Errorf("record feedback failure: %w", err))
	}
	return fmt.Errorf("feedback e-mail for report %s: %w", it.reportID, cause)
}

// firstName is how the feedback greets someone: "Hello Grace".
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		if (f[0] == "Dr" || f[0] == "Dr.") && len(f) > 1 {
			return "" // "Hello Dr" reads oddly, and "Hello Sarah" may be too familiar: just "Hello,"
		}
		return f[0]
	}
	return ""
}
