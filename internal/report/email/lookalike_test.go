package email

import (
	"strings"
	"testing"
)

func TestLookalikes(t *testing.T) {
	c := newChecker(Options{OrgDomains: []string{"nhs.net", "riverside.nhs.uk"}})
	tests := []struct {
		host string
		want string // a word of the explanation; "" means not a look-alike
	}{
		{"nhs-net.com", "contains the name nhs"},
		{"nhs.net.secure-login.com", "starts with nhs.net"},
		{"login.nhs.net.secure-login.com", "starts with nhs.net"},
		{"nhs.secure-login.com", "starts with nhs"},
		{"nhs.com", "different ending"},
		{"riverside-nhs.co.uk", "contains the name"},
		{"riverside.org", "different ending"},
		{"rnicrosoft.com", "spelled to look like Microsoft"},
		{"micros0ft-support.com", "spelled to look like Microsoft"},
		{"nhsmai1.co", "spelled to look like NHSmail"},
		{"micosoft.com", "one letter away from microsoft"},
		{"docusign-secure-mail.org", "contains the name docusign"},
		{"xn--mcrosoft-thh.com", "another alphabet"},    // "mіcrosoft" with a Cyrillic і
		{"xn--nhs-nt-7of.com", "contains the name nhs"}, // "nhs-nеt" with a Cyrillic е
		{"xn--bcher-kva.de", ""},                        // "bücher": international, but imitating no one

		{"nhs.net", ""},
		{"mail.nhs.net", ""},
		{"riverside.nhs.uk", ""},
		{"intranet.northgate.nhs.uk", ""}, // every .nhs.uk name belongs to the NHS
		{"eur03.safelinks.protection.outlook.com", ""},
		{"docusign.net", ""},
		{"example.com", ""},
		{"clinical-rota.info", ""},
		{"203.0.113.7", ""},
		{"", ""},
		{"localhost", ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			got, ok := c.lookalike(tt.host)
			switch {
			case tt.want == "" && ok:
				t.Errorf("lookalike(%q) = %q, want none", tt.host, got.how)
			case tt.want != "" && !ok:
				t.Errorf("lookalike(%q) found nothing, want %q", tt.host, tt.want)
			case tt.want != "" && !strings.Contains(got.how, tt.want):
				t.Errorf("lookalike(%q) = %q, want it to say %q", tt.host, got.how, tt.want)
			}
		})
	}
}

func TestSkeletonAndEditDistance(t *testing.T) {
	for _, pair := range [][2]string{{"rnicrosoft", "microsoft"}, {"nhsmai1", "nhsmail"}, {"paypa1", "paypal"}, {"vvellbeing", "wellbeing"}} {
		if skeleton(pair[0]) != skeleton(pair[1]) {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q; want equal", pair[0], skeleton(pair[0]), pair[1], skeleton(pair[1]))
		}
	}
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"microsoft", "microsoft", 2, 0},
		{"micosoft", "microsoft", 2, 1},
		{"mircosoft", "microsoft", 2, 1}, // a swap is one slip
		{"macrosoft", "microsoft", 2, 1},
		{"mcrsft", "microsoft", 2, 3}, // past the limit
		{"outlook", "outlok", 1, 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestDisplayNameClaims(t *testing.T) {
	c := newChecker(nhsTrust)
	tests := []struct {
		name, domain string
		want         bool
	}{
		{"IT Service Desk", "nhs.net", false},
		{"IT Service Desk", "it-helpdesk.example", true},
		{"NHSmail Support", "nhsmail-secure-login.top", true},
		{"Microsoft 365", "microsoftonline.com", false},
		{"Microsoft 365", "m365-alerts.example", true},
		{"HR Wellbeing", "staff-benefits-portal.net", true},
		{"Shrek Fan Club", "example.com", false}, // "hr" must be a whole word
		{"Jane Smith", "example.com", false},
		{"NHS Jobs", "jobs.nhs.uk", false},
	}
	for _, tt := range tests {
		if _, got := c.trustedNameClaim(tt.name, tt.domain); got != tt.want {
			t.Errorf("trustedNameClaim(%q, %q) = %v, want %v", tt.name, tt.domain, got, tt.want)
		}
	}
	// Without the organisation's domains, team names cannot be judged; brand names still can.
	none := newChecker(Options{})
	if _, got := none.trustedNameClaim("IT Service Desk", "it-helpdesk.example"); got {
		t.Error("a team name was judged without knowing the organisation's domains")
	}
	if _, got := none.trustedNameClaim("Microsoft", "evil.example"); !got {
		t.Error("a brand name from a stranger's domain was not noticed")
	}
}
