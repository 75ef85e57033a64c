package report_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestParseDetailsChecksEachAnswer(t *testing.T) {
	cases := []struct {
		name     string
		kind     report.Kind
		form     map[string][]string
		want     report.Details
		problems []string // fields with a problem
	}{
		{"complete call", report.CallOrText,
			map[string][]string{"channel": {"call"}, "number": {" 07700 900123 "}, "asked": {"My smartcard PIN"}, "gave": {"no"}, "colour": {"blue"}},
			report.Details{"channel": "call", "number": "07700 900123", "asked": "My smartcard PIN", "gave": "no"}, nil},
		{"everything missing", report.CallOrText, nil, nil, []string{"asked", "channel", "gave"}},
		{"an answer that was not offered", report.Email, map[string][]string{"clicked": {"maybe"}}, nil, []string{"clicked"}},
		{"two answers to a one-answer question", report.Email, map[string][]string{"clicked": {"yes", "no"}}, nil, []string{"clicked"}},
		{"checkboxes", report.Clicked,
			map[string][]string{"did": {"link", "password", "link"}, "when": {"just now"}},
			report.Details{"did": "link,password", "when": "just now"}, nil},
		{"too long", report.Other, map[string][]string{"what": {strings.Repeat("a", 4001)}}, nil, []string{"what"}},
		{"invisible characters are removed", report.Other,
			map[string][]string{"what": {"line one\r\nline\u202e two\x00"}, "where": {"Ward\n7"}},
			report.Details{"what": "line one\nline two", "where": "Ward 7"}, nil},
		{"blank is not an answer", report.Other, map[string][]string{"what": {"   \n "}}, nil, []string{"what"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := report.ParseDetails(c.kind, c.form)
			var ve *vigil.Error
			switch {
			case c.problems == nil && err != nil:
				t.Fatalf("unexpected problem: %v", err)
			case c.problems != nil && !errors.As(err, &ve):
				t.Fatalf("want problems with %v, got %v", c.problems, err)
			case c.problems != nil:
				if fields := slices.Sorted(maps.Keys(ve.Fields)); !slices.Equal(fields, c.problems) {
					t.Errorf("problems with %v, want %v", ve.Fields, c.problems)
				}
				return
			}
			if len(got) != len(c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestEveryKindIsWorded(t *testing.T) {
	for _, k := range report.Kinds {
		if k.Label() == "" || k.Title() == "" || k.Noun() == "" || k.WhatNext() == "" || len(k.Actions()) == 0 || len(k.Fields()) == 0 {
			t.Errorf("%s lacks words", k)
		}
		advice := strings.Join(k.DoNow("0300 555 0100", nil), " ")
		if !strings.Contains(advice, "0300 555 0100") {
			t.Errorf("%s: the advice does not give the service desk's number: %s", k, advice)
		}
		if strings.Contains(strings.Join(k.DoNow("", nil), " "), " on .") {
			t.Errorf("%s: advice without a number reads badly", k)
		}
		for _, f := range k.Fields() {
			if (f.Input == report.Radios || f.Input == report.Checkboxes) != (len(f.Options) > 0) {
				t.Errorf("%s.%s: options and input type disagree", k, f.Name)
			}
		}
	}
}

// FuzzParseDetails feeds the form parser what a browser, or an attacker, could send.
func FuzzParseDetails(f *testing.F) {
	f.Add("call-or-text", "channel", "call", "asked", "my password")
	f.Add("clicked", "did", "link", "did", "password")
	f.Add("other", "what", "\x00\u202e"+strings.Repeat("é", 300), "where", "\r\n")
	f.Fuzz(func(t *testing.T, kind, k1, v1, k2, v2 string) {
		k, err := report.ParseKind(kind)
		if err != nil {
			k = report.Other
		}
		d, err := report.ParseDetails(k, map[string][]string{k1: {v1}, k2: {v2, v1}})
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("not an Invalid error: %v", err)
			}
			return
		}
		for _, fld := range k.Fields() {
			v, ok := d[fld.Name]
			if fld.Required && !ok {
				t.Fatalf("required %s missing without an error", fld.Name)
			}
			if strings.ContainsAny(v, "\x00\r\u202e") {
				t.Fatalf("%s kept an invisible character: %q", fld.Name, v)
			}
		}
		_ = report.Answers(k, d)
	})
}

func TestEveryRequiredQuestionSaysWhatIsMissing(t *testing.T) {
	for _, k := range report.Kinds {
		for _, f := range k.Fields() {
			if f.Required && f.Missing == "" {
				t.Errorf("%s: %q has no message for a missing answer", k, f.Label)
			}
		}
	}
}

func TestAdviceFitsTheAnswers(t *testing.T) {
	cases := []struct {
		kind    report.Kind
		answers report.Details
		want    string
		not     string
	}{
		{report.Email, report.Details{"clicked": "yes"}, "You clicked a link or entered your password. Change your password now and call the IT service desk on 0300 555 0100.", "If you clicked"},
		{report.Email, report.Details{"clicked": "not-sure"}, "If you are not sure, act as if you did.", "If you clicked"},
		{report.Email, report.Details{"clicked": "no"}, "If you later find you clicked a link or entered your password: change your password now", "You clicked"},
		{report.Email, nil, "If you clicked a link or entered your password: change your password now", "You clicked"},
		{report.LostDevice, report.Details{"device": "smartcard"}, "cancel your smartcard", "If it is your smartcard"},
		{report.LostDevice, report.Details{"device": "laptop"}, "If it is your smartcard", "cancel your smartcard"},
		{report.CallOrText, report.Details{"gave": "yes"}, "You gave them a password, a code or patient details. Call the IT service desk", "If you gave"},
	}
	for _, c := range cases {
		advice := strings.Join(c.kind.DoNow("0300 555 0100", c.answers), " ")
		if !strings.Contains(advice, c.want) || strings.Contains(advice, c.not) {
			t.Errorf("%s %v: advice %q, want %q and not %q", c.kind, c.answers, advice, c.want, c.not)
		}
	}
}

func TestAnswersAreShownAsTheReporterSawThem(t *testing.T) {
	d := report.Details{"clicked": "not-sure", "device": "smartcard"}
	if got := report.Email.AnswerLabel(d, "clicked"); got != "I'm not sure" {
		t.Errorf("clicked: %q", got)
	}
	if got := report.LostDevice.AnswerLabel(d, "device"); got != "My NHS smartcard" {
		t.Errorf("device: %q", got)
	}
}
