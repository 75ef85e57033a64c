// Package bulletin holds the "latest tactics" bulletins: short items in
// plain words that tell staff what a lure going round looks like and what
// to do about it. Security analysts write them, or Vigil drafts one when
// analysts judge a campaign of reported e-mails malicious; nothing reaches
// staff until an analyst publishes it. The national centre's analysts may
// publish to every organisation: each sees the bulletin, none can change it.
package bulletin

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Status is where a bulletin is in its life.
type Status string

const (
	Draft     Status = "draft"     // seen by analysts only
	Published Status = "published" // shown to staff from PublishFrom until ExpiresAt
	Withdrawn Status = "withdrawn" // taken down; kept for the record
)

// Label is the status as analysts read it.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Draft"
	case Published:
		return "Published"
	case Withdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Bulletin is one "latest tactics" item.
type Bulletin struct {
	ID          string
	OrgID       string // the organisation that wrote it: the national centre's for a national one
	National    bool   // shown to every organisation
	Title       string
	LooksLike   string   // what the lure looks like, in plain words
	WhatToDo    string   // what staff should do
	Link        string   // a lesson or quick answer of Vigil ("/help/clicked-a-link"), or ""
	Audience    []string // job role codes; empty means everyone
	Status      Status
	PublishFrom *time.Time
	ExpiresAt   *time.Time
	CampaignID  string // the campaign it was drafted from, or ""
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Live says whether staff see the bulletin at now.
func (b Bulletin) Live(now time.Time) bool {
	return b.Status == Published && (b.PublishFrom == nil || !now.Before(*b.PublishFrom)) &&
		(b.ExpiresAt == nil || now.Before(*b.ExpiresAt))
}

// For says whether a person of the job role is in the bulletin's audience;
// "" (Vigil's own work, an API token) is in every audience.
func (b Bulletin) For(jobRole string) bool {
	return len(b.Audience) == 0 || jobRole == "" || slices.Contains(b.Audience, jobRole)
}

// AudienceWords names the audience for people: "Everyone", or the job roles.
func (b Bulletin) AudienceWords() string {
	if len(b.Audience) == 0 {
		return "Everyone"
	}
	names := make([]string, len(b.Audience))
	for i, r := range b.Audience {
		names[i] = org.JobRole(r).Label()
	}
	return strings.Join(names, ", ")
}

// Details are what an analyst writes: the form's fields.
type Details struct {
	Title       string
	LooksLike   string
	WhatToDo    string
	Link        string
	Audience    []string
	PublishFrom string // YYYY-MM-DD, UK date; "" is the day it is published
	ExpiresAt   string // YYYY-MM-DD, UK date; "" is DefaultLife after publishing
	National    bool
}

// Limits keep a bulletin short enough to read on a phone in a break.
const (
	MaxTitleChars = 100
	MaxTextChars  = 600
	MaxLinkChars  = 120
	// DefaultLife is how long a published bulletin shows when no expiry
	// date is given: tactics go stale, and stale warnings teach people to
	// skip them.
	DefaultLife = 28 * 24 * time.Hour
	// MaxLife is the furthest ahead an expiry date may be.
	MaxLife = 366 * 24 * time.Hour
)

var (
	// liveLink finds addresses a phone would make tappable. A bulletin
	// names a lure's domains defanged ("example[.]com") so that nobody can
	// tap their way to it from a warning about it.
	liveLink = regexp.MustCompile(`(?i)(https?://|www\.|hxxps?://\S+\.[a-z])`)
	// vigilLink is a page of Vigil a bulletin may point to.
	vigilLink = regexp.MustCompile(`^/(training/lessons|help)/[a-z0-9]+(-[a-z0-9]+)*$`)
)

// check validates d and answers the dates in UTC. The error is Invalid with
// a message for each field, named as the form names them.
func (d Details) check(now time.Time, loc *time.Location) (from, expires *time.Time, err error) {
	fields := map[string]string{}
	text := func(field, value, missing string, max int) {
		switch v := strings.TrimSpace(value); {
		case v == "":
			fields[field] = missing
		case utf8.RuneCountInString(v) > max:
			fields[field] = "Keep it to " + strconv.Itoa(max) + " characters: staff read this on a phone in a break."
		case liveLink.MatchString(v):
			fields[field] = "Take out the web address. Write a lure's domain with brackets, such as example[.]com, so that nobody can tap it."
		}
	}
	text("title", d.Title, "Give the bulletin a short title, such as “Fake parking fine texts”.", MaxTitleChars)
	text("looks_like", d.LooksLike, "Say what it looks like, so that staff recognise it.", MaxTextChars)
	text("what_to_do", d.WhatToDo, "Say what staff should do.", MaxTextChars)
	if l := strings.TrimSpace(d.Link); l != "" && (len(l) > MaxLinkChars || !vigilLink.MatchString(l)) {
		fields["link"] = "Choose a lesson or a quick answer from the list, or none."
	}
	for _, r := range d.Audience {
		if _, err := org.ParseJobRole(r); err != nil {
			fields["audience"] = "Choose job roles from the list, or none for everyone."
		}
	}
	from, err1 := parseDate(d.PublishFrom, loc)
	if err1 != nil {
		fields["publish_from"] = "Enter the date as year-month-day, such as 2026-12-01, or leave it empty to publish at once."
	}
	expires, err2 := parseDate(d.ExpiresAt, loc)
	switch {
	case err2 != nil:
		fields["expires_at"] = "Enter the date as year-month-day, such as 2026-12-31, or leave it empty for four weeks."
	case expires != nil && !expires.After(now):
		fields["expires_at"] = "The expiry date must be in the future."
	case expires != nil && from != nil && !expires.After(*from):
		fields["expires_at"] = "The expiry date must be after the date it starts showing."
	case expires != nil && expires.Sub(now) > MaxLife:
		fields["expires_at"] = "The expiry date can be at most a year ahead: tactics change."
	}
	if len(fields) > 0 {
		return nil, nil, vigil.InvalidFields("There is a problem with the bulletin.", fields)
	}
	return from, expires, nil
}

// parseDate reads a YYYY-MM-DD date as the start of that day in loc.
func parseDate(s string, loc *time.Location) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if len(s) > len("2006-01-02") {
		return nil, vigil.Errorf(vigil.Invalid, "not a date")
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return nil, err
	}
	t = t.UTC()
	return &t, nil
}
