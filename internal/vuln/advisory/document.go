package advisory

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// Kind is the format of an advisory document.
type Kind string

const (
	KindOSV          Kind = "OSV"
	KindCSAF         Kind = "CSAF"
	KindCVE5         Kind = "CVE JSON 5"
	KindCycloneDXVEX Kind = "CycloneDX VEX"
)

// KindOf tells the format of a document from its content: the key "csaf_version" makes
// it CSAF, the value "CVE_RECORD" a CVE record, the key "bomFormat" (or XML) CycloneDX,
// and anything else is read as OSV.
func KindOf(data []byte) Kind {
	switch {
	case hasWord(data, `"csaf`, `_version"`):
		return KindCSAF
	case hasWord(data, `"CVE`, `_RECORD"`):
		return KindCVE5
	case hasWord(data, `"bom`, `Format"`) || bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("<")):
		return KindCycloneDXVEX
	}
	return KindOSV
}

// hasWord reports whether data contains head+tail. It searches for tail, which starts
// with a byte that is rare in JSON, because searching for a word that starts with a
// quote mark is several times slower, and this runs on every record of a large zip.
func hasWord(data []byte, head, tail string) bool {
	t := []byte(tail)
	for from := 0; ; {
		i := bytes.Index(data[from:], t)
		if i < 0 {
			return false
		}
		at := from + i
		if at >= len(head) && string(data[at-len(head):at]) == head {
			return true
		}
		from = at + 1
	}
}

// ParseDocument reads one advisory document of any supported format.
func ParseDocument(name string, data []byte) ([]Advisory, error) {
	switch KindOf(data) {
	case KindCSAF:
		return ParseCSAF(name, data)
	case KindCVE5:
		a, err := ParseCVE5(name, data)
		if err != nil {
			return nil, err
		}
		return []Advisory{a}, nil
	case KindCycloneDXVEX:
		return ParseCycloneDXVEX(name, data)
	}
	a, err := ParseOSV(name, data)
	if err != nil {
		return nil, err
	}
	return []Advisory{a}, nil
}

// ReadPath reads advisories from a file, a folder or a zip of documents, in any supported
// format, calling fn for each from one goroutine. Documents that cannot be read are
// returned as problems and the others kept; an error from fn stops the reading. A single
// file that cannot be read is an error.
func ReadPath(ctx context.Context, path string, opt ReadOptions, fn func(Advisory) error) ([]Problem, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read advisories: %w", err)
	}
	if st.IsDir() || filepath.Ext(path) == ".zip" {
		return ReadOSVPath(ctx, path, opt, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read advisories: %w", err)
	}
	defer f.Close()
	data, err := input.ReadAll(filepath.Base(path), f, MaxCSAFBytes)
	if err != nil {
		return nil, err
	}
	as, err := ParseDocument(filepath.Base(path), data)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if err := fn(a); err != nil {
			return nil, err
		}
	}
	return nil, nil
}
