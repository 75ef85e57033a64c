package report

import (
	"slices"
	"strings"
	"testing"
)

func TestEveryVerdictTellsTheReporterWhatToDoNow(t *testing.T) {
	cases := []struct {
		name string
		r    Report
		want string
	}{
		{"a real scam after a click", Report{Kind: Email, Verdict: Malicious, Details: Details{"clicked": "not-sure"}}, "change your password now and call the IT service desk on 0300 555 0142"},
		{"a real scam, not clicked", Report{Kind: Email, Verdict: Malicious, Details: Details{"clicked": "no"}}, "Delete the e-mail"},
		{"a scam call where something was given", Report{Kind: CallOrText, Verdict: Malicious, Details: Details{"gave": "yes"}}, "tell them what you gave"},
		{"a scam call, nothing given", Report{Kind: CallOrText, Verdict: Malicious, Details: Details{"gave": "no"}}, "hang up"},
		{"a USB stick someone plugged in", Report{Kind: UnknownDevice, Verdict: Malicious, Details: Details{"plugged": "yes"}}, "Do not use the computer"},
		{"a practice scam clicked", Report{Kind: Email, Verdict: PhishingSimulation, Details: Details{"clicked": "yes"}}, "report before you click"},
		{"junk", Report{Kind: Email, Verdict: Spam}, "You can delete it"},
		{"genuine", Report{Kind: Email, Verdict: Safe}, "carry on as normal"},
		{"dealt with", Report{Kind: LostDevice, Verdict: Resolved}, "Nothing more to do"},
	}
	for _, c := range cases {
		if got := c.r.NextStep("0300 555 0142"); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want it to say %q", c.name, got, c.want)
		}
	}
	if got := (Report{Kind: Email}).NextStep("0300 555 0142"); got != "" {
		t.Errorf("a report still waiting gets a next step: %q", got)
	}
	for _, k := range Kinds {
		for _, v := range VerdictsFor(k) {
			if (Report{Kind: k, Verdict: v}).NextStep("") == "" {
				t.Errorf("%s judged %s has no next step", k, v)
			}
		}
	}
}

func TestEachKindIsJudgedWithItsOwnVerdicts(t *testing.T) {
	refused := map[Kind][]Verdict{
		Email:        {Resolved},
		LostDevice:   {Spam, PhishingSimulation, Safe},
		Access:       {Spam, PhishingSimulation},
		OddBehaviour: {Spam},
	}
	for k, vs := range refused {
		for _, v := range vs {
			if slices.Contains(VerdictsFor(k), v) {
				t.Errorf("a report of %s can be judged %s", k, v)
			}
		}
	}
}
