package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Two reported e-mails are one campaign when they share any match key: the
// same message, an attachment with the same SHA-256, a link to the same
// registrable domain, the same sender domain, or the same normalised
// subject. Keys that many unrelated e-mails share — big mail and cloud
// providers, the organisation's own domains, short subjects — are left out,
// or every report would end up in one campaign.
const (
	keyMessage    = "message:"
	keyAttachment = "attachment:"
	keyLink       = "link:"
	keySender     = "sender:"
	keySubject    = "subject:"

	// maxLinkKeys caps the link domains one e-mail contributes: a newsletter
	// links to dozens, and one is enough to match.
	maxLinkKeys = 10
	// minSubjectWords and minSubjectLength keep "Invoice" and "Hello" from
	// joining unrelated e-mails.
	minSubjectWords  = 3
	minSubjectLength = 15
)

// sharedDomains belong to providers whose mail and links carry everyone's
// messages, good and bad alike, so they say nothing about who sent one.
var sharedDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "hotmail.co.uk": true,
	"live.com": true, "live.co.uk": true, "msn.com": true, "yahoo.com": true, "yahoo.co.uk": true,
	"icloud.com": true, "me.com": true, "aol.com": true, "proton.me": true, "protonmail.com": true,
	"gmx.com": true, "mail.com": true, "btinternet.com": true, "sky.com": true, "virginmedia.com": true,
	"nhs.net": true, "nhs.uk": true, "gov.uk": true,
	"google.com": true, "microsoft.com": true, "office.com": true, "office365.com": true, "microsoftonline.com": true,
	"sharepoint.com": true, "onmicrosoft.com": true, "windows.net": true, "live.net": true, "1drv.ms": true,
	"amazonaws.com": true, "cloudfront.net": true, "dropbox.com": true, "apple.com": true, "facebook.com": true,
	"linkedin.com": true, "twitter.com": true, "x.com": true, "youtube.com": true, "w3.org": true,
	"bit.ly": true, "tinyurl.com": true, "t.co": true, "forms.gle": true, "goo.gl": true,
}

// matchKeys lists the keys that tie a reported e-mail to others like it.
func matchKeys(a *email.Analysis, own []string) []string {
	if a == nil {
		return nil
	}
	var keys []string
	add := func(k string) {
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	if a.SHA256 != "" {
		add(keyMessage + a.SHA256)
	}
	for _, at := range a.Attachments {
		if !at.Inline && at.SHA256 != "" && at.Size > 0 {
			add(keyAttachment + at.SHA256)
		}
	}
	links := 0
	for _, u := range a.URLs {
		if links < maxLinkKeys && distinctive(u.Domain, own) {
			add(keyLink + u.Domain)
			links++
		}
	}
	if a.From != nil && distinctive(a.From.Domain, own) {
		add(keySender + a.From.Domain)
	}
	if s := normaliseSubject(a.Subject); len(strings.Fields(s)) >= minSubjectWords && len(s) >= minSubjectLength {
		add(keySubject + s)
	}
	return keys
}

// distinctive says whether a domain can tell one campaign from another.
func distinctive(domain string, own []string) bool {
	d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(domain), "."))
	if d == "" || sharedDomains[d] {
		return false
	}
	for _, o := range own {
		o = strings.ToLower(strings.TrimSpace(o))
		if o != "" && (d == o || strings.HasSuffix(d, "."+o)) {
			return false
		}
	}
	return true
}

