package feedfetch

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// document fetches one document with its hash and signature and, when all check out,
// reads it into out; otherwise it refuses it, saying why. It answers whether the
// document was handled: a document that could not be fetched is tried again next run.
func (p *providerRun) document(ctx context.Context, d listedDocument, keys openpgp.EntityList, out *providerOutcome) bool {
	refuse := func(format string, args ...any) {
		out.Refused = append(out.Refused, findings.Refusal{DocumentURL: d.URL, Reason: fmt.Sprintf(format, args...), At: p.now})
	}
	res, err := Fetch(ctx, p.client, Request{URL: d.URL, MaxBytes: p.maxBytes, Timeout: p.timeout})
	if err != nil {
		refuse("Not fetched, tried again next run: %v", err)
		return false
	}
	doc := res.Body
	if err := p.checkHash(ctx, d, doc); err != nil {
		refuse("Refused: %v", err)
		return true
	}
	sig, err := Fetch(ctx, p.client, Request{URL: d.Signature, MaxBytes: maxSignatureBytes, Timeout: p.timeout})
	if err == nil {
		err = verifySignature(keys, doc, sig.Body, p.now)
	}
	if err != nil {
		refuse("Refused: %v", err)
		return true
	}
	if label := documentTLP(doc); label != "" && !importableTLP(label) {
		refuse("Not imported: it is TLP:%s, and Vigil imports only TLP:WHITE (TLP:CLEAR) because what it imports is shared.", label)
		return true
	}
	as, err := advisory.ParseCSAF(res.Name, doc)
	if err != nil {
		refuse("Refused: %v", err)
		return true
	}
	out.Advisories = append(out.Advisories, as...)
	out.Imported = append(out.Imported, d.URL)
	return true
}

// checkHash compares the document with its SHA-512 hash file, or its SHA-256 one where
// there is no SHA-512.
func (p *providerRun) checkHash(ctx context.Context, d listedDocument, doc []byte) error {
	var errs []string
	for _, h := range []struct {
		url, name string
		sum       func([]byte) string
		hexLen    int
	}{
		{d.SHA512, "SHA-512", func(b []byte) string { s := sha512.Sum512(b); return hex.EncodeToString(s[:]) }, 128},
		{d.SHA256, "SHA-256", func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }, 64},
	} {
		if h.url == "" {
			continue
		}
		res, err := Fetch(ctx, p.client, Request{URL: h.url, MaxBytes: maxHashFileBytes, Timeout: p.timeout})
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		want, err := parseHashFile(res.Body, h.hexLen)
		if err != nil {
			return fmt.Errorf("%s: %w", h.url, err)
		}
		if got := h.sum(doc); got != want {
			return fmt.Errorf("its %s hash is %s, but %s says %s: the document is not what the provider published", h.name, got, h.url, want)
		}
		return nil
	}
	return fmt.Errorf("no hash file to check it against (%s)", strings.Join(errs, "; "))
}

// documentTLP is the TLP label a CSAF document gives itself, "" when it gives none.
func documentTLP(doc []byte) string {
	var d struct {
		Document struct {
			Distribution struct {
				TLP struct {
					Label string `json:"label"`
				} `json:"tlp"`
			} `json:"distribution"`
		} `json:"document"`
	}
	if json.Unmarshal(doc, &d) != nil {
		return ""
	}
	return d.Document.Distribution.TLP.Label
}
