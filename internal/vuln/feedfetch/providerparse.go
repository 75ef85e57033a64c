package feedfetch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/gocsaf/csaf/v3/csaf"
)

// What a CSAF provider may send, apart from the documents themselves (whose limit is the
// feed's): a provider that sends more is refused rather than read without end.
const (
	maxMetadataBytes  = 1 << 20
	maxListBytes      = 32 << 20 // changes.csv, index.txt, one ROLIE feed
	maxListed         = 200_000  // entries read from one list
	maxHashFileBytes  = 4 << 10
	maxSignatureBytes = 64 << 10
	maxKeyBytes       = 1 << 20
	maxListProblems   = 20 // problems kept per list; the count says how many more
)

// listedDocument is one document a provider lists, with where its hash and signature are.
type listedDocument struct {
	URL, SHA256, SHA512, Signature string
	// Updated is when the list says the document last changed; zero when it does not
	// say (index.txt), and then the document is fetched on every run.
	Updated time.Time
}

// conventional fills in the hash and signature addresses the standard puts beside every
// document (7.1.18, 7.1.19) where a list did not name them.
func (d listedDocument) conventional() listedDocument {
	if d.SHA256 == "" && d.SHA512 == "" {
		d.SHA256, d.SHA512 = d.URL+".sha256", d.URL+".sha512"
	}
	if d.Signature == "" {
		d.Signature = d.URL + ".asc"
	}
	return d
}

// parseProviderMetadata reads a provider-metadata.json with the gocsaf types, which refuse
// unknown fields and a document without its required parts.
func parseProviderMetadata(where string, data []byte) (*csaf.ProviderMetadata, error) {
	if len(data) > maxMetadataBytes {
		return nil, fmt.Errorf("%s: the provider metadata is larger than %d bytes", where, maxMetadataBytes)
	}
	md, err := csaf.LoadProviderMetadata(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not CSAF provider metadata: %w", where, err)
	}
	return md, nil
}

// httpsAddress resolves ref against base and accepts it only as an https address: a
// provider's documents, hashes, signatures and keys are never fetched in the clear.
func httpsAddress(base *url.URL, ref string) (string, error) {
	u, err := base.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("%q is not an address: %w", ref, err)
	}
	if u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("%q is not an https address", ref)
	}
	u.Fragment = ""
	return u.String(), nil
}

// listProblems collects what could not be read in a list, keeping the first few.
type listProblems struct {
	where string
	kept  []string
	more  int
}

func (p *listProblems) add(format string, args ...any) {
	if len(p.kept) < maxListProblems {
		p.kept = append(p.kept, p.where+": "+fmt.Sprintf(format, args...))
		return
	}
	p.more++
}

func (p *listProblems) list() []string {
	if p.more > 0 {
		return append(p.kept, fmt.Sprintf("%s: and %d more lines that could not be read", p.where, p.more))
	}
	return p.kept
}

// parseChanges reads a directory's changes.csv: one "path,timestamp" line per document
// (7.1.13), the path relative to the directory. A line that cannot be read is skipped
// and said; a list too large or with too many entries is refused.
func parseChanges(where string, dir *url.URL, data []byte) ([]listedDocument, []string, error) {
	if len(data) > maxListBytes {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", where, maxListBytes)
	}
	problems := listProblems{where: where}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.ReuseRecord = -1, true
	var out []listedDocument
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err != csv.ErrFieldCount {
				return out, problems.list(), fmt.Errorf("%s: line %d: %w", where, pe.Line, pe.Err)
			}
			return out, problems.list(), fmt.Errorf("%s: line %d: %w", where, line, err)
		}
		if len(out) >= maxListed {
			return nil, nil, fmt.Errorf("%s: more than %d documents listed", where, maxListed)
		}
		if len(rec) < 2 {
			problems.add("line %d has no timestamp", line)
			continue
		}
		at, err := time.Parse(time.RFC3339, strings.TrimSpace(rec[1]))
		if err != nil {
			problems.add("line %d: %q is not an RFC 3339 time", line, rec[1])
			continue
		}
		u, err := httpsAddress(dir, rec[0])
		if err != nil {
			problems.add("line %d: %v", line, err)
			continue
		}
		out = append(out, listedDocument{URL: u, Updated: at.UTC()}.conventional())
	}
	return out, problems.list(), nil
}

// parseIndex reads a directory's index.txt: one document path per line (7.1.12).
func parseIndex(where string, dir *url.URL, data []byte) ([]listedDocument, []string, error) {
	if len(data) > maxListBytes {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", where, maxListBytes)
	}
	problems := listProblems{where: where}
	var out []listedDocument
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if len(out) >= maxListed {
			return nil, nil, fmt.Errorf("%s: more than %d documents listed", where, maxListed)
		}
		u, err := httpsAddress(dir, text)
		if err != nil {
			problems.add("line %d: %v", line, err)
			continue
		}
		out = append(out, listedDocument{URL: u}.conventional())
	}
	if err := sc.Err(); err != nil {
		return out, problems.list(), fmt.Errorf("%s: %w", where, err)
	}
	return out, problems.list(), nil
}

// parseROLIE reads a ROLIE feed (7.1.15) with the gocsaf types: each entry's document is
// its "self" link or its content's src, with "hash" and "signature" links beside it.
func parseROLIE(where string, feedURL *url.URL, data []byte) ([]listedDocument, []string, error) {
	if len(data) > maxListBytes {
		return nil, nil, fmt.Errorf("%s: larger than %d bytes", where, maxListBytes)
	}
	feed, err := csaf.LoadROLIEFeed(bytes.NewReader(data))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: not a ROLIE feed: %w", where, err)
	}
	if n := feed.CountEntries(); n > maxListed {
		return nil, nil, fmt.Errorf("%s: more than %d entries", where, maxListed)
	}
	problems := listProblems{where: where}
	var out []listedDocument
	for i, e := range feed.Feed.Entry {
		var d listedDocument
		ref := e.Content.Src
		for _, l := range e.Link {
			switch {
			case l.Rel == "self":
				ref = l.HRef
			case l.Rel == "signature":
				d.Signature = l.HRef
			case l.Rel == "hash" && strings.HasSuffix(strings.ToLower(l.HRef), ".sha256"):
				d.SHA256 = l.HRef
			case l.Rel == "hash" && strings.HasSuffix(strings.ToLower(l.HRef), ".sha512"):
				d.SHA512 = l.HRef
			}
		}
		if d.URL, err = httpsAddress(feedURL, ref); err != nil {
			problems.add("entry %d (%s): %v", i+1, e.ID, err)
			continue
		}
		for _, link := range []*string{&d.SHA256, &d.SHA512, &d.Signature} {
			if *link != "" {
				if *link, err = httpsAddress(feedURL, *link); err != nil {
					problems.add("entry %d (%s): %v", i+1, e.ID, err)
					*link = ""
				}
			}
		}
		d.Updated = time.Time(e.Updated).UTC()
		out = append(out, d.conventional())
	}
	return out, problems.list(), nil
}

// parseHashFile reads a .sha256 or .sha512 file: the hex digest, optionally followed by
// the file name as sha256sum writes it.
func parseHashFile(data []byte, hexLen int) (string, error) {
	if len(data) > maxHashFileBytes {
		return "", fmt.Errorf("the hash file is larger than %d bytes", maxHashFileBytes)
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return "", errors.New("the hash file is empty")
	}
	sum := strings.ToLower(fields[0])
	if _, err := hex.DecodeString(sum); err != nil || len(sum) != hexLen {
		return "", fmt.Errorf("the hash file does not start with a %d-digit hex digest", hexLen)
	}
	return sum, nil
}
