// Package feedfetch keeps the advisory feeds a deployment is configured with up to date:
// on a schedule it asks each address for its document, only when it has changed
// (conditional GET with ETag and Last-Modified), within a size limit and a time limit,
// and imports what arrives exactly as an upload or `vigil vuln import` would. How each
// attempt went is kept per feed, so a feed that has stopped arriving is seen. What is
// fetched is only ever parsed as data. A CSAF provider is followed rather than fetched:
// its documents are imported one by one, each only with a good hash and signature.
package feedfetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Request is one conditional fetch.
type Request struct {
	URL string
	// ETag and LastModified are what the source said last time; empty fetches anyway.
	ETag, LastModified string
	MaxBytes           int64         // a larger document is refused
	Timeout            time.Duration // for the whole fetch, body included
}

// Response is what the source answered.
type Response struct {
	NotModified        bool // the document has not changed since ETag / LastModified
	Body               []byte
	Name               string // the document's file name, from the address
	ETag, LastModified string
}

// Fetch asks the source for its document. A status other than 200 or 304, a body larger
// than MaxBytes, or a fetch that takes longer than Timeout is an error saying so.
func Fetch(ctx context.Context, client *http.Client, req Request) (Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Response{}, fmt.Errorf("%q is not an http:// or https:// address", req.URL)
	}
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	hr.Header.Set("User-Agent", "Vigil feed refresh")
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	res, err := client.Do(hr)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Response{}, fmt.Errorf("fetch %s: no answer within %s", req.URL, req.Timeout)
		}
		return Response{}, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	defer res.Body.Close()
	out := Response{Name: documentName(u), ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}
	switch res.StatusCode {
	case http.StatusNotModified:
		out.NotModified = true
		out.ETag, out.LastModified = keep(out.ETag, req.ETag), keep(out.LastModified, req.LastModified)
		return out, nil
	case http.StatusOK:
	default:
		return Response{}, &StatusError{URL: req.URL, Status: res.Status, Code: res.StatusCode}
	}
	if res.ContentLength > req.MaxBytes {
		return Response{}, fmt.Errorf("fetch %s: the document is %d bytes, more than the limit of %d", req.URL, res.ContentLength, req.MaxBytes)
	}
	out.Body, err = io.ReadAll(io.LimitReader(res.Body, req.MaxBytes+1))
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return Response{}, fmt.Errorf("fetch %s: the document did not arrive within %s", req.URL, req.Timeout)
	case err != nil:
		return Response{}, fmt.Errorf("fetch %s: read the document: %w", req.URL, err)
	case int64(len(out.Body)) > req.MaxBytes:
		return Response{}, fmt.Errorf("fetch %s: the document is more than the limit of %d bytes", req.URL, req.MaxBytes)
	}
	return out, nil
}

// StatusError is a source that answered neither 200 nor 304, such as a provider without
// a changes.csv answering 404.
type StatusError struct {
	URL, Status string
	Code        int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch %s: the server answered %s", e.URL, e.Status)
}

// keep is what the source said now, or what it said before when it did not repeat it.
func keep(now, before string) string {
	if now != "" {
		return now
	}
	return before
}

// documentName is the last part of the address's path, which says the format (".zip",
// ".csv.gz"), or the host when the path has none.
func documentName(u *url.URL) string {
	name := path.Base(u.Path)
	if name == "/" || name == "." || strings.TrimSpace(name) == "" {
		return u.Host
	}
	return name
}
