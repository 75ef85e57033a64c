package findings

import (
	"strings"
	"testing"
)

// FuzzProductOf reads what people type to name a product: it never panics, and either
// refuses with a reason or names a product.
func FuzzProductOf(f *testing.F) {
	for _, s := range []string{"wolfssl:wolfssl", "pkg:npm/lodash@4.17.20", "pkg:maven/org.apache.logging.log4j/log4j-core",
		"cpe:2.3:a:wolfssl:wolfssl:5.2.0:*:*:*:*:*:*:*", "cpe:2.3:a:bad\\", "log4j", ":", "pkg:", "pkg:generic/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := productOf(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q refused without a reason", s)
			}
			return
		}
		if p.Name == "" || !strings.Contains(p.Name, ":") && !strings.Contains(p.Name, "/") {
			t.Fatalf("%q read as %+v", s, p)
		}
	})
}

// FuzzLikeWord: an id's own wildcards are escaped, so a pattern never matches more than
// the id itself.
func FuzzLikeWord(f *testing.F) {
	f.Add("CVE-2024-3400")
	f.Add("100%_\\")
	f.Fuzz(func(t *testing.T, id string) {
		w := likeWord(id)
		inner := w[2 : len(w)-2]
		for i := 0; i < len(inner); i++ {
			if inner[i] == '\\' {
				i++ // the escaped character
				continue
			}
			if inner[i] == '%' || inner[i] == '_' {
				t.Fatalf("unescaped wildcard in %q", w)
			}
		}
	})
}
