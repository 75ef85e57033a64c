package lrstest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/training/lrs/lrstest"
)

// good is a passed statement with every property the specification and
// Vigil require.
const good = `{"id":"7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d",
 "actor":{"objectType":"Agent","account":{"homePage":"https://vigil.example.nhs.uk","name":"01J0000000000000000000000A"}},
 "verb":{"id":"http://adlnet.gov/expapi/verbs/passed","display":{"en-GB":"passed"}},
 "object":{"objectType":"Activity","id":"https://vigil.example.nhs.uk/training/lessons/spotting-phishing"},
 "result":{"success":true,"score":{"scaled":1,"raw":4,"min":0,"max":4}},
 "context":{"registration":"7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"},
 "timestamp":"2026-11-30T09:00:00Z","version":"1.0.0"}`

// The test store's check refuses each way a statement can break the
// rules, so that a store that accepts Vigil's statements means something.
func TestCheckRefusesWhatTheSpecificationForbids(t *testing.T) {
	if id, problem := lrstest.Check(json.RawMessage(good)); problem != "" || id == "" {
		t.Fatalf("a good statement: %q %q", id, problem)
	}
	for name, c := range map[string]struct{ from, to, want string }{
		"id not a UUID":       {`"id":"7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"`, `"id":"attempt-1"`, "UUID"},
		"no id":               {`"id":"7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d",`, ``, "id"},
		"actor by e-mail":     {`"account":{"homePage":"https://vigil.example.nhs.uk","name":"01J0000000000000000000000A"}`, `"mbox":"mailto:grace@example.nhs.uk"`, "account"},
		"account no homePage": {`"homePage":"https://vigil.example.nhs.uk",`, ``, "account"},
		"verb id not an IRI":  {`"id":"http://adlnet.gov/expapi/verbs/passed"`, `"id":"passed"`, "verb"},
		"verb no display":     {`"display":{"en-GB":"passed"}`, `"display":{}`, "verb"},
		"object not an IRI":   {`"id":"https://vigil.example.nhs.uk/training/lessons/spotting-phishing"`, `"id":"spotting-phishing"`, "object"},
		"object not Activity": {`"objectType":"Activity"`, `"objectType":"Agent"`, "object"},
		"no timestamp":        {`"timestamp":"2026-11-30T09:00:00Z",`, ``, "timestamp"},
		"bad timestamp":       {`"timestamp":"2026-11-30T09:00:00Z"`, `"timestamp":"yesterday"`, "timestamp"},
		"no version":          {`,"version":"1.0.0"`, ``, "version"},
		"version 2":           {`"version":"1.0.0"`, `"version":"2.0.0"`, "version"},
		"passed no score":     {`,"score":{"scaled":1,"raw":4,"min":0,"max":4}`, ``, "score"},
		"score out of range":  {`"raw":4,`, `"raw":5,`, "score"},
		"success not passed":  {`"success":true`, `"success":false`, "success"},
		"stored sent":         {`"version":"1.0.0"`, `"version":"1.0.0","stored":"2026-11-30T09:00:00Z"`, "stored"},
		"registration":        {`"registration":"7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"`, `"registration":"r1"`, "registration"},
		"unknown verb":        {`verbs/passed"`, `verbs/experienced"`, "verb"},
	} {
		bad := strings.Replace(good, c.from, c.to, 1)
		if bad == good {
			t.Fatalf("%s: the change does not apply", name)
		}
		if _, problem := lrstest.Check(json.RawMessage(bad)); !strings.Contains(problem, c.want) {
			t.Errorf("%s: the check says %q, want a problem with %s", name, problem, c.want)
		}
	}
}
