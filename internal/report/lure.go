package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Lure is what a campaign judged malicious looked like, for a warning to
// staff in plain words. It never carries a live link or the message
// itself: domains are defanged (evil[.]example) and the subject is its
// pattern (lower case, numbers as #, punctuation gone).
type Lure struct {
	CampaignID     string
	SenderDomain   string   // defanged; "" when it says nothing (a big mail provider, our own)
	SubjectPattern string   // "" when the subject is too short to tell lures apart
	LinkDomains    []string // defanged, distinctive ones only, at most maxLinkKeys
	Reports        int      // how many reports the campaign holds
	Attachment     bool     // the e-mail carried an attachment
	// Organisations is, for a lure the national centre judged, how many
	// organisations' staff reported it; 0 for one organisation's campaign.
	Organisations int
}

// LureDrafter hears of a campaign judged malicious, in the transaction
// that judged it, so that a draft warning is written with the verdict or
// not at all. Training's bulletins are one.
type LureDrafter interface {
	DraftFromLure(ctx context.Context, tx *store.Tx, scope vigil.Scope, l Lure) error
}

// DraftBulletinsWith has every campaign newly judged malicious drafted as
// a warning to staff by d.
func (s *Triage) DraftBulletinsWith(d LureDrafter) { s.drafter = d }

// describeLure says what a campaign's e-mail looked like, from its first
// report's analysis.
func describeLure(c Campaign, a *email.Analysis, own []string) Lure {
	l := Lure{CampaignID: c.ID, Reports: c.Reports}
	if a == nil {
		return l
	}
	if a.From != nil && distinctive(a.From.Domain, own) {
		l.SenderDomain = email.DefangDomain(a.From.Domain)
	}
	if s := normaliseSubject(a.Subject); len(s) >= minSubjectLength {
		l.SubjectPattern = s
	}
	seen := map[string]bool{}
	for _, u := range a.URLs {
		if len(l.LinkDomains) < maxLinkKeys && distinctive(u.Domain, own) && !seen[u.Domain] {
			seen[u.Domain] = true
			l.LinkDomains = append(l.LinkDomains, email.DefangDomain(u.Domain))
		}
	}
	for _, at := range a.Attachments {
		l.Attachment = l.Attachment || !at.Inline
	}
	return l
}

// nationalLure says what a national campaign looked like, from the match
// keys the organisations' reports share. Its drafts are national ones.
func nationalLure(n NationalCampaign) Lure {
	l := Lure{CampaignID: n.ID, Reports: n.Reports, Organisations: n.Organisations()}
	for _, k := range n.keys {
		kind, value, _ := strings.Cut(k, ":")
		switch {
		case kind+":" == keySender && l.SenderDomain == "":
			l.SenderDomain = email.DefangDomain(value)
		case kind+":" == keySubject && l.SubjectPattern == "":
			l.SubjectPattern = value
		case kind+":" == keyLink && len(l.LinkDomains) < maxLinkKeys:
			l.LinkDomains = append(l.LinkDomains, email.DefangDomain(value))
		case kind+":" == keyAttachment:
			l.Attachment = true
		}
	}
	return l
}

// draftWarning hands a campaign newly judged malicious to the drafter.
func (s *Triage) draftWarning(ctx context.Context, tx *store.Tx, scope vigil.Scope, c Campaign, a *email.Analysis) error {
	if s.drafter == nil {
		return nil
	}
	o, err := s.orgs.Organisation(ctx, scope, scope.OrgID)
	if err != nil {
		return fmt.Errorf("read the organisation's mail domains: %w", err)
	}
	return s.drafter.DraftFromLure(ctx, tx, scope, describeLure(c, a, o.Settings.EmailDomains))
}
