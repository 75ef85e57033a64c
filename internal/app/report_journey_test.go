package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// draftID is the report id in a journey page's address: /report/{id}/….
func draftID(t *testing.T, location string) string {
	t.Helper()
	parts := strings.Split(location, "/")
	if len(parts) < 4 || parts[1] != "report" {
		t.Fatalf("not a report page: %q", location)
	}
	return parts[2]
}

// TestStaffReportAnEmailAndHearBack is the whole journey over HTTP: a nurse
// reports an e-mail, an analyst gives the verdict, and the nurse hears back.
func TestStaffReportAnEmailAndHearBack(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurse := a.SignIn(t, apptest.Nurse)
		start := nurse.Get("/report")
		if start.StatusCode != http.StatusOK || apptest.Heading(start.Body) != "What happened?" {
			t.Fatalf("start: %d %q", start.StatusCode, apptest.Heading(start.Body))
		}
		mustContain(t, "the first page", apptest.Text(start.Body), "A suspicious e-mail", "I clicked a link or entered my password", "0300 555 0142")

		// No answer: an error summary that links to the question.
		res := nurse.PostForm("/report", nil)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#kind"`) || !strings.Contains(res.Body, "Choose what happened") {
			t.Fatalf("no kind: %d", res.StatusCode)
		}
		res = nurse.PostForm("/report", url.Values{"kind": {"email"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("choose e-mail: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		id := draftID(t, res.Header.Get("Location"))
		details := nurse.Get(res.Header.Get("Location"))
		mustContain(t, "the e-mail page", apptest.Text(details.Body), "Upload the e-mail", "Or paste the e-mail", "Did you click a link")

		// Neither file nor answer: both problems at once.
		res = postFile(t, nurse, "/report/"+id+"/details", nil, "", "", nil)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty details: %d", res.StatusCode)
		}
		mustContain(t, "the problems", res.Body, `href="#file"`, `href="#clicked"`, "Upload the e-mail, or paste it.")

		// A file that is not an e-mail — notes typed into a document — is not taken as one.
		res = postFile(t, nurse, "/report/"+id+"/details", url.Values{"clicked": {"no"}}, "file", "notes.txt",
			[]byte("I got a strange e-mail this morning asking for my password.\nIt said my mailbox was full.\n"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a text file as the e-mail: %d", res.StatusCode)
		}
		mustContain(t, "a text file as the e-mail", apptest.Text(res.Body), "does not look like an e-mail", "paste the e-mail")

		phish := sharedSample(t, "phish-password-expiry.eml")
		res = postFile(t, nurse, "/report/"+id+"/details", url.Values{"clicked": {"no"}}, "file", "expiry.eml", phish)
		// Straight to checking the answers: the report carries the nurse's name
		// unless she changes that there.
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/report/"+id+"/check" {
			t.Fatalf("details: %d %q %s", res.StatusCode, res.Header.Get("Location"), apptest.Text(res.Body))
		}
		if h := apptest.Heading(nurse.Get("/report/" + id + "/name").Body); h != "Do you want to give your name?" {
			t.Errorf("name page: %q", h)
		}
		if res := nurse.PostForm("/report/"+id+"/name", url.Values{"give_name": {"yes"}}); res.Header.Get("Location") != "/report/"+id+"/check" {
			t.Fatalf("name: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		check := apptest.Text(nurse.Get("/report/" + id + "/check").Body)
		mustContain(t, "check your answers", check, "A suspicious e-mail", "Action required: your NHSmail password expires today",
			"support@nhsmail-secure-login.top", "expiry.eml", "Did you click a link, open an attachment or reply? No", "Grace Okafor")

		res = nurse.PostForm("/report/"+id+"/send", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/report/"+id+"/sent" {
			t.Fatalf("send: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		sent := apptest.Text(nurse.Get("/report/" + id + "/sent").Body)
		mustContain(t, "the confirmation", sent, "Report sent", "Thank you. You did the right thing.", "You are not in trouble",
			"Do not click its links", "change your password now and call the IT service desk on 0300 555 0142", "What happens next")
		// Sent means sent: the draft pages are gone.
		if res := nurse.Get("/report/" + id + "/check"); res.StatusCode != http.StatusNotFound {
			t.Errorf("the check page after sending: %d", res.StatusCode)
		}
		mine := apptest.Text(nurse.Get("/my-reports").Body)
		mustContain(t, "My reports", mine, "Action required: your NHSmail password expires today", "We are looking at it")

		// The analyst sees the campaign with the safe analysis, and gives the verdict.
		analyst := a.SignIn(t, apptest.Analyst)
		queue := analyst.Get("/triage")
		mustContain(t, "the triage queue", apptest.Text(queue.Body), "Action required: your NHSmail password expires today", "1 from 1 person",
			"Anyone clicked? No", "Vigil suggests A real scam or attack")
		campaignPath := between(queue.Body, `<a href="/triage/campaigns/`, `"`)
		if campaignPath == "" {
			t.Fatal("no campaign link in the queue")
		}
		page := analyst.Get("/triage/campaigns/" + campaignPath)
		mustContain(t, "the campaign page", page.Body, "hxxps://nhsmail-secure-login[.]top", "nhsmail-secure-login.top", "malicious")
		if strings.Contains(page.Body, `href="https://nhsmail-secure-login.top`) {
			t.Error("the campaign page links to the phishing site")
		}
		res = analyst.PostForm("/triage/campaigns/"+campaignPath+"/verdict", url.Values{"verdict": {"malicious"}, "note": {"We have blocked this site for everyone."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("verdict: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		res = analyst.PostForm("/triage/campaigns/"+campaignPath+"/alert", url.Values{"alert_text": {"Fake NHSmail password expiry e-mails are going round. Do not click the link."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("alert: %d %s", res.StatusCode, apptest.Text(res.Body))
		}

		mine = apptest.Text(nurse.Get("/my-reports").Body)
		mustContain(t, "My reports after the verdict", mine, "A real scam or attack", "We have blocked this site for everyone.",
			"What to do now: Delete the e-mail without clicking anything in it.")
		mustContain(t, "everyone's home page", apptest.Text(a.SignIn(t, apptest.SafetyOfficer).Get("/").Body), "We've seen this scam", "Fake NHSmail password expiry e-mails")

		// The reported e-mail is only ever a download, byte for byte, for analysts.
		reportPath := between(page.Body[strings.Index(page.Body, `id="campaign-reports"`):], `<a href="/triage/reports/`, `"`)
		raw := analyst.Get("/triage/reports/" + reportPath + "/email")
		if raw.StatusCode != http.StatusOK || raw.Body != string(phish) {
			t.Fatalf("download: %d, %d bytes", raw.StatusCode, len(raw.Body))
		}
		for header, want := range map[string]string{"Content-Type": "application/octet-stream", "X-Content-Type-Options": "nosniff"} {
			if got := raw.Header.Get(header); got != want {
				t.Errorf("download %s: %q, want %q", header, got, want)
			}
		}
		if cd := raw.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("download Content-Disposition: %q", cd)
		}
		if res := nurse.Get("/triage/reports/" + reportPath + "/email"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a nurse downloading a reported e-mail: %d", res.StatusCode)
		}
	})
}

// TestAnonymousLostSmartcard reports a lost smartcard without a name and
// checks the advice, the anonymity and the analyst's checklist.
func TestAnonymousLostSmartcard(t *testing.T) {
	a := apptest.Start(t)
	nurse := a.SignIn(t, apptest.Nurse)
	res := nurse.PostForm("/report", url.Values{"kind": {"lost-device"}})
	id := draftID(t, res.Header.Get("Location"))
	// Cancelling the card comes before the questions, not after sending.
	mustContain(t, "the questions page", apptest.Text(nurse.Get("/report/"+id+"/details").Body),
		"Do this first", "call the IT service desk on 0300 555 0142 now so they can cancel it")
	res = nurse.PostForm("/report/"+id+"/details", url.Values{"device": {"smartcard"}, "where": {"Ward 7 nurses' station"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#when"`) || !strings.Contains(res.Body, `value="Ward 7 nurses&#39; station"`) {
		t.Fatalf("a missing answer: %d", res.StatusCode)
	}
	nurse.PostForm("/report/"+id+"/details", url.Values{"device": {"smartcard"}, "where": {"Ward 7 nurses' station"}, "when": {"At the start of my night shift"}})
	nurse.PostForm("/report/"+id+"/name", url.Values{"give_name": {"no"}})
	mustContain(t, "check your answers", apptest.Text(nurse.Get("/report/"+id+"/check").Body), "My NHS smartcard", "Anonymous")
	nurse.PostForm("/report/"+id+"/send", nil)
	sent := apptest.Text(nurse.Get("/report/" + id + "/sent").Body)
	mustContain(t, "the confirmation", sent, "Call the IT service desk on 0300 555 0142 now so they can cancel your smartcard", "Because you stayed anonymous")
	if strings.Contains(apptest.Text(nurse.Get("/my-reports").Body), "Lost or stolen device") {
		t.Error("an anonymous report is on My reports")
	}
	// A colleague with the link cannot see the confirmation.
	if res := a.SignIn(t, apptest.Buddy).Get("/report/" + id + "/sent"); res.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's confirmation: %d", res.StatusCode)
	}
	buddy := a.SignIn(t, apptest.Buddy)
	view := apptest.Text(buddy.Get("/triage/reports/" + id).Body)
	mustContain(t, "the buddy's view", view, "Anonymous", "revoke it in the Care Identity Service", "At the start of my night shift")
	res = buddy.PostForm("/triage/reports/"+id+"/verdict", url.Values{"verdict": {"resolved"}, "note": {"Card cancelled."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	if !strings.Contains(apptest.Text(buddy.Get("/triage/reports/"+id).Body), "Dealt with: Card cancelled.") {
		t.Error("the outcome is not shown")
	}
}

// between returns the text after the first start, up to end.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return ""
}
