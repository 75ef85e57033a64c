package feedfetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gocsaf/csaf/v3/csaf"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// A CSAF provider (CSAF 2.0 section 7) is followed rather than fetched: its
// provider-metadata.json lists directories (changes.csv, index.txt) and ROLIE feeds of
// documents; each document is fetched with its hash and OpenPGP signature, checked
// against the keys the metadata lists, and imported only when both check out and it is
// TLP:WHITE (TLP:CLEAR). The newest timestamp handled is kept, so the next run fetches
// only documents changed since.

// providerPrefix marks a configured address as a CSAF provider to follow.
const providerPrefix = "csaf:"

// DefaultMaxDocuments is how many documents one run of a provider fetches at most; the
// rest wait for the next run, oldest first.
const DefaultMaxDocuments = 200

// IsProvider reports whether a configured address names a CSAF provider: written as
// "csaf:ADDRESS-OR-DOMAIN", or an address ending in provider-metadata.json.
func IsProvider(address string) bool {
	return strings.HasPrefix(address, providerPrefix) || strings.HasSuffix(address, "/provider-metadata.json")
}

// ProviderMetadataURL is the provider-metadata.json a configured provider names. A bare
// domain means its well-known place (7.1.20); only https is accepted.
func ProviderMetadataURL(address string) (string, error) {
	a := strings.TrimSpace(strings.TrimPrefix(address, providerPrefix))
	if a != "" && !strings.Contains(a, "://") {
		if strings.ContainsAny(a, "/?#@ \\") {
			return "", fmt.Errorf("CSAF provider %q: give a domain (such as provider.example) or the https address of its provider-metadata.json", address)
		}
		a = "https://" + a + "/.well-known/csaf/provider-metadata.json"
	}
	u, err := url.Parse(a)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("CSAF provider %q: a provider is followed only at an https address", address)
	}
	return u.String(), nil
}

// providerRun is one run of one provider, within the feed's limits.
type providerRun struct {
	client   *http.Client
	timeout  time.Duration
	maxBytes int64 // one document
	maxDocs  int
	now      time.Time
}

// providerOutcome is what one run found.
type providerOutcome struct {
	Advisories []advisory.Advisory
	Imported   []string // addresses of the documents whose advisories are in Advisories
	Refused    []findings.Refusal
	Since      time.Time // the new watermark
	Listed     int       // documents the provider lists in the distributions read
	Changed    int       // of them, changed since the last run (or never dated)
	Left       int       // changed, but left for the next run by the limit per run
	Notes      []string  // feeds skipped, keys not used, lines not read
}

// providerClient is client, but a redirect is followed only to https on the same host:
// a provider cannot send Vigil to fetch from anywhere else.
func providerClient(client *http.Client) *http.Client {
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("more than 5 redirects")
		}
		if req.URL.Scheme != "https" || req.URL.Host != via[0].URL.Host {
			return fmt.Errorf("redirected to %s: a provider may redirect only to https addresses on its own host", req.URL.Redacted())
		}
		return nil
	}
	return &c
}

// follow reads the provider's metadata and lists and fetches, checks and reads every
// document changed after since. An error means the provider could not be read at all;
// a document that fails is refused on its own.
func (p *providerRun) follow(ctx context.Context, address string, since time.Time) (providerOutcome, error) {
	out := providerOutcome{Since: since}
	mdAddr, err := ProviderMetadataURL(address)
	if err != nil {
		return out, err
	}
	res, err := Fetch(ctx, p.client, Request{URL: mdAddr, MaxBytes: maxMetadataBytes, Timeout: p.timeout})
	if err != nil {
		return out, err
	}
	md, err := parseProviderMetadata(mdAddr, res.Body)
	if err != nil {
		return out, err
	}
	mdURL, _ := url.Parse(mdAddr)
	keys, notes := p.providerKeys(ctx, md, mdURL)
	out.Notes = append(out.Notes, notes...)
	if len(keys) == 0 {
		return out, fmt.Errorf("%s: no OpenPGP key to check signatures with, so no document can be trusted. %s", mdAddr, strings.Join(notes, " "))
	}
	listed, err := p.listDocuments(ctx, md, mdURL, &out)
	if err != nil {
		return out, err
	}
	out.Listed = len(listed)
	var due []listedDocument
	for _, d := range listed {
		if d.Updated.IsZero() || d.Updated.After(since) {
			due = append(due, d)
		}
	}
	out.Changed = len(due)
	// Oldest first, undated last: the watermark moves only over documents handled.
	slices.SortStableFunc(due, func(a, b listedDocument) int {
		switch {
		case a.Updated.IsZero() != b.Updated.IsZero():
			if a.Updated.IsZero() {
				return 1
			}
			return -1
		default:
			return a.Updated.Compare(b.Updated)
		}
	})
	handled := make([]bool, len(due))
	for i, d := range due {
		if i >= p.maxDocs {
			out.Left = len(due) - i
			break
		}
		if ctx.Err() != nil {
			break
		}
		handled[i] = p.document(ctx, d, keys, &out)
	}
	out.Since = watermark(since, due, handled)
	return out, nil
}

