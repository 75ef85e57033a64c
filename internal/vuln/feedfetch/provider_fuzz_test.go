package feedfetch

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzProviderLists reads what a CSAF provider sends about its documents — its
// metadata, changes.csv, index.txt, a ROLIE feed, a hash file — and never panics: each
// either refuses with a reason or lists only https documents with their hash and
// signature addresses.
func FuzzProviderLists(f *testing.F) {
	for _, s := range []string{
		`{"canonical_url": "https://p.example/.well-known/csaf/provider-metadata.json", "last_updated": "2026-11-02T09:00:00Z",
		  "list_on_CSAF_aggregators": true, "metadata_version": "2.0", "mirror_on_CSAF_aggregators": true, "role": "csaf_trusted_provider",
		  "publisher": {"category": "vendor", "name": "P", "namespace": "https://p.example"},
		  "public_openpgp_keys": [{"fingerprint": "0123456789ABCDEF0123456789ABCDEF01234567", "url": "https://p.example/key.asc"}],
		  "distributions": [{"directory_url": "https://p.example/.well-known/csaf/white/"},
		    {"rolie": {"feeds": [{"summary": "w", "tlp_label": "WHITE", "url": "https://p.example/feed.json"}]}}]}`,
		"\"2026/a.json\",\"2026-11-02T09:00:00Z\"\n2026/b.json,2026-11-03T09:00:00+01:00\nbad line\n",
		"2026/a.json\n\n../b.json\nhttp://elsewhere.example/x.json\n",
		`{"feed": {"id": "f", "title": "t", "updated": "2026-11-02T09:00:00Z", "entry": [{"id": "a", "title": "a",
		  "content": {"type": "application/json", "src": "2026/a.json"}, "published": "2026-11-02T09:00:00Z", "updated": "2026-11-02T09:00:00Z",
		  "format": {"schema": "s", "version": "2.0"},
		  "link": [{"rel": "self", "href": "2026/a.json"}, {"rel": "hash", "href": "2026/a.json.sha256"}, {"rel": "signature", "href": "2026/a.json.asc"}]}, null]}}`,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.json\n",
		"\"unterminated,2026",
	} {
		f.Add([]byte(s))
	}
	base, _ := url.Parse("https://p.example/.well-known/csaf/white/")
	f.Fuzz(func(t *testing.T, data []byte) {
		if md, err := parseProviderMetadata("metadata", data); err == nil && md == nil {
			t.Fatal("no metadata and no error")
		} else if err != nil && err.Error() == "" {
			t.Fatal("metadata refused without a reason")
		}
		for name, parse := range map[string]func(string, *url.URL, []byte) ([]listedDocument, []string, error){
			"changes.csv": parseChanges, "index.txt": parseIndex, "feed.json": parseROLIE} {
			docs, problems, err := parse(name, base, data)
			if err != nil && !strings.HasPrefix(err.Error(), name) {
				t.Fatalf("%s: the error does not say where: %v", name, err)
			}
			for _, p := range problems {
				if !strings.HasPrefix(p, name) {
					t.Fatalf("%s: the problem does not say where: %q", name, p)
				}
			}
			for _, d := range docs {
				for _, u := range []string{d.URL, d.Signature} {
					if !strings.HasPrefix(u, "https://") {
						t.Fatalf("%s: listed %q, not https", name, u)
					}
				}
				if d.SHA256 == "" && d.SHA512 == "" {
					t.Fatalf("%s: %s listed without a hash address", name, d.URL)
				}
			}
		}
		if sum, err := parseHashFile(data, 64); err == nil && len(sum) != 64 {
			t.Fatalf("hash %q read from %q", sum, data)
		}
	})
}
