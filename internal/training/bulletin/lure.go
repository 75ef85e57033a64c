package bulletin

import (
	"context"
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// DraftFromLure drafts a bulletin about a campaign just judged malicious,
// in the transaction that judged it. It stays a draft until an analyst
// reads it and publishes it: Vigil never warns all staff on its own.
func (s *Bulletins) DraftFromLure(ctx context.Context, tx *store.Tx, scope vigil.Scope, l report.Lure) error {
	now := s.clock().UTC()
	b := Bulletin{ID: store.NewID(), OrgID: scope.OrgID, Status: Draft, CampaignID: l.CampaignID, CreatedBy: "Vigil",
		CreatedAt: now, UpdatedAt: now, Link: "/help/suspicious-email"}
	b.Title, b.LooksLike, b.WhatToDo = describe(l)
	b.National = l.Organisations > 0 // the centre's draft is for every organisation, once published
	return s.insert(ctx, tx, scope.Actor(), b, fmt.Sprintf("Drafted a bulletin from a campaign judged malicious (%d reports)", l.Reports))
}

// describe words a lure for staff. Domains arrive defanged; the subject is
// a pattern, never the message's own words in full.
func describe(l report.Lure) (title, looksLike, whatToDo string) {
	title = "Scam e-mails going round"
	if l.SenderDomain != "" {
		title = "Scam e-mails from " + l.SenderDomain
	}
	var parts []string
	if l.Organisations > 0 {
		parts = append(parts, fmt.Sprintf("Staff in %d organisations have reported %s of this scam e-mail.", l.Organisations, copies(l.Reports)))
	} else {
		parts = append(parts, fmt.Sprintf("Staff here have reported %s of this scam e-mail.", copies(l.Reports)))
	}
	if l.SenderDomain != "" {
		parts = append(parts, "It comes from an address ending "+l.SenderDomain+".")
	}
	if l.SubjectPattern != "" {
		parts = append(parts, "The subject reads like “"+l.SubjectPattern+"” (# stands for a number that changes).")
	}
	if len(l.LinkDomains) > 0 {
		parts = append(parts, "Its links go to "+strings.Join(l.LinkDomains, ", ")+".")
	}
	if l.Attachment {
		parts = append(parts, "It has an attachment.")
	}
	looksLike = strings.Join(parts, " ")
	whatToDo = "Do not click its links, open its attachment or reply. Report it in Vigil, then delete it. " +
		"If you already clicked or typed your password, call the IT service desk now: you will not be in trouble."
	if len([]rune(looksLike)) > MaxTextChars {
		looksLike = string([]rune(looksLike)[:MaxTextChars-1]) + "…"
	}
	return title, looksLike, whatToDo
}

func copies(n int) string {
	if n == 1 {
		return "a copy"
	}
	return fmt.Sprintf("%d copies", n)
}