// subjectPrefixes are added by mail clients and gateways, not by the sender.
var subjectPrefixes = []string{"re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "[external]", "external:", "*external*", "[ext]", "caution:", "[suspicious]"}

// normaliseSubject makes the subjects of one campaign's e-mails equal:
// lower case, without reply and forward prefixes or gateway tags, with each
// run of digits (invoice numbers, dates) as one #, punctuation as spaces.
func normaliseSubject(subject string) string {
	s := strings.ToLower(strings.TrimSpace(subject))
	for trimmed := true; trimmed; {
		trimmed = false
		for _, p := range subjectPrefixes {
			if strings.HasPrefix(s, p) {
				s, trimmed = strings.TrimSpace(s[len(p):]), true
			}
		}
	}
	var b strings.Builder
	inDigits := false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			if !inDigits {
				b.WriteRune('#')
			}
			inDigits = true
			continue
		case unicode.IsLetter(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
		inDigits = false
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// takeClusterTurn makes a transaction wait its organisation's turn to
// cluster: on PostgreSQL two reports of a new campaign filed at once would
// otherwise each start a campaign. The turn lasts until the transaction ends.
func takeClusterTurn(ctx context.Context, tx *store.Tx, orgID string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO report_cluster_locks (org_id, turns) VALUES ($1, 1)
		ON CONFLICT (org_id) DO UPDATE SET turns = report_cluster_locks.turns + 1`, orgID); err != nil {
		return fmt.Errorf("take clustering turn: %w", err)
	}
	return nil
}

func campaignTitle(r Report, a *email.Analysis) string {
	if t := strings.TrimSpace(r.Subject); t != "" {
		return t
	}
	if a == nil {
		return "An e-mail Vigil could not read"
	}
	if a.From != nil {
		return "No subject, from " + a.From.Domain
	}
	return "No subject"
}

const campaignSelect = `SELECT c.id, c.org_id, c.title, c.sender_domain, c.verdict, c.verdict_note, c.decided_by, c.decided_at,
		c.alert_text, c.alert_published_at, c.created_at, c.last_report_at,
		(SELECT count(*) FROM reports r WHERE r.campaign_id = c.id AND r.status <> 'draft'),
		(SELECT count(DISTINCT r.reporter_id) FROM reports r WHERE r.campaign_id = c.id AND r.status <> 'draft')
	FROM report_campaigns c `

func scanCampaign(row interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	var decided, published sql.NullTime
	err := row.Scan(&c.ID, &c.OrgID, &c.Title, &c.SenderDomain, &c.Verdict, &c.VerdictNote, &c.DecidedBy, &decided,
		&c.WarningText, &published, &c.CreatedAt, &c.LastReportAt, &c.Reports, &c.Reporters)
	c.DecidedAt, c.WarningPublishedAt = utcPtr(decided), utcPtr(published)
	c.CreatedAt, c.LastReportAt = c.CreatedAt.UTC(), c.LastReportAt.UTC()
	return c, err
}

var errNoCampaign = vigil.Errorf(vigil.NotFound, "There is no such campaign in your organisation.")

func (s *base) campaign(ctx context.Context, q store.Querier, orgID, id string) (Campaign, error) {
	c, err := scanCampaign(q.QueryRow(ctx, campaignSelect+`WHERE c.id = $1 AND c.org_id = $2`, id, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, errNoCampaign
	}
	if err != nil {
		return Campaign{}, fmt.Errorf("load campaign: %w", err)
	}
	return c, nil
}

// Campaign returns one campaign of the caller's organisation.
func (s *Triage) Campaign(ctx context.Context, scope vigil.Scope, id string) (Campaign, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Campaign{}, err
	}
	return s.campaign(ctx, s.db, scope.OrgID, id)
}

// CampaignFilter narrows the list of campaigns.
type CampaignFilter struct {
	Page
	Open    bool // only campaigns still waiting for a verdict
	Decided bool // only campaigns with a verdict
}

// Campaigns lists the organisation's campaigns, the most recently started first.
func (s *Triage) Campaigns(ctx context.Context, scope vigil.Scope, f CampaignFilter) ([]Campaign, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return nil, err
	}
	f.Page = f.Page.norm()
	q := campaignSelect + `WHERE c.org_id = $1 AND c.id < $2`
	switch {
	case f.Open:
		q += ` AND c.verdict = ''`
	case f.Decided:
		q += ` AND c.verdict <> ''`
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY c.id DESC LIMIT $3`, scope.OrgID, f.Before, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, fmt.Errorf("read campaign: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
