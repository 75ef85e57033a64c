package email

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// TestLinksAreReadAsBrowsersReadThem covers links that Go's strict parser refuses or reads
// differently from a browser. Each is listed with where a browser would really go.
func TestLinksAreReadAsBrowsersReadThem(t *testing.T) {
	tests := []struct {
		name, href, host string
		disguised        bool
	}{
		{"line break inside the host", "https://ev\nil.example/login", "evil.example", true},
		{"tab inside the scheme", "ht\ttps://evil.example/", "evil.example", true},
		{"spaces around", "  https://evil.example/a  ", "evil.example", false},
		{"space in the path", "https://evil.example/a b/c", "evil.example", false},
		{"bad percent escape", "https://evil.example/a%zz?x=%", "evil.example", false},
		{"backslashes for slashes", `https:\\evil.example\login`, "evil.example", true},
		{"one slash", "https:/evil.example/x", "evil.example", false},
		{"trusted name before an @", "https://portal.nhs.net@evil.example/", "evil.example", false},
		{"odd user-info", "https://nhs.net login@evil.example/", "evil.example", false},
		{"host in percent escapes", "https://%65vil.example/", "evil.example", true},
		{"address as one number", "http://3405803785/owa", "203.0.113.9", true},
		{"address in hex", "http://0xCB.0x0.0x71.0x9/", "203.0.113.9", true},
		{"upper-case host", "HTTPS://EVIL.Example/", "evil.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyseHTML(t, `<a href="`+tt.href+`">Open</a>`)
			if len(a.URLs) != 1 || a.URLs[0].Host != tt.host {
				t.Fatalf("urls = %+v, want one link to %s", a.URLs, tt.host)
			}
			if _, got := indicator(a, CodeDisguisedLink); got != tt.disguised {
				t.Errorf("disguised-link indicator = %v, want %v (%v)", got, tt.disguised, indicatorCodes(a))
			}
			if strings.ContainsAny(a.URLs[0].URL, "\t\r\n ") {
				t.Errorf("url %q keeps white space", a.URLs[0].URL)
			}
			checkInvariants(t, a)
		})
	}
}

func TestLinkThatCannotBeReadIsAWarningSign(t *testing.T) {
	a := analyseHTML(t, `<a href="https://[evil.example/">Open</a> <a href="https://">Empty</a>`)
	wantIndicators(t, a, CodeUnreadableLink)
	if len(a.URLs) != 0 {
		t.Errorf("urls = %+v, want none", a.URLs)
	}
}

func TestLiteralEscapesAreNotPartOfALink(t *testing.T) {
	a := analyseText(t, `var next = "https://evil.example/step2\n";`)
	if len(a.URLs) != 1 || a.URLs[0].URL != "https://evil.example/step2" {
		t.Errorf("urls = %+v, want the link without the written \\n", a.URLs)
	}
}

func TestWrappersAndRedirectorsAreUndone(t *testing.T) {
	dest := "https://evil.example/login?id=7"
	b64 := base64.RawURLEncoding.EncodeToString([]byte(dest))
	tests := []struct {
		name, href, want, wrapper string
		onlyDomain                bool
	}{
		{"Safe Links", "https://eur03.safelinks.protection.outlook.com/?url=" + url.QueryEscape(dest) + "&data=05", dest, wrapSafeLinks, false},
		{"Proofpoint v1", "https://urldefense.proofpoint.com/v1/url?u=" + url.QueryEscape(dest) + "&k=abc", dest, wrapProofpoint, false},
		{"Proofpoint v2", "https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_login-3Fid-3D7&d=DwMF&c=x", dest, wrapProofpoint, false},
		// v3 keeps "?" and "=" aside as base64 ("Pz0" is "?="), and marks where they go with "*".
		{"Proofpoint v3", "https://urldefense.com/v3/__https://evil.example/login*id*7__;Pz0!!ABC!def$", dest, wrapProofpoint, false},
		{"Proofpoint v3 with a run", "https://urldefense.com/v3/__https://evil.example/login**Bid=7__;Pz8!!ABC$", "https://evil.example/login??id=7", wrapProofpoint, false},
		{"Mimecast shows only the domain", "https://protect-eu.mimecast.com/s/AbCdEfGh?domain=evil.example", "https://evil.example/", wrapMimecast, true},
		{"Google click tracker", "https://www.google.com/url?sa=t&url=" + url.QueryEscape(dest), dest, wrapRedirect, false},
		{"Google, country domain", "https://www.google.co.uk/url?q=" + url.QueryEscape(dest), dest, wrapRedirect, false},
		{"Google AMP", "https://www.google.com/amp/s/evil.example/login?id=7", dest, wrapRedirect, false},
		{"Bing click tracker", "https://www.bing.com/ck/a?!&&p=abc&u=a1" + b64 + "&ntb=1", dest, wrapRedirect, false},
		// A destination in another site's parameters is only that site's claim: the site is
		// kept as a link of its own, and the destination is listed beside it.
		{"mailer redirect, encoded twice", "https://click.mailer.example/c?r=" + url.QueryEscape(url.QueryEscape(dest)), dest, wrapRedirect, false},
		{"open redirect in base64", "https://trusted.example/out?goto=" + b64, dest, wrapRedirect, false},
		{"redirect inside Safe Links", "https://eur03.safelinks.protection.outlook.com/?url=" + url.QueryEscape("https://www.google.com/url?q="+url.QueryEscape(dest)), dest, wrapSafeLinks, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyseHTML(t, `<a href="`+tt.href+`">Open</a>`)
			claimed := strings.Contains(tt.href, "mailer.example") || strings.Contains(tt.href, "trusted.example")
			switch {
			case claimed && (len(a.URLs) != 2 || a.URLs[0].URL != tt.href || len(a.URLs[0].WrappedBy) != 0):
				t.Fatalf("urls = %+v, want the site itself and the destination it names", a.URLs)
			case !claimed && len(a.URLs) != 1:
				t.Fatalf("urls = %+v", a.URLs)
			}
			u := a.URLs[len(a.URLs)-1]
			if u.URL != tt.want || u.Domain != "evil.example" || u.Wrapper != tt.href || u.OnlyDomain != tt.onlyDomain {
				t.Errorf("url = %+v, want %s unwrapped from the wrapper", u, tt.want)
			}
			if len(u.WrappedBy) == 0 || u.WrappedBy[0] != tt.wrapper {
				t.Errorf("wrapped by %v, want %s first", u.WrappedBy, tt.wrapper)
			}
			checkInvariants(t, a)
		})
	}
}

