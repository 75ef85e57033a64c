package ident

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestNormaliseName(t *testing.T) {
	tests := []struct{ eco, in, want string }{
		{"PyPI", "Products.PluggableAuthService", "products-pluggableauthservice"},
		{"PyPI", "zope__interface", "zope-interface"},
		{"PyPI", "Gradio", "gradio"},
		{"npm", "JSONStream", "JSONStream"},
		{"npm", "@babel/core", "@babel/core"},
		{"NuGet", "Newtonsoft.Json", "newtonsoft.json"},
		{"Maven", "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-core"},
		{"Debian", "OpenSSL", "openssl"},
	}
	for _, tt := range tests {
		if got := NormaliseName(tt.eco, tt.in); got != tt.want {
			t.Errorf("NormaliseName(%s, %s) = %q, want %q", tt.eco, tt.in, got, tt.want)
		}
	}
	if p := NewPackage("Debian:12", "OpenSSL"); p != (Package{"Debian", "openssl"}) {
		t.Errorf("NewPackage = %v", p)
	}
}

func TestParsePURL(t *testing.T) {
	tests := []struct {
		in      string
		pkg     Package
		release string
	}{
		{"pkg:npm/%40babel/helper-string-parser@7.19.4#packages/babel-parser", Package{"npm", "@babel/helper-string-parser"}, ""},
		{"pkg:pypi/Django_Rest@3.0", Package{"PyPI", "django-rest"}, ""},
		{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", Package{"Maven", "org.apache.logging.log4j:log4j-core"}, ""},
		{"pkg:golang/github.com/gin-gonic/gin@v1.9.0", Package{"Go", "github.com/gin-gonic/gin"}, ""},
		{"pkg:nuget/Newtonsoft.Json@9.0.1", Package{"NuGet", "newtonsoft.json"}, ""},
		{"pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12", Package{"Debian", "openssl"}, "12"},
		{"pkg:apk/alpine/openssl?arch=source", Package{"Alpine", "openssl"}, ""},
		{"pkg:rpm/redhat/openssl@1.1.1k-12.el8", Package{"Red Hat", "openssl"}, ""},
		{"pkg:generic/qualcomm_atheros_qca9563", Package{}, ""},
		{"pkg:github/wolfssl/wolfssl", Package{}, ""},
	}
	for _, tt := range tests {
		p, err := ParsePURL(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if p.Package != tt.pkg || p.Release != tt.release {
			t.Errorf("%s: package %v release %q, want %v %q", tt.in, p.Package, p.Release, tt.pkg, tt.release)
		}
	}
	for _, bad := range []string{"npm/left-pad@1.0.0", "pkg:npm", "pkg:/", "pkg:npm/%zz@1", "pkg:9npm/x",
		"pkg:" + strings.Repeat("a", MaxPURLLength)} {
		if p, err := ParsePURL(bad); err == nil {
			t.Errorf("%q parsed as %v", bad, p)
		}
	}
}

// TestPURLsOfSharedData parses every purl in the juice-shop SBOM, the medical-device SBOMs
// and the OSV records: all must parse, npm ones must name the component's group and name.
func TestPURLsOfSharedData(t *testing.T) {
	var bom struct {
		Components []struct{ Group, Name, PURL string }
	}
	b, err := os.ReadFile("../testdata/juice-shop.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &bom); err != nil {
		t.Fatal(err)
	}
	for _, c := range bom.Components {
		p, err := ParsePURL(c.PURL)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		want := c.Name
		if c.Group != "" {
			want = c.Group + "/" + c.Name
		}
		if p.Package != (Package{"npm", want}) {
			t.Errorf("%s: package %v, want npm/%s", c.PURL, p.Package, want)
		}
	}
	if len(bom.Components) != 1115 {
		t.Errorf("%d components", len(bom.Components))
	}
	counts := map[string]int{}
	for _, name := range []string{"medical-device-narrow.cdx.json", "medical-device-extended.cdx.json"} {
		b, _ := os.ReadFile("../testdata/" + name)
		bom.Components = nil
		if err := json.Unmarshal(b, &bom); err != nil {
			t.Fatal(err)
		}
		for _, c := range bom.Components {
			p, err := ParsePURL(c.PURL)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			counts[p.Ecosystem()]++
		}
	}
	// The device SBOMs describe .NET libraries by NuGet purls and firmware by generic and
	// GitHub purls, which name no OSV ecosystem.
	if counts["NuGet"] == 0 || counts[""] == 0 {
		t.Errorf("ecosystems of the medical-device purls: %v", counts)
	}
	for _, f := range []string{"CVE-2018-5407.json", "PYSEC-2023-74.json"} {
		b, _ := os.ReadFile("../testdata/osv/" + f)
		var rec struct {
			Affected []struct {
				Package struct{ Ecosystem, Name, PURL string }
			}
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Affected {
			if a.Package.PURL == "" {
				continue
			}
			p, err := ParsePURL(a.Package.PURL)
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if want := NewPackage(a.Package.Ecosystem, a.Package.Name); p.Package != want {
				t.Errorf("%s: purl %s names %v, the record says %v", f, a.Package.PURL, p.Package, want)
			}
		}
	}
}

func TestParseCPE(t *testing.T) {
	c, err := ParseCPE(`cpe:2.3:a:the_legion_of_the_bouncy_castle_inc.:bouncycastle:1.8.1:*:*:*:*:*:*:*`)
	if err != nil {
		t.Fatal(err)
	}
	if c.VendorProduct() != "the_legion_of_the_bouncy_castle_inc.:bouncycastle" || c.Version() != "1.8.1" || c.Part() != "a" {
		t.Errorf("parsed %v", c)
	}
	c, err = ParseCPE(`cpe:2.3:a:Foo\!bar:big\$money:1.0\:beta:*:*:*:*:*:*:*`)
	if err != nil {
		t.Fatal(err)
	}
	if c.Vendor() != `foo\!bar` || c.Version() != "1.0:beta" || c.Value(1) != "foo!bar" {
		t.Errorf("escapes: vendor %q version %q", c.Vendor(), c.Version())
	}
	for in, want := range map[string]string{
		"cpe:/a:redhat:openshift:4.6::el8":                  `cpe:2.3:a:redhat:openshift:4.6:*:el8:*:*:*:*:*`,
		"cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha": "cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*",
		"cpe:/a:foo%21bar:big%24money:1%02":                 `cpe:2.3:a:foo\!bar:big\$money:1*:*:*:*:*:*:*:*`,
		"cpe:/a:hp:insight:7.4::~~online~win2003~x64~":      `cpe:2.3:a:hp:insight:7.4:*:*:*:online:win2003:x64:*`,
	} {
		c, err := ParseCPE(in)
		if err != nil || c.String() != want {
			t.Errorf("%s: %v, %v; want %s", in, c, err, want)
		}
	}
	hw, _ := ParseCPE("cpe:2.3:h:qualcomm:atheros_qca9563:*:*:*:*:*:*:*:*")
	if hw.Version() != "" || hw.HasWildcard() {
		t.Errorf("hardware CPE: version %q wildcard %v", hw.Version(), hw.HasWildcard())
	}
	if w, _ := ParseCPE("cpe:2.3:a:*:openssl:*:*:*:*:*:*:*:*"); !w.HasWildcard() {
		t.Error("any vendor is not a wildcard")
	}

	bad := []struct{ in, says string }{
		{`cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*`, "10 of the 11 parts"},
		{`cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*:*`, "more than the 11 parts"},
		{`cpe:2.3:a:foo\:bar:1.0:*:*:*:*:*:*:*`, "10 of the 11 parts"},
		{`cpe:2.3:a:foo bar:baz:1.0:*:*:*:*:*:*:*`, "vendor has a space"},
		{`cpe:2.3:a:foo:bar!:1.0:*:*:*:*:*:*:*`, `must be escaped as \!`},
		{`cpe:2.3:a:foo:b\ar:1.0:*:*:*:*:*:*:*`, "not punctuation"},
		{`cpe:2.3:a:foo:bar:1.0\`, "backslash that escapes nothing"},
		{`cpe:2.3:a:foo:ba*r:1.0:*:*:*:*:*:*:*`, "has * inside it"},
		{`cpe:2.3:x:foo:bar:1.0:*:*:*:*:*:*:*`, "part must be"},
		{`cpe:2.3:a::bar:1.0:*:*:*:*:*:*:*`, "vendor is empty"},
		{`cpe:/a:foo:bar:1.0%zz`, "CPE 2.2"},
		{`cpe:/a:foo:bar:1.0:a:b:c:d`, "CPE 2.2"},
		{`foo`, `starts with "cpe:2.3:"`},
	}
	for _, b := range bad {
		_, err := ParseCPE(b.in)
		var ce *CPEError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), b.says) {
			t.Errorf("%s: error %v, want one saying %q", b.in, err, b.says)
		}
	}
	_, err = ParseCPE(`cpe:2.3:a:foo:bar!:1.0:*:*:*:*:*:*:*`)
	if ce := (*CPEError)(nil); errors.As(err, &ce) && ce.Column != 18 {
		t.Errorf("column %d, want 18 (the \"!\")", ce.Column)
	}
}

// TestCPEsOfMedicalDevices parses every CPE in the medical-device SBOMs.
func TestCPEsOfMedicalDevices(t *testing.T) {
	for _, name := range []string{"medical-device-narrow.cdx.json", "medical-device-extended.cdx.json"} {
		b, _ := os.ReadFile("../testdata/" + name)
		var bom struct{ Components []struct{ Name, CPE string } }
		if err := json.Unmarshal(b, &bom); err != nil {
			t.Fatal(err)
		}
		for _, c := range bom.Components {
			p, err := ParseCPE(c.CPE)
			if err != nil {
				t.Errorf("%s %s: %v", name, c.Name, err)
				continue
			}
			if p.String() != strings.ToLower(c.CPE) {
				t.Errorf("%s printed as %s", c.CPE, p)
			}
		}
	}
}
