package alert

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Batch is the answer to one ingest request. The decoder fills Rejected; the
// writer that stores the alerts fills Accepted and Duplicates.
type Batch struct {
	Accepted   int         `json:"accepted"`
	Duplicates int         `json:"duplicates"`
	Rejected   []Rejection `json:"rejected"`
}

// Rejection is one record that was not kept, or the point where a batch was cut
// short. Line is the NDJSON line, the position of the item in a JSON array
// (counting from 1), or the syslog frame number.
type Rejection struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// Reject records that the record at line was not kept, and why.
func (b *Batch) Reject(line int, err error) {
	b.Rejected = append(b.Rejected, Rejection{Line: line, Error: Problem(err)})
}

// MarshalJSON writes "rejected": [] rather than null when nothing was rejected,
// so a client can always loop over it.
func (b Batch) MarshalJSON() ([]byte, error) {
	type plain Batch
	if b.Rejected == nil {
		b.Rejected = []Rejection{}
	}
	return json.Marshal(plain(b))
}

// Problem says what is wrong with a record in one line: the field and the
// problem for each field of a *vigil.Error ("rule.level: want a whole number
// from 0 to 16"), else the error's text.
func Problem(err error) string {
	var ve *vigil.Error
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		return err.Error()
	}
	keys := make([]string, 0, len(ve.Fields))
	for k := range ve.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(ve.Fields[k])
	}
	return b.String()
}