// watermark is the newest timestamp below which every dated document was handled. A
// document not handled (not fetched, or left by the limit) holds it back, as does every
// document of the same timestamp, so none is skipped next time.
func watermark(since time.Time, due []listedDocument, handled []bool) time.Time {
	mark := since
	for i, d := range due {
		if d.Updated.IsZero() {
			break
		}
		if !handled[i] {
			for j := i - 1; j >= 0; j-- {
				if due[j].Updated.Before(d.Updated) {
					if due[j].Updated.After(mark) {
						mark = due[j].Updated
					}
					break
				}
			}
			return mark
		}
	}
	for i := len(due) - 1; i >= 0; i-- {
		if !due[i].Updated.IsZero() {
			if due[i].Updated.After(mark) {
				mark = due[i].Updated
			}
			break
		}
	}
	return mark
}

// listDocuments reads every distribution: ROLIE feeds labelled TLP:WHITE, and
// directories through changes.csv (or index.txt where there is none). A document listed
// twice is kept once, with its newest time. Without distributions the metadata's own
// folder is the directory, as the standard allows.
func (p *providerRun) listDocuments(ctx context.Context, md *csaf.ProviderMetadata, mdURL *url.URL, out *providerOutcome) ([]listedDocument, error) {
	dists := md.Distributions
	if len(dists) == 0 {
		dists = []csaf.Distribution{{DirectoryURL: "./"}}
	}
	byURL := map[string]int{}
	var all []listedDocument
	add := func(docs []listedDocument) error {
		for _, d := range docs {
			if i, ok := byURL[d.URL]; ok {
				if d.Updated.After(all[i].Updated) {
					all[i].Updated = d.Updated
				}
				continue
			}
			if len(all) >= maxListed {
				return fmt.Errorf("%s: the provider lists more than %d documents", mdURL, maxListed)
			}
			byURL[d.URL] = len(all)
			all = append(all, d)
		}
		return nil
	}
	for _, dist := range dists {
		if dist.Rolie != nil {
			for _, f := range dist.Rolie.Feeds {
				docs, err := p.rolieFeed(ctx, f, mdURL, out)
				if err != nil {
					return nil, err
				}
				if err := add(docs); err != nil {
					return nil, err
				}
			}
		}
		if dist.DirectoryURL != "" {
			docs, err := p.directory(ctx, dist.DirectoryURL, mdURL, out)
			if err != nil {
				return nil, err
			}
			if err := add(docs); err != nil {
				return nil, err
			}
		}
	}
	return all, nil
}

// importableTLP says whether a TLP label may be imported: Vigil shares what it imports
// with every organisation it serves, so only TLP:WHITE (TLP:CLEAR in TLP 2.0).
func importableTLP(label string) bool {
	l := strings.ToUpper(strings.TrimSpace(label))
	return l == csaf.TLPLabelWhite || l == "CLEAR"
}

