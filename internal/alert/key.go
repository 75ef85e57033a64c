package alert

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// EventKey is the dedup key of an alert whose source gave its event an id.
func EventKey(id string) string { return "id:" + id }

// key is the dedup key described on Finish; at is the time that goes into the hash.
func (a *Alert) key(at time.Time) string {
	switch {
	case a.DedupKey != "":
		return a.DedupKey
	case a.SourceID != "":
		return EventKey(a.SourceID)
	}
	// Each field is written with its length first, so that no two different
	// alerts can write the same bytes.
	buf := make([]byte, 0, 512)
	text := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	text(string(a.Source.Format))
	text(a.Source.Tool)
	text(a.RuleID)
	text(a.RuleName)
	text(a.Title)
	text(a.SeverityRaw)
	text(a.Category)
	buf = binary.AppendVarint(buf, at.Unix())
	buf = binary.AppendUvarint(buf, uint64(at.Nanosecond()))
	buf = binary.AppendUvarint(buf, uint64(len(a.Techniques)))
	for _, t := range a.Techniques {
		text(t)
	}
	buf = binary.AppendUvarint(buf, uint64(len(a.Observables)))
	for _, o := range a.Observables {
		text(string(o.Kind))
		text(o.Value)
	}
	sum := sha256.Sum256(buf)
	return "sha256:" + hex.EncodeToString(sum[:16])
}
