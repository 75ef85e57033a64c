package email

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/mailtest"
	"golang.org/x/net/html"
)

// nhsTrust is an organisation whose staff use NHSmail.
var nhsTrust = Options{OrgDomains: []string{"nhs.net"}}

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	return mailtest.Sample(t, name)
}

func analyseSample(t *testing.T, name string, opts Options) *Analysis {
	t.Helper()
	a, err := Analyse(readSample(t, name), opts)
	if err != nil {
		t.Fatalf("Analyse(%s): %v", name, err)
	}
	return a
}

func sampleNames(t testing.TB) []string {
	t.Helper()
	names := mailtest.SampleNames()
	if len(names) == 0 {
		t.Fatal("no sample e-mails")
	}
	return names
}

func indicator(a *Analysis, code IndicatorCode) (Indicator, bool) {
	for _, in := range a.Indicators {
		if in.Code == code {
			return in, true
		}
	}
	return Indicator{}, false
}

func wantIndicators(t *testing.T, a *Analysis, codes ...IndicatorCode) {
	t.Helper()
	for _, c := range codes {
		if _, ok := indicator(a, c); !ok {
			t.Errorf("no %s indicator; got %v", c, indicatorCodes(a))
		}
	}
}

func noIndicators(t *testing.T, a *Analysis, codes ...IndicatorCode) {
	t.Helper()
	for _, c := range codes {
		if in, ok := indicator(a, c); ok {
			t.Errorf("unexpected %s indicator: %s", c, in.Detail)
		}
	}
}

func indicatorCodes(a *Analysis) []IndicatorCode {
	var out []IndicatorCode
	for _, in := range a.Indicators {
		out = append(out, in.Code)
	}
	return out
}

func TestInvoicePhishWithHTMLAttachmentIsMalicious(t *testing.T) {
	a := analyseSample(t, "phish-invoice-html-attachment.eml", nhsTrust)

	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s (%s), want malicious", a.SuggestedVerdict, a.VerdictReason)
	}
	if len(a.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want the invoice only", a.Attachments)
	}
	at := a.Attachments[0]
	payload := "<html><body><script>location='https://invoice-view.nhs-supplies-invoices.com/view'</script></body></html>"
	sum := sha256.Sum256([]byte(payload))
	if at.Name != "INV-88412.html" || !at.Risky || at.SniffedType != typeHTML ||
		at.SHA256 != hex.EncodeToString(sum[:]) || at.Size != len(payload) {
		t.Errorf("attachment = %+v, want the risky HTML invoice with its decoded hash", at)
	}
	// The redirect inside the attachment is the real destination; it is listed, never followed.
	if len(a.URLs) != 1 || a.URLs[0].URL != "https://invoice-view.nhs-supplies-invoices.com/view" ||
		a.URLs[0].Sources[0] != "attachment:INV-88412.html" {
		t.Errorf("urls = %+v, want the redirect inside the attachment", a.URLs)
	}
	if a.Auth.SPF.Result != "softfail" || a.Auth.DMARC.Result != "fail" || a.Auth.CompAuth.Result != "pass" || !a.Auth.Lenient {
		t.Errorf("auth = %+v, want softfail/fail read leniently from the Microsoft 365 header", a.Auth)
	}
	wantIndicators(t, a, CodeRiskyAttachment, CodeDMARCFail, CodeSPFSoftFail, CodeLookalikeSender, CodePressure)
	if a.Indicators[0].Severity != High {
		t.Errorf("first indicator = %+v, want the most serious first", a.Indicators[0])
	}
	if !slices.Contains(a.Evidence, CodeRiskyAttachment) {
		t.Errorf("evidence %v does not include the risky attachment", a.Evidence)
	}
}

