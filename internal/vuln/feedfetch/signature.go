package feedfetch

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/gocsaf/csaf/v3/csaf"
)

// providerKeys fetches the OpenPGP keys the provider metadata lists and keeps those whose
// fingerprint is the one the metadata gives. A key the metadata lists without a
// fingerprint cannot be checked and is not used. The notes say each key that was not used
// and why.
func (p *providerRun) providerKeys(ctx context.Context, md *csaf.ProviderMetadata, mdURL *url.URL) (openpgp.EntityList, []string) {
	var ring openpgp.EntityList
	var notes []string
	for _, k := range md.PGPKeys {
		if k.URL == nil {
			continue
		}
		addr, err := httpsAddress(mdURL, *k.URL)
		if err != nil {
			notes = append(notes, "OpenPGP key not used: "+err.Error()+".")
			continue
		}
		if k.Fingerprint == "" {
			notes = append(notes, fmt.Sprintf("OpenPGP key %s not used: the metadata gives no fingerprint to check it against.", addr))
			continue
		}
		res, err := Fetch(ctx, p.client, Request{URL: addr, MaxBytes: maxKeyBytes, Timeout: p.timeout})
		if err != nil {
			notes = append(notes, fmt.Sprintf("OpenPGP key not used: %v.", err))
			continue
		}
		keys, err := readKeys(res.Body)
		if err != nil {
			notes = append(notes, fmt.Sprintf("OpenPGP key %s not used: %v.", addr, err))
			continue
		}
		match := withFingerprint(keys, string(k.Fingerprint))
		if match == nil {
			notes = append(notes, fmt.Sprintf("OpenPGP key %s not used: its fingerprint is not %s, as the metadata says.", addr, k.Fingerprint))
			continue
		}
		ring = append(ring, match)
	}
	return ring, notes
}

// readKeys reads an armored or binary OpenPGP public key file.
func readKeys(data []byte) (openpgp.EntityList, error) {
	if len(data) > maxKeyBytes {
		return nil, fmt.Errorf("the key file is larger than %d bytes", maxKeyBytes)
	}
	keys, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	if err != nil {
		keys, err = openpgp.ReadKeyRing(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("not an OpenPGP public key: %w", err)
	}
	return keys, nil
}

// withFingerprint is the key whose primary key has the fingerprint, nil if none has.
func withFingerprint(keys openpgp.EntityList, fingerprint string) *openpgp.Entity {
	want := strings.ToLower(strings.ReplaceAll(fingerprint, " ", ""))
	for _, k := range keys {
		if k.PrimaryKey != nil && hex.EncodeToString(k.PrimaryKey.Fingerprint) == want {
			return k
		}
	}
	return nil
}

// verifySignature checks an armored detached signature over doc by one of the keys, as
// of now (an expired or revoked key does not sign).
func verifySignature(keys openpgp.EntityList, doc, sig []byte, now time.Time) error {
	if len(keys) == 0 {
		return errors.New("the provider lists no OpenPGP key Vigil could check")
	}
	if len(sig) > maxSignatureBytes {
		return fmt.Errorf("the signature file is larger than %d bytes", maxSignatureBytes)
	}
	cfg := &packet.Config{Time: func() time.Time { return now }}
	if _, err := openpgp.CheckArmoredDetachedSignature(keys, bytes.NewReader(doc), bytes.NewReader(sig), cfg); err != nil {
		return fmt.Errorf("the OpenPGP signature does not verify with the provider's keys: %w", err)
	}
	return nil
}
