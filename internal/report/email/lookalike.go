package email

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// brand is a name staff trust in an address or a sender's name, with the domains that really
// belong to it.
type brand struct {
	name    string   // the word as it appears in addresses, lower case: "nhs", "microsoft"
	title   string   // how people write it: "NHS", "Microsoft"
	domains []string // registrable domains or public suffixes it owns; their subdomains count too
	shape   string   // skeleton(name), filled in by newChecker
}

var microsoftDomains = []string{"microsoft.com", "microsoftonline.com", "office.com", "office365.com",
	"outlook.com", "live.com", "sharepoint.com", "onedrive.com", "microsoft365.com", "azure.com"}

// wellKnownBrands are the names most often imitated in phishing sent to NHS staff, beyond the
// organisation's own domains, which are added from Options.
var wellKnownBrands = []brand{
	{name: "nhs", title: "NHS", domains: []string{"nhs.net", "nhs.uk"}},
	{name: "nhsmail", title: "NHSmail", domains: []string{"nhs.net"}},
	{name: "microsoft", title: "Microsoft", domains: microsoftDomains},
	{name: "office365", title: "Office 365", domains: microsoftDomains},
	{name: "microsoftonline", title: "Microsoft", domains: microsoftDomains},
	{name: "outlook", title: "Outlook", domains: microsoftDomains},
	{name: "sharepoint", title: "SharePoint", domains: microsoftDomains},
	{name: "onedrive", title: "OneDrive", domains: microsoftDomains},
	{name: "docusign", title: "DocuSign", domains: []string{"docusign.com", "docusign.net"}},
}

// trustedName is a phrase in a sender's display name that claims authority.
type trustedName struct {
	phrase string // lower-case words, matched as whole words
	brand  string // the brand allowed to use it; "" means a team inside the organisation
}

var trustedNames = []trustedName{
	{"nhs", "nhs"}, {"nhsmail", "nhsmail"}, {"nhs mail", "nhsmail"},
	{"microsoft", "microsoft"}, {"office 365", "microsoft"}, {"microsoft 365", "microsoft"},
	{"outlook", "microsoft"}, {"onedrive", "microsoft"}, {"sharepoint", "microsoft"},
	{"docusign", "docusign"},
	{"it service desk", ""}, {"service desk", ""}, {"it support", ""}, {"it helpdesk", ""},
	{"helpdesk", ""}, {"help desk", ""}, {"it department", ""}, {"it team", ""},
	{"payroll", ""}, {"hr", ""}, {"human resources", ""}, {"cyber security", ""},
	{"information governance", ""}, {"chief executive", ""},
}

// checker holds what the checks need to know about the organisation.
type checker struct {
	orgDomains []string // lower case, as configured
	own        []brand  // the organisation's own names: "riverside" for riverside.nhs.uk
	brands     []brand  // own, then wellKnownBrands
}

func newChecker(opts Options) *checker {
	c := &checker{}
	for _, d := range opts.OrgDomains {
		d = strings.ToLower(strings.Trim(strings.TrimSpace(d), "."))
		if d == "" {
			continue
		}
		c.orgDomains = append(c.orgDomains, d)
		if name := domainLabel(registrableDomain(d)); name != "" {
			c.own = append(c.own, brand{name: name, title: d, domains: []string{d}})
		}
	}
	c.brands = append(append(c.brands, c.own...), wellKnownBrands...)
	for i := range c.brands {
		c.brands[i].shape = skeleton(c.brands[i].name)
	}
	return c
}

// isOwn reports whether domain is one of the organisation's own, or below one.
func (c *checker) isOwn(domain string) bool {
	return ownedBy(strings.ToLower(domain), c.orgDomains)
}