func TestPasswordExpiryPhishIsMaliciousDespitePassingChecks(t *testing.T) {
	a := analyseSample(t, "phish-password-expiry.eml", nhsTrust)

	if a.Auth.SPF.Result != "pass" || a.Auth.DKIM.Result != "pass" || a.Auth.DMARC.Result != "pass" {
		t.Fatalf("auth = %+v, want the sender's own domain to pass", a.Auth)
	}
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious: passing checks are evidence, not a verdict", a.SuggestedVerdict)
	}
	if len(a.ReplyTo) != 1 || a.ReplyTo[0].Address != "helpdesk@nhsmai1.co" {
		t.Errorf("reply-to = %+v", a.ReplyTo)
	}
	wantIndicators(t, a, CodeLinkTextMismatch, CodeReplyToDiffers, CodeLookalikeSender, CodeLookalikeLink,
		CodeRecipientInLink, CodeDisplayNameTrusted, CodePressure, CodeAuthPass)
	if in, _ := indicator(a, CodeLookalikeSender); !strings.Contains(in.Detail, "nhsmai1.co") {
		t.Errorf("look-alike detail %q does not name the digit-for-letter reply address", in.Detail)
	}
	if in, _ := indicator(a, CodeLinkTextMismatch); !strings.Contains(in.Detail, "portal[.]nhs[.]net") ||
		!strings.Contains(in.Detail, "nhsmail-secure-login[.]top") {
		t.Errorf("mismatch detail %q should name both the shown and the real address", in.Detail)
	}
	// The address in the link's words is what the reader was shown, not a destination.
	if len(a.URLs) != 1 || a.URLs[0].Domain != "nhsmail-secure-login.top" || a.URLs[0].Text != "https://portal.nhs.net/keep-password" {
		t.Errorf("urls = %+v, want only the real destination with the words it was shown as", a.URLs)
	}
	if !slices.Equal(a.URLs[0].Sources, []string{"text", "html"}) {
		t.Errorf("sources = %v, want the link found in both bodies", a.URLs[0].Sources)
	}
	for _, bad := range []string{"<a", "href", "https://"} {
		if strings.Contains(a.Body.HTML, bad) {
			t.Errorf("safe view HTML contains %q: %s", bad, a.Body.HTML)
		}
	}
	if !strings.Contains(a.Body.HTML, "[link: hxxps://nhsmail-secure-login[.]top/keep") {
		t.Errorf("safe view HTML does not show where the link goes: %s", a.Body.HTML)
	}
}

func TestSafeLinksRotaPhishShowsTheRealDestination(t *testing.T) {
	a := analyseSample(t, "phish-safelinks-rota.eml", nhsTrust)

	if len(a.URLs) != 1 {
		t.Fatalf("urls = %+v", a.URLs)
	}
	u := a.URLs[0]
	if u.URL != "https://share-docs.clinical-rota.info/d/7781" || u.Domain != "clinical-rota.info" || u.Text != "View rota" {
		t.Errorf("url = %+v, want the unwrapped rota link", u)
	}
	if !strings.Contains(u.Wrapper, "safelinks.protection.outlook.com") {
		t.Errorf("wrapper = %q, want the Safe Links address it was found in", u.Wrapper)
	}
	wantIndicators(t, a, CodeSafeLinksUnwrap, CodePressure, CodeNoDMARC)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s (%s), want malicious", a.SuggestedVerdict, a.VerdictReason)
	}
	if strings.Contains(a.Body.Text, "safelinks") || !strings.Contains(a.Body.Text, "View rota [link: hxxps://share-docs[.]clinical-rota[.]info/d/7781]") {
		t.Errorf("safe text view = %q, want the link's words and real destination, defanged", a.Body.Text)
	}
}

func TestReportAddinSubmissionIsUnwrappedToTheOriginal(t *testing.T) {
	raw := readSample(t, "report-addin-submission.eml")
	a, err := Analyse(raw, nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	sub := a.Submission
	if sub == nil || sub.Kind != SubmissionPhishing || sub.Submitter == nil || sub.Submitter.Address != "jane.smith@nhs.net" {
		t.Fatalf("submission = %+v, want a phishing report by jane.smith@nhs.net", sub)
	}
	// Everything else describes the message Jane received, not her report of it.
	if a.Subject != "Jane, please review and sign: Bank Staff Agreement" {
		t.Errorf("subject = %q, want the original's", a.Subject)
	}
	if a.From == nil || a.From.Address != "dse@docusign-secure-mail.org" || a.From.Name != "DocuSign" {
		t.Errorf("from = %+v, want the original sender", a.From)
	}
	if len(a.Attachments) != 0 {
		t.Errorf("attachments = %+v: the attached original is not an attachment of itself", a.Attachments)
	}
	if len(a.URLs) != 1 || a.URLs[0].Domain != "docusign-secure-mail.org" {
		t.Errorf("urls = %+v", a.URLs)
	}
	if a.Size >= len(raw) || a.Size == 0 {
		t.Errorf("size = %d, want the original's size, smaller than the %d-byte submission", a.Size, len(raw))
	}
	wantIndicators(t, a, CodeSubmitted, CodeLookalikeSender, CodeDisplayNameTrusted)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious", a.SuggestedVerdict)
	}
}

