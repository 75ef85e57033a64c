package ident

import "testing"

func FuzzParseCPE(f *testing.F) {
	for _, s := range []string{"cpe:2.3:a:wolfssl:wolfssl:4.8.1:*:*:*:*:*:*:*", `cpe:2.3:a:foo\!bar:big\$money:1.0\:beta:*:*:*:*:*:*:*`,
		"cpe:2.3:h:qualcomm:atheros_qca9563:*:*:*:*:*:*:*:*", "cpe:2.3:o:amazon:freertos:10.0.1:*:*:*:-:*:*:*", "cpe:2.3:a:??foo*:bar:1:*:*:*:*:*:*:*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCPE(s)
		if err != nil {
			return
		}
		again, err := ParseCPE(c.String())
		if err != nil || again != c {
			t.Errorf("%q printed as %q, which reads back as %v, %v", s, c, again, err)
		}
		_ = c.Version()
	})
}

func FuzzParsePURL(f *testing.F) {
	for _, s := range []string{"pkg:npm/%40babel/core@7.21.2#packages/babel-core", "pkg:pypi/Django_Rest@3.0",
		"pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12", "pkg:maven/org.apache/x@1?type=jar", "pkg:generic/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePURL(s)
		if err != nil {
			return
		}
		if p.HasEcosystem() && p.Package.Name == "" {
			t.Errorf("%q names an ecosystem but no package", s)
		}
		_ = p.Unversioned()
	})
}