func ownedBy(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// trusted reports whether host really belongs to the organisation or a known brand.
func (c *checker) trusted(host string) bool {
	if c.isOwn(host) {
		return true
	}
	for _, b := range c.brands {
		if ownedBy(host, b.domains) {
			return true
		}
	}
	return false
}

// trustedNameClaim reports whether a display name claims a trusted team or brand that the
// sending domain does not belong to, and whom it claims to be.
func (c *checker) trustedNameClaim(name, domain string) (string, bool) {
	words := " " + strings.Join(strings.FieldsFunc(strings.ToLower(name), notLetterOrDigit), " ") + " "
	domain = strings.ToLower(domain)
	for _, t := range c.nameClaims() {
		if !strings.Contains(words, " "+t.phrase+" ") {
			continue
		}
		if t.brand == "" {
			if len(c.orgDomains) == 0 || c.isOwn(domain) {
				continue // without our domains we cannot say the team is not ours
			}
			return "a team inside the organisation", true
		}
		if c.isOwn(domain) || c.brandOwns(t.brand, domain) {
			continue
		}
		return c.brandTitle(t.brand), true
	}
	return "", false
}

// nameClaims adds the organisation's own names (e.g. "riverside") to the trusted phrases.
func (c *checker) nameClaims() []trustedName {
	out := make([]trustedName, 0, len(c.own)+len(trustedNames))
	for _, b := range c.own {
		out = append(out, trustedName{phrase: b.name, brand: b.name})
	}
	return append(out, trustedNames...)
}

// brandOwns reports whether domain belongs to any brand of that name: "nhs" is both the
// organisation's nhs.net and every NHS body under nhs.uk.
func (c *checker) brandOwns(name, domain string) bool {
	for _, b := range c.brands {
		if b.name == name && ownedBy(domain, b.domains) {
			return true
		}
	}
	return false
}

func (c *checker) brandTitle(name string) string {
	for _, b := range c.brands {
		if b.name == name {
			return b.title
		}
	}
	return name
}

// lookalikeMatch says how a domain imitates a trusted one, as the end of a sentence.
type lookalikeMatch struct {
	how  string
	weak bool // counts as a medium sign, not a high one
}

// lookalike reports whether host is made to look like the organisation's domains or a known
// brand without belonging to them. It tries, in order: a trusted domain put in front of another
// (nhs.net.secure-login.com), the same name with another ending (nhs.com), the name as a word
// of the address (nhs-net.com), letters swapped for look-alikes (rnicrosoft.com, or Cyrillic
// letters in an international name), and a one- or two-letter slip (micosoft.com).
func (c *checker) lookalike(host string) (lookalikeMatch, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" || c.trusted(host) {
		return lookalikeMatch{}, false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return lookalikeMatch{}, false
	}
	reg := registrableDomain(host)
	label := domainLabel(reg)
	if label == "" {
		return lookalikeMatch{}, false
	}
	// International names are compared as readers see them.
	shown, international := label, strings.HasPrefix(label, "xn--")
	if international {
		if u, err := idna.ToUnicode(label); err == nil {
			shown = u
		}
	}
	words := strings.Split(shown, "-") // "nhs-supplies-invoices" → nhs, supplies, invoices
	// Letter swaps are looked for in each word and in the whole name.
	candidates := words
	if len(words) > 1 {
		candidates = append(slices.Clip(words), shown)
	}
	shapes := make([]string, len(candidates))
	for i, w := range candidates {
		shapes[i] = skeleton(w)
	}
	subLabels := strings.Split(strings.TrimSuffix(host, reg), ".")

	for _, b := range c.brands {
		for _, d := range b.domains {
			if strings.HasPrefix(host, d+".") || strings.Contains(host, "."+d+".") {
				return lookalikeMatch{how: fmt.Sprintf("starts with %s but really belongs to %s", d, reg)}, true
			}
		}
		if label == b.name {
			return lookalikeMatch{how: fmt.Sprintf("uses the name %s with a different ending (%s is not %s's)", b.name, reg, b.title)}, true
		}
		if len(words) > 1 && slices.Contains(words, b.name) {
			return lookalikeMatch{how: fmt.Sprintf("contains the name %s, but %s does not belong to %s", b.name, reg, b.title)}, true
		}
		for _, s := range subLabels {
			if s == b.name {
				// outlook.example.biz: weaker than a whole trusted domain in front, since
				// anyone may name a server after a word.
				return lookalikeMatch{how: fmt.Sprintf("starts with %s but really belongs to %s", b.name, reg), weak: true}, true
			}
		}
		for i, w := range candidates {
			if w == b.name || shapes[i] != b.shape {
				continue
			}
			if international || !isASCII(w) {
				return lookalikeMatch{how: fmt.Sprintf("uses letters from another alphabet to look like %s (%s)", b.title, reg)}, true
			}
			return lookalikeMatch{how: fmt.Sprintf("is spelled to look like %s (%s)", b.title, reg)}, true
		}
		// Slips are looked for in the whole name only: single words have too many honest
		// neighbours ("seeds" is one letter from "leeds").
		if limit := typoLimit(b.name); limit > 0 {
			if d := editDistance(shown, b.name, limit); d > 0 && d <= limit {
				return lookalikeMatch{how: fmt.Sprintf("is %s away from %s (%s)", lettersText(d), b.name, reg)}, true
			}
		}
	}
	return lookalikeMatch{}, false
}

// typoLimit is how many slips make a lookalike of a name; short names have too many honest
// neighbours to compare this way.
func typoLimit(name string) int {
	switch n := len(name); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

func lettersText(n int) string {
	if n == 1 {
		return "one letter"
	}
	return fmt.Sprintf("%d letters", n)
}

// confusables maps letters from other alphabets to the Latin letters they are drawn like.
var confusables = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j',
	'һ': 'h', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l', 'ɡ': 'g', 'ı': 'i', 'ɩ': 'i',
	'α': 'a', 'ο': 'o', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'ρ': 'p', 'υ': 'u', 'τ': 't',
	'օ': 'o', 'ո': 'n', 'ս': 'u',
	'0': 'o', '1': 'l', 'i': 'l', '|': 'l', '3': 'e', '5': 's', '$': 's',
}

// skeleton reduces a name to the shapes a reader sees, so that names drawn alike compare
// equal: "rnicrosoft" and "microsoft", "nhsmai1" and "nhsmail".
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if c, ok := confusables[r]; ok {
			r = c
		}
		if c, ok := confusables[r]; ok { // Cyrillic і becomes i, then l like Latin i
			r = c
		}
		b.WriteRune(r)
	}
	return shapeReplacer.Replace(b.String())
}

// shapeReplacer joins letter pairs that read as one letter.
var shapeReplacer = strings.NewReplacer("rn", "m", "vv", "w", "cl", "d")

// editDistance is the optimal-string-alignment distance between a and b (an adjacent swap
// counts as one slip), or limit+1 once it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// registrableDomain is the part of a host name that someone registered: "example.co.uk" for
// "www.example.co.uk". An IP address, or a name with no registrable part, is returned as is.
func registrableDomain(host string) string {
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if _, err := netip.ParseAddr(host); err == nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// domainLabel is the registered name without its public suffix: "example" for "example.co.uk".
func domainLabel(reg string) string {
	suffix, _ := publicsuffix.PublicSuffix(reg)
	if suffix == reg {
		return ""
	}
	return strings.TrimSuffix(reg, "."+suffix)
}

func notLetterOrDigit(r rune) bool {
	return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