func TestEPRDowntimeNoticeIsSafe(t *testing.T) {
	a := analyseSample(t, "safe-epr-downtime-notice.eml", nhsTrust)

	if a.SuggestedVerdict != Safe {
		t.Errorf("verdict = %s (%s; %v), want safe", a.SuggestedVerdict, a.VerdictReason, indicatorCodes(a))
	}
	for _, in := range a.Indicators {
		if in.Severity != Info {
			t.Errorf("warning sign on a genuine notice: %+v", in)
		}
	}
	if a.Auth.ServID != "mx.nhs.net" || a.Auth.Lenient || a.Auth.DMARC.Domain != "nhs.net" {
		t.Errorf("auth = %+v, want a standard header read strictly", a.Auth)
	}
	if !slices.Equal(a.Evidence, []IndicatorCode{CodeInternal, CodeAuthPass}) {
		t.Errorf("evidence = %v", a.Evidence)
	}
}

// Without the organisation's domains, Vigil cannot call the notice internal, but a sender
// that passed DMARC with nothing else wrong still looks genuine.
func TestEPRNoticeLooksGenuineWithoutKnowingTheOrganisation(t *testing.T) {
	a := analyseSample(t, "safe-epr-downtime-notice.eml", Options{})
	if a.SuggestedVerdict != Safe || slices.Contains(a.Evidence, CodeInternal) || strings.Contains(a.VerdictReason, "own domain") {
		t.Errorf("verdict = %s (%s, %v), want safe as genuine mail, not as internal mail", a.SuggestedVerdict, a.VerdictReason, a.Evidence)
	}
	if len(a.Warnings) == 0 || !strings.Contains(a.Warnings[0], "No organisation domains") {
		t.Errorf("warnings = %v, want a note that no domains were given", a.Warnings)
	}
}

func TestOddCharsetQuotedPrintableMailIsNotMalicious(t *testing.T) {
	a := analyseSample(t, "safe-qp-odd-charset.eml", nhsTrust)

	if a.SuggestedVerdict == Malicious {
		t.Errorf("verdict = malicious (%v)", indicatorCodes(a))
	}
	if a.Subject != "Controlled drugs – stock check" {
		t.Errorf("subject = %q, want the encoded dash decoded", a.Subject)
	}
	if !strings.Contains(a.Body.Text, "CD stock check – see hxxps://intranet[.]example[.]nhs[.]uk/pharmacy/cd-check before 5pm") {
		t.Errorf("body = %q, want the quoted-printable text decoded, joined and defanged", a.Body.Text)
	}
	if len(a.URLs) != 1 || a.URLs[0].URL != "https://intranet.example.nhs.uk/pharmacy/cd-check" || a.URLs[0].Domain != "example.nhs.uk" {
		t.Errorf("urls = %+v", a.URLs)
	}
	for _, in := range a.Indicators {
		if in.Severity == High || in.Severity == Medium {
			t.Errorf("unexpected warning sign: %+v", in)
		}
	}
	wantIndicators(t, a, CodeAuthMissing)
}

func TestSimulationVoucherIsRecognised(t *testing.T) {
	a := analyseSample(t, "simulation-wellbeing-voucher.eml", nhsTrust)

	if a.SuggestedVerdict != PhishingSimulation {
		t.Fatalf("verdict = %s, want phishing-simulation", a.SuggestedVerdict)
	}
	if a.Simulation == nil || a.Simulation.Header != "X-Vigil-Simulation" || a.Simulation.Value != "campaign-2026-10" {
		t.Errorf("simulation = %+v", a.Simulation)
	}
	if !strings.Contains(a.VerdictReason, "Thank the person who reported it") {
		t.Errorf("reason = %q, want the reporter thanked", a.VerdictReason)
	}
	// The lure is still described, so the lesson can show what gave it away.
	wantIndicators(t, a, CodeDisplayNameTrusted)
}

