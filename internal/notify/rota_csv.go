package notify

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Limits on a rota file.
const (
	MaxRotaCSVBytes = 32 << 10 // far more than MaxRotaPeople addresses need
	maxEmailLength  = 254
)

// RotaCSVLine is one person of a rota file: their e-mail address and the
// line it was on, for errors.
type RotaCSVLine struct {
	Line  int
	Email string
}

// ParseRotaCSV reads a rota file: one e-mail address a line, in the order
// people take shifts, optionally under a header line "email"; a second
// column (a name, say) is ignored. Blank lines are skipped. Every problem
// is reported, each under "line N, email".
func ParseRotaCSV(r io.Reader) ([]RotaCSVLine, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRotaCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read the rota file: %w", err)
	}
	if len(data) > MaxRotaCSVBytes {
		return nil, vigil.InvalidFields("The rota file is too large.", map[string]string{"file": fmt.Sprintf("a rota file may be at most %d KB", MaxRotaCSVBytes>>10)})
	}
	cr := csv.NewReader(strings.NewReader(string(data)))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	problems := map[string]string{}
	seen := map[string]int{}
	var out []RotaCSVLine
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems[fmt.Sprintf("line %d", pe.Line)] = "has a stray or unclosed quote mark"
			break // the reader cannot find where the next line starts
		}
		if err != nil {
			return nil, fmt.Errorf("read the rota file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		email := strings.TrimSpace(rec[0])
		if email == "" && len(rec) == 1 {
			continue
		}
		if len(out) == 0 && len(problems) == 0 && strings.EqualFold(email, "email") {
			continue // the header
		}
		where := fmt.Sprintf("line %d, email", line)
		switch addr, perr := mail.ParseAddress(email); {
		case email == "":
			problems[where] = "is empty: give the person's e-mail address"
		case len(email) > maxEmailLength:
			problems[where] = fmt.Sprintf("is longer than %d characters", maxEmailLength)
		case perr != nil || addr.Address != email:
			problems[where] = "is not an e-mail address such as aisha.begum@nhs.net"
		case seen[strings.ToLower(email)] > 0:
			problems[where] = fmt.Sprintf("is on line %d already: each person once", seen[strings.ToLower(email)])
		default:
			seen[strings.ToLower(email)] = line
			out = append(out, RotaCSVLine{Line: line, Email: email})
		}
		if len(out)+len(problems) > MaxRotaPeople {
			problems["file"] = fmt.Sprintf("a rota may have at most %d people", MaxRotaPeople)
			break
		}
	}
	if len(problems) > 0 {
		return nil, vigil.InvalidFields("Check the rota file.", problems)
	}
	if len(out) == 0 {
		return nil, vigil.InvalidFields("Check the rota file.", map[string]string{"file": "has no e-mail addresses"})
	}
	return out, nil
}

// RotaPeopleFromCSV reads a rota file and finds each person in the caller's
// organisation, answering their ids in the file's order; whether each may
// be on call is SetRota's to say.
func (s *Service) RotaPeopleFromCSV(ctx context.Context, scope vigil.Scope, r io.Reader) ([]string, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return nil, err
	}
	lines, err := ParseRotaCSV(r)
	if err != nil {
		return nil, err
	}
	lookup := vigil.SystemScope(scope.Org(), "On-call rota", []vigil.Role{vigil.OrgAdmin})
	problems := map[string]string{}
	ids := make([]string, 0, len(lines))
	for _, l := range lines {
		id, _, err := s.orgs.ActivePersonByEmail(ctx, lookup, l.Email)
		if err != nil {
			return nil, err
		}
		if id == "" {
			problems[fmt.Sprintf("line %d, email", l.Line)] = "nobody in your organisation with an active account has this address"
			continue
		}
		ids = append(ids, id)
	}
	if len(problems) > 0 {
		return nil, vigil.InvalidFields("Check the rota file.", problems)
	}
	return ids, nil
}
