package alert

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// EventKey is the dedup key of an alert whose source gave its event an id.
func EventKey(id string) string { return "id:" + id }

// StableKey is "sha256:" and a hash of the alert's stable fields: format, tool,
// source id, rule id and name, title, raw severity, category, techniques,
// observables, and Occurred. A retry of the same alert has the same key. When
// the source gives no time, Occurred is the received time, so two alerts with
// neither an id nor a time are never taken for one.
func (a *Alert) StableKey() string {
	// Each field is written with its length first, so that no two different
	// alerts can write the same bytes.
	buf := make([]byte, 0, 512)
	text := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	text(string(a.Source.Format))
	text(a.Source.Tool)
	text(a.SourceID)
	text(a.RuleID)
	text(a.RuleName)
	text(a.Title)
	text(a.SeverityRaw)
	text(a.Category)
	buf = binary.AppendVarint(buf, a.Occurred.Unix())
	buf = binary.AppendUvarint(buf, uint64(a.Occurred.Nanosecond()))
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
