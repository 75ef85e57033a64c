package report

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// NationalVerdict is the national centre's judgement of a lure. A malicious
// one with a warning shows on the home page of every organisation whose
// staff reported the lure, including those who report it after the verdict.
type NationalVerdict struct {
	ID          string
	Verdict     Verdict
	Note        string
	WarningText string
	DecidedBy   string
	DecidedAt   time.Time
}

// NationalDecision is what the centre decides about a national campaign.
type NationalDecision struct {
	Verdict     Verdict // Malicious, Spam or Safe
	Note        string  // for the organisations' analysts
	WarningText string  // for all their staff; only with Malicious
}

// nationalVerdictLife is how long a national verdict keeps applying to new
// reports of the same lure: longer than NationalWindow, so that a lure that
// returns within it is still recognised.
const nationalVerdictLife = 3 * NationalWindow

var errNoNationalCampaign = vigil.Errorf(vigil.NotFound, "There is no lure with that number reported in more than one organisation in the last 30 days.")

// NationalCampaigns lists the lures reported in more than one organisation
// recently, those reaching most organisations first.
func (s *Triage) NationalCampaigns(ctx context.Context, scope vigil.Scope, now time.Time) ([]NationalCampaign, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	keys, err := s.nationalKeys(ctx, now)
	if err != nil {
		return nil, err
	}
	groups := groupNational(keys)
	if len(groups) == 0 {
		return nil, nil
	}
	out, err := s.describeNational(ctx, scope, groups, now)
	if err != nil {
		return nil, err
	}
	sortNational(out)
	return out, nil
}

// NationalCampaign returns one national campaign by its id.
func (s *Triage) NationalCampaign(ctx context.Context, scope vigil.Scope, id string, now time.Time) (NationalCampaign, error) {
	all, err := s.NationalCampaigns(ctx, scope, now)
	if err != nil {
		return NationalCampaign{}, err
	}
	for _, n := range all {
		if n.ID == id {
			return n, nil
		}
	}
	return NationalCampaign{}, errNoNationalCampaign
}