func TestSimulationMarkerWithAnUnknownCodeIsNotTrusted(t *testing.T) {
	opts := nhsTrust
	opts.SimulationMarkers = []SimulationMarker{{Header: "x-vigil-simulation", Values: []string{"s3cret-2026"}}}
	a := analyseSample(t, "simulation-wellbeing-voucher.eml", opts)

	if a.SuggestedVerdict == PhishingSimulation || a.Simulation != nil {
		t.Errorf("verdict = %s: a marker with the wrong code must not make mail harmless", a.SuggestedVerdict)
	}
	wantIndicators(t, a, CodeSimulationMismatch)

	opts.SimulationMarkers[0].Values = []string{"campaign-2026-10"}
	if a := analyseSample(t, "simulation-wellbeing-voucher.eml", opts); a.SuggestedVerdict != PhishingSimulation {
		t.Errorf("verdict = %s with the right code, want phishing-simulation", a.SuggestedVerdict)
	}

	opts.SimulationMarkers = []SimulationMarker{}
	if a := analyseSample(t, "simulation-wellbeing-voucher.eml", opts); a.Simulation != nil {
		t.Errorf("simulation = %+v with recognition turned off", a.Simulation)
	}
}

// TestEverySampleIsAnalysedSafely checks what must hold for any message: a verdict from the
// list, JSON that encodes, and a safe view with nothing that loads, runs or links.
func TestEverySampleIsAnalysedSafely(t *testing.T) {
	for _, name := range sampleNames(t) {
		t.Run(name, func(t *testing.T) {
			a := analyseSample(t, name, nhsTrust)
			checkInvariants(t, a)
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]any
			if err := json.Unmarshal(b, &fields); err != nil {
				t.Fatal(err)
			}
			for _, key := range []string{"from", "reply_to", "subject", "auth", "urls", "attachments", "indicators", "suggested_verdict"} {
				if _, ok := fields[key]; !ok {
					t.Errorf("JSON has no %q", key)
				}
			}
		})
	}
}

// checkInvariants holds for every analysis, whatever the input.
func checkInvariants(t testing.TB, a *Analysis) {
	t.Helper()
	switch a.SuggestedVerdict {
	case Malicious, PhishingSimulation, Spam, Safe, Unknown:
	default:
		t.Errorf("verdict %q is not one of the five", a.SuggestedVerdict)
	}
	if a.VerdictReason == "" {
		t.Error("no verdict reason")
	}
	checkSafeHTML(t, a.Body.HTML)
	for _, u := range a.URLs {
		if u.URL == "" || u.Defanged == "" || len(u.Sources) == 0 {
			t.Errorf("incomplete url %+v", u)
		}
		if lower := strings.ToLower(u.Defanged); strings.Contains(lower, "http://") || strings.Contains(lower, "https://") {
			t.Errorf("defanged %q is still a live link", u.Defanged)
		}
	}
	for _, at := range a.Attachments {
		if len(at.SHA256) != 64 {
			t.Errorf("attachment %q has hash %q", at.Name, at.SHA256)
		}
	}
	for _, in := range a.Indicators {
		if in.Reason == "" || in.Severity == "" {
			t.Errorf("indicator without reason or severity: %+v", in)
		}
	}
	if len(a.Warnings) > maxWarnings+1 {
		t.Errorf("%d warnings, want at most %d", len(a.Warnings), maxWarnings+1)
	}
}

// checkSafeHTML holds the safe view to its promise: only the formatting elements of the
// sanitising policy, and no attributes at all, so nothing can link, load, run or restyle.
func checkSafeHTML(t testing.TB, doc string) {
	t.Helper()
	allowed := map[string]bool{}
	for _, e := range strings.Fields(`p br div span b strong i em u s strike ul ol li blockquote pre code
		h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th caption hr sub sup small`) {
		allowed[e] = true
	}
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			if !allowed[string(name)] || hasAttr {
				t.Errorf("safe view has <%s> (attributes: %v): %.300s", name, hasAttr, doc)
				return
			}
		case html.CommentToken, html.DoctypeToken:
			t.Errorf("safe view keeps a comment or doctype: %.300s", doc)
			return
		}
	}
}
