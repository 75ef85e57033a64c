package prose

import (
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/contentfile"
)

func compile(t *testing.T, src string) (Text, []contentfile.Problem) {
	t.Helper()
	var ps contentfile.Problems
	text := Compile("a.md", []byte(src), 10, &ps)
	return text, ps.List()
}

// What a sentence with a placeholder becomes, for each state of the
// organisation's settings. A missing contact never shows a placeholder.
func TestPlaceholdersFillInAsWholePhrases(t *testing.T) {
	tests := []struct {
		name, src string
		c         Contacts
		html      string
		plain     string
	}{
		{"phone set", "Call {{service_desk_phone}} now.", Contacts{ServiceDeskPhone: "0300 555 0142"},
			`<p>Call the IT service desk on <a href="tel:03005550142">0300 555 0142</a> now.</p>`,
			"Call the IT service desk on 0300 555 0142 now."},
		{"phone missing", "Call {{service_desk_phone}} now.", Contacts{},
			`<p>Call the IT service desk now.</p>`, "Call the IT service desk now."},
		{"international number keeps its plus", "Call {{service_desk_phone}}.", Contacts{ServiceDeskPhone: "+44 (0)300 555-0142"},
			`<p>Call the IT service desk on <a href="tel:+4403005550142">+44 (0)300 555-0142</a>.</p>`, ""},
		{"a number a phone cannot dial stays text", "Call {{site_security_phone}}.", Contacts{SiteSecurityPhone: "bleep 2222"},
			`<p>Call site security on bleep 2222.</p>`, ""},
		{"on-call falls back to the service desk", "Call {{on_call_phone}}.", Contacts{ServiceDeskPhone: "0300 555 0142"},
			`<p>Call the IT service desk on <a href="tel:03005550142">0300 555 0142</a>.</p>`, ""},
		{"on-call with nothing set", "Call {{on_call_phone}}.", Contacts{},
			`<p>Call the IT on-call team (ask switchboard to page them).</p>`, ""},
		{"e-mail set", "Tell {{ig_email}}.", Contacts{InformationGovernanceEmail: "ig@riverside.example"},
			`<p>Tell the Information Governance team at <a href="mailto:ig@riverside.example">ig@riverside.example</a>.</p>`, ""},
		{"e-mail missing", "Tell {{ig_email}}.", Contacts{}, `<p>Tell your Information Governance team.</p>`, ""},
		{"organisation", "{{organisation}} will never ask.", Contacts{Organisation: "Elm Tree Surgery"},
			`<p>Elm Tree Surgery will never ask.</p>`, "Elm Tree Surgery will never ask."},
		// Settings are typed by admins: they are escaped, never trusted.
		{"a hostile setting is escaped", "Call {{service_desk_phone}}.", Contacts{ServiceDeskPhone: `<script>alert(1)</script>`},
			`<p>Call the IT service desk on &lt;script&gt;alert(1)&lt;/script&gt;.</p>`, ""},
		{"a hostile e-mail is not a link", "Tell {{security_email}}.", Contacts{SecurityEmail: `x@y.example?bcc=all@nhs.net`},
			`<p>Tell the cyber security team at x@y.example?bcc=all@nhs.net.</p>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, problems := compile(t, tt.src)
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if got := strings.TrimSpace(string(text.HTML(tt.c))); got != tt.html {
				t.Errorf("HTML\n got %s\nwant %s", got, tt.html)
			}
			if tt.plain != "" && text.Plain(tt.c) != tt.plain {
				t.Errorf("Plain = %q, want %q", text.Plain(tt.c), tt.plain)
			}
		})
	}
}

func TestEveryPlaceholderHasAFallback(t *testing.T) {
	for _, name := range Placeholders() {
		text, problems := compile(t, "{{"+name+"}}")
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if got := text.Plain(Contacts{}); got == "" || strings.Contains(got, "{{") {
			t.Errorf("{{%s}} with nothing set reads %q", name, got)
		}
	}
	if !slices.Contains(Placeholders(), "service_desk_phone") || !slices.Contains(Placeholders(), "security_email") ||
		!slices.Contains(Placeholders(), "on_call_phone") {
		t.Errorf("Placeholders() = %v, want the ones content uses", Placeholders())
	}
}

// An organisation's local contacts fill in their placeholders, and are
// checked before they are kept.
func TestLocalContacts(t *testing.T) {
	var c Contacts
	for _, l := range Locals() {
		if !c.Set(l.Name, " value-"+l.Name+" ") || c.Get(l.Name) != "value-"+l.Name {
			t.Errorf("%s does not set and get back", l.Name)
		}
	}
	if c.Set("organisation", "Elsewhere") || c.Set("service_desk_phone", "1") {
		t.Error("the organisation's settings can be set as local contacts")
	}
	var ps contentfile.Problems
	text := Compile("a.md", []byte("Ask {{caldicott_email}} or ring {{switchboard_phone}}, or {{security_on_call_phone}}."), 1, &ps)
	if ps.Len() > 0 {
		t.Fatal(ps.Err("test"))
	}
	html := string(text.HTML(Contacts{CaldicottEmail: "cg@trust.example", SwitchboardPhone: "0300 555 0100", OnCallPhone: "0300 555 0199"}))
	for _, want := range []string{`the Caldicott Guardian at <a href="mailto:cg@trust.example">cg@trust.example</a>`,
		`switchboard on <a href="tel:03005550100">0300 555 0100</a>`, `the IT on-call team on <a href="tel:03005550199">`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s: %s", want, html)
		}
	}
	phone, mail := Local{Name: "switchboard_phone", Phone: true}, Local{Name: "ig_email"}
	for _, tt := range []struct {
		l     Local
		value string
		ok    bool
	}{
		{phone, "", true}, {phone, "bleep 2207 or ext 4321", true}, {phone, "<script>", false},
		{phone, strings.Repeat("1", MaxContactChars+1), false}, {mail, "ig@trust.example", true}, {mail, "ig at trust", false},
	} {
		if got := CheckLocal(tt.l, tt.value) == ""; got != tt.ok {
			t.Errorf("CheckLocal(%s, %q) accepted %v, want %v", tt.l.Name, tt.value, got, tt.ok)
		}
	}
}