// describeNational fills in the national campaigns' members, clues and verdicts.
func (s *Triage) describeNational(ctx context.Context, scope vigil.Scope, groups [][]memberKey, now time.Time) ([]NationalCampaign, error) {
	orgs, err := s.orgs.Organisations(ctx, scope)
	if err != nil {
		return nil, err
	}
	verdicts, err := s.nationalVerdicts(ctx, s.db, now)
	if err != nil {
		return nil, err
	}
	var out []NationalCampaign
	for _, g := range groups {
		n := NationalCampaign{ID: g[0].campaignID}
		seen := map[string]bool{}
		for _, k := range g {
			n.ID = min(n.ID, k.campaignID)
			if !seen[k.key] {
				seen[k.key] = true
				n.keys = append(n.keys, k.key)
				n.Clues = append(n.Clues, clueOf(k.key))
			}
			if !seen[k.campaignID] {
				seen[k.campaignID] = true
				c, err := s.campaign(ctx, s.db, k.orgID, k.campaignID)
				if err != nil {
					return nil, err
				}
				m := NationalMember{OrgID: c.OrgID, CampaignID: c.ID, Title: c.Title, Verdict: c.Verdict, Reports: c.Reports, LastReportAt: c.LastReportAt}
				for _, o := range orgs {
					if o.ID == c.OrgID {
						m.OrgName, m.OrgCode = o.Name, o.Code
					}
				}
				n.Members = append(n.Members, m)
				n.Reports += c.Reports
				if n.FirstSeen.IsZero() || c.CreatedAt.Before(n.FirstSeen) {
					n.FirstSeen, n.Title = c.CreatedAt, c.Title
				}
				n.LastSeen = later(n.LastSeen, c.LastReportAt)
			}
		}
		n.Verdict = newestFor(verdicts, n.keys)
		out = append(out, n)
	}
	return out, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// storedVerdict is a national verdict with the keys it was given for.
type storedVerdict struct {
	NationalVerdict
	keys map[string]bool
}

// newestFor is the newest verdict given for any of keys.
func newestFor(verdicts []storedVerdict, keys []string) *NationalVerdict {
	for _, v := range verdicts { // newest first
		for _, k := range keys {
			if v.keys[k] {
				found := v.NationalVerdict
				return &found
			}
		}
	}
	return nil
}

// nationalVerdicts reads the verdicts still in force, newest first.
func (s *base) nationalVerdicts(ctx context.Context, q store.Querier, now time.Time) ([]storedVerdict, error) {
	rows, err := q.Query(ctx, `SELECT v.id, v.verdict, v.note, v.warning_text, v.decided_by, v.decided_at, k.match_key
		FROM national_verdicts v JOIN national_verdict_keys k ON k.verdict_id = v.id
		WHERE v.decided_at > $1 ORDER BY v.decided_at DESC, v.id DESC`, now.Add(-nationalVerdictLife))
	if err != nil {
		return nil, fmt.Errorf("read national verdicts: %w", err)
	}
	defer rows.Close()
	var out []storedVerdict
	for rows.Next() {
		var v NationalVerdict
		var key string
		if err := rows.Scan(&v.ID, &v.Verdict, &v.Note, &v.WarningText, &v.DecidedBy, &v.DecidedAt, &key); err != nil {
			return nil, fmt.Errorf("read national verdict: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != v.ID {
			v.DecidedAt = v.DecidedAt.UTC()
			out = append(out, storedVerdict{NationalVerdict: v, keys: map[string]bool{}})
		}
		out[len(out)-1].keys[key] = true
	}
	return out, rows.Err()
}

// DecideNationally records the centre's verdict on a national campaign. A
// malicious verdict with a warning warns the staff of every organisation
// that reported the lure; the organisations' own verdicts do not change, and
// each organisation's audit trail records that its staff were warned.
func (s *Triage) DecideNationally(ctx context.Context, scope vigil.Scope, id string, d NationalDecision, now time.Time) (NationalVerdict, error) {
	if err := scope.Require(vigil.WarnAcrossOrgs); err != nil {
		return NationalVerdict{}, err
	}
	if err := d.check(); err != nil {
		return NationalVerdict{}, err
	}
	n, err := s.NationalCampaign(ctx, scope, id, now)
	if err != nil {
		return NationalVerdict{}, err
	}
	v := NationalVerdict{ID: store.NewID(), Verdict: d.Verdict, Note: clean(d.Note, true), WarningText: clean(d.WarningText, false),
		DecidedBy: scope.Name, DecidedAt: now.UTC()}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO national_verdicts (id, campaign_id, title, verdict, note, warning_text, org_id, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, v.ID, n.ID, n.Title, v.Verdict, v.Note, v.WarningText, scope.OrgID, v.DecidedBy, v.DecidedAt); err != nil {
			return fmt.Errorf("record national verdict: %w", err)
		}
		var keys rowsOf
		for _, k := range n.keys {
			keys.add(v.ID, k)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO national_verdict_keys (verdict_id, match_key) VALUES `+keys.values(), keys.args...); err != nil {
			return fmt.Errorf("record national verdict keys: %w", err)
		}
		if v.Verdict == Malicious && s.drafter != nil && (n.Verdict == nil || n.Verdict.Verdict != Malicious) {
			if err := s.drafter.DraftFromLure(ctx, tx, scope, nationalLure(n)); err != nil {
				return err
			}
		}
		return audit.RecordEach(ctx, tx, nationalAudit(scope, n, v))
	})
	if err != nil {
		return NationalVerdict{}, err
	}
	return v, nil
}

// nationalAudit records the verdict in the centre's trail and, where staff
// are warned, in every member organisation's.
func nationalAudit(scope vigil.Scope, n NationalCampaign, v NationalVerdict) []audit.Entry {
	after := map[string]any{"verdict": v.Verdict, "note": v.Note, "warning_text": v.WarningText, "organisations": n.Organisations()}
	entries := []audit.Entry{{Actor: scope.Actor(), Change: audit.Change{Action: "decide", EntityType: "national-campaign", EntityID: n.ID,
		Summary: fmt.Sprintf("Judged the lure %q, reported in %d organisations, as %s", n.Title, n.Organisations(), v.Verdict.Label()), After: after}}}
	if v.WarningText == "" {
		return entries
	}
	for _, m := range n.Members {
		actor := vigil.Actor{OrgID: m.OrgID, ID: scope.Actor().ID, Label: scope.Actor().Label + " (" + scope.Org().Name + ")"}
		entries = append(entries, audit.Entry{Actor: actor, Change: audit.Change{Action: "publish", EntityType: "campaign", EntityID: m.CampaignID,
			Summary: "The national centre warned all staff about the campaign " + m.Title, After: map[string]any{"alert_text": v.WarningText}}})
	}
	return entries
}

func (d NationalDecision) check() error {
	fields := map[string]string{}
	switch d.Verdict {
	case Malicious, Spam, Safe:
	default:
		fields["verdict"] = "Choose whether this is a real scam or attack, unwanted bulk mail, or safe."
	}
	text := strings.TrimSpace(d.WarningText)
	switch {
	case text != "" && d.Verdict != Malicious:
		fields["warning_text"] = "Only a real scam or attack can be shown to staff. Leave the warning empty."
	case utf8.RuneCountInString(text) > MaxWarningLength:
		fields["warning_text"] = fmt.Sprintf("Write a short warning for all staff, up to %d characters.", MaxWarningLength)
	}
	if utf8.RuneCountInString(d.Note) > maxLongAnswer {
		fields["note"] = "Keep the note under 4,000 characters."
	}
	if len(fields) > 0 {
		return vigil.InvalidFields("The verdict was not saved.", fields)
	}
	return nil
}

// nationalWarnings are the centre's warnings about lures the organisation's
// staff have reported, newest first.
func (s *base) nationalWarnings(ctx context.Context, orgID string, now time.Time) ([]Warning, error) {
	rows, err := s.db.Query(ctx, `SELECT v.campaign_id, v.title, v.warning_text, v.decided_at FROM national_verdicts v
		WHERE v.verdict = $1 AND v.warning_text <> '' AND v.decided_at > $2
		AND v.id = (SELECT newest.id FROM national_verdicts newest WHERE newest.campaign_id = v.campaign_id ORDER BY newest.decided_at DESC, newest.id DESC LIMIT 1)
		AND EXISTS (SELECT 1 FROM national_verdict_keys k JOIN report_campaign_keys own ON own.match_key = k.match_key
			WHERE k.verdict_id = v.id AND own.org_id = $3)
		ORDER BY v.decided_at DESC LIMIT 5`, Malicious, now.Add(-WarningLifetime), orgID)
	if err != nil {
		return nil, fmt.Errorf("list national warnings: %w", err)
	}
	defer rows.Close()
	var out []Warning
	for rows.Next() {
		var w Warning
		var at sql.NullTime
		if err := rows.Scan(&w.CampaignID, &w.Title, &w.Text, &at); err != nil {
			return nil, fmt.Errorf("read national warning: %w", err)
		}
		w.PublishedAt, w.National = at.Time.UTC(), true
		out = append(out, w)
	}
	return out, rows.Err()
}