func TestRedirectOnlyWhenTheDestinationIsElsewhere(t *testing.T) {
	a := analyseHTML(t, `<a href="https://shop.example/search?q=https%3A%2F%2Fshop.example%2Fshoes">x</a>`+
		`<a href="https://www.google.com/maps?q=London">y</a>`)
	for _, u := range a.URLs {
		if len(u.WrappedBy) > 0 {
			t.Errorf("url %+v was unwrapped, but it carries no destination on another site", u)
		}
	}
	noIndicators(t, a, CodeRedirectLink)
}

func TestMoreShorteners(t *testing.T) {
	for _, host := range []string{"evil-app.page.link", "bit.ly", "qrco.de", "lnkd.in"} {
		if !isShortener(host) {
			t.Errorf("%s is not seen as a shortener", host)
		}
	}
	if isShortener("notbit.ly.example") || isShortener("nhs.uk") {
		t.Error("ordinary hosts seen as shorteners")
	}
	a := analyseHTML(t, `<a href="https://evil-app.page.link/x">Open</a>`)
	wantIndicators(t, a, CodeLinkShortener)
}

func TestNumericIPv4(t *testing.T) {
	tests := map[string]string{"3405803785": "203.0.113.9", "0xcb007109": "203.0.113.9", "0313.0.0161.011": "203.0.113.9",
		"203.0.113.9": "203.0.113.9", "203.7409": "203.0.28.241"}
	for in, want := range tests {
		if got, ok := numericIPv4(in); !ok || got != want {
			t.Errorf("numericIPv4(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"example.com", "1.2.3.4.5", "999.1.1.1", "4294967296", "example.123"} {
		if got, ok := numericIPv4(in); ok {
			t.Errorf("numericIPv4(%q) = %q, want not an address", in, got)
		}
	}
}

// analyseText analyses a message to jane.smith@nhs.net whose body is the given plain text.
func analyseText(t *testing.T, body string) *Analysis {
	t.Helper()
	raw := "From: \"Sender\" <sender@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: Test\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestFreeHostingLinks(t *testing.T) {
	a := analyseHTML(t, `<a href="https://nhs-login-portal.web.app/">Sign in</a> <a href="https://x.github.io/p">Page</a>`)
	wantIndicators(t, a, CodeFreeHostingLink)
	a = analyseHTML(t, `<a href="https://www.nhs.uk/">NHS</a>`)
	noIndicators(t, a, CodeFreeHostingLink)
}

func TestSendersOwnClickTrackerIsNotARedirectSign(t *testing.T) {
	a := analyseHTML(t, `<a href="https://click.example.com/track?url=https%3A%2F%2Fwww.shop.example%2Fsale">Sale</a>`)
	noIndicators(t, a, CodeRedirectLink) // From is sender@example.com: its own tracker
	if len(a.URLs) != 2 || a.URLs[1].Domain != "shop.example" {
		t.Errorf("urls = %+v, want the destination still judged", a.URLs)
	}
	a = analyseHTML(t, `<a href="https://www.google.com/url?q=https%3A%2F%2Fshop.example%2F">Sale</a>`)
	wantIndicators(t, a, CodeRedirectLink)
}