func (p *providerRun) rolieFeed(ctx context.Context, f csaf.Feed, mdURL *url.URL, out *providerOutcome) ([]listedDocument, error) {
	if f.URL == nil {
		return nil, nil
	}
	addr, err := httpsAddress(mdURL, string(*f.URL))
	if err != nil {
		return nil, fmt.Errorf("%s: ROLIE feed: %w", mdURL, err)
	}
	if f.TLPLabel == nil || !importableTLP(string(*f.TLPLabel)) {
		label := "unlabelled"
		if f.TLPLabel != nil {
			label = "TLP:" + string(*f.TLPLabel)
		}
		out.Notes = append(out.Notes, fmt.Sprintf("ROLIE feed %s not read: it is %s, and Vigil imports only TLP:WHITE (TLP:CLEAR).", addr, label))
		return nil, nil
	}
	res, err := Fetch(ctx, p.client, Request{URL: addr, MaxBytes: maxListBytes, Timeout: p.timeout})
	if err != nil {
		return nil, err
	}
	feedURL, _ := url.Parse(addr)
	docs, problems, err := parseROLIE(addr, feedURL, res.Body)
	out.Notes = append(out.Notes, problems...)
	return docs, err
}

func (p *providerRun) directory(ctx context.Context, dirRef string, mdURL *url.URL, out *providerOutcome) ([]listedDocument, error) {
	addr, err := httpsAddress(mdURL, dirRef)
	if err != nil {
		return nil, fmt.Errorf("%s: directory: %w", mdURL, err)
	}
	if !strings.HasSuffix(addr, "/") {
		addr += "/"
	}
	dir, _ := url.Parse(addr)
	changes := dir.JoinPath("changes.csv").String()
	res, err := Fetch(ctx, p.client, Request{URL: changes, MaxBytes: maxListBytes, Timeout: p.timeout})
	var status *StatusError
	if errors.As(err, &status) && status.Code == http.StatusNotFound {
		// No changes.csv: index.txt lists the documents without times, so all are fetched.
		index := dir.JoinPath("index.txt").String()
		if res, err = Fetch(ctx, p.client, Request{URL: index, MaxBytes: maxListBytes, Timeout: p.timeout}); err != nil {
			return nil, err
		}
		docs, problems, err := parseIndex(index, dir, res.Body)
		out.Notes = append(out.Notes, problems...)
		return docs, err
	}
	if err != nil {
		return nil, err
	}
	docs, problems, err := parseChanges(changes, dir, res.Body)
	out.Notes = append(out.Notes, problems...)
	return docs, err
}

// followProvider makes one run of a CSAF provider and writes its outcome into src; the
// documents refused are recorded against the feed.
func (r *Refresher) followProvider(ctx context.Context, scope vigil.Scope, src *findings.FeedSource) {
	p := providerRun{client: providerClient(r.opts.Client), timeout: r.opts.Timeout, maxBytes: min(r.opts.MaxBytes, advisory.MaxCSAFBytes),
		maxDocs: r.opts.MaxDocuments, now: src.Checked}
	if p.maxDocs <= 0 {
		p.maxDocs = DefaultMaxDocuments
	}
	out, err := p.follow(ctx, src.URL, src.Since)
	var imp findings.Imported
	if err == nil && len(out.Advisories) > 0 {
		imp, err = r.vulns.ImportAdvisories(ctx, scope, src.URL, out.Advisories, nil)
	}
	if err == nil {
		err = r.vulns.RecordRefusals(ctx, scope, src.URL, out.Refused, out.Imported)
	}
	if err != nil {
		src.LastError = err.Error()
		r.opts.Logger.Warn("CSAF provider refresh failed", "url", src.URL, "err", err)
		return
	}
	src.Since, src.Succeeded, src.LastError = out.Since, src.Checked, ""
	if len(out.Imported) > 0 {
		src.Changed = src.Checked
	}
	src.LastResult = fmt.Sprintf("CSAF provider: %d documents listed, %d changed since the last run; %d imported (%d advisories: %d new, %d updated, %d unchanged), %d refused.",
		out.Listed, out.Changed, len(out.Imported), imp.Read, imp.New, imp.Updated, imp.Unchanged, len(out.Refused))
	if out.Left > 0 {
		src.LastResult += fmt.Sprintf(" %d more wait for the next run (at most %d a run).", out.Left, p.maxDocs)
	}
	src.LastResult += " Only TLP:WHITE (TLP:CLEAR) documents with a good hash and signature are imported."
	const maxNotes = 5
	for i, n := range out.Notes {
		if i == maxNotes {
			src.LastResult += fmt.Sprintf(" And %d more notes.", len(out.Notes)-maxNotes)
			break
		}
		src.LastResult += " " + n
	}
	r.opts.Logger.Info("CSAF provider refreshed", "url", src.URL, "imported", len(out.Imported), "refused", len(out.Refused))
}
