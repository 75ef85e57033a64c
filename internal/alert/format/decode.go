// Package format reads alerts posted to Vigil as JSON: Wazuh alerts, Elastic
// Common Schema alerts, OCSF Detection Findings and Vigil's generic shape. It
// cuts a body (a JSON array, one object, or NDJSON) into records as it streams,
// tells the format from the first record unless the caller names it, and turns
// each record into an alert.Alert, naming the record and the field of anything
// it cannot read. The shapes, mappings and limits are documented in
// docs/alerts.md.
package format

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Parse reads the name of a JSON format, as given in ?format=.
func Parse(name string) (alert.Format, error) {
	switch f := alert.Format(strings.ToLower(strings.TrimSpace(name))); f {
	case alert.Wazuh, alert.ECS, alert.OCSF, alert.Generic:
		return f, nil
	}
	return "", vigil.InvalidFields("Vigil does not know that alert format.", map[string]string{
		"format": "want wazuh, ecs, ocsf or generic, or leave it out to let Vigil tell from the first alert"})
}

// Decoder turns JSON records into alerts. It keeps its buffers between records,
// so reuse one for many records; it is not safe for use by several goroutines.
type Decoder struct {
	a       alert.Alert // the alert being filled, kept here so it is not allocated
	w       walker
	f       fill
	wazuh   wazuhRecord
	ecs     ecsRecord
	ocsf    ocsfRecord
	generic genericRecord
	detect  detector
}

// NewDecoder returns a Decoder.
func NewDecoder() *Decoder {
	d := &Decoder{}
	d.f.w = &d.w
	d.wazuh.fill = &d.f
	d.ecs.fill = &d.f
	d.ocsf.fill = &d.f
	d.generic.fill = &d.f
	return d
}

// recordFormat is what each JSON format implements.
type recordFormat interface {
	sink
	begin()  // forget the last record
	finish() // check what the record lacked and complete the alert
}

// Decode reads one record in format f into an alert received at the given time.
// A record that cannot be read returns a *vigil.Error whose Fields name each
// field and what is wrong with it, or whose Message says why the record is not
// JSON. The alert keeps a copy of rec.
func (d *Decoder) Decode(f alert.Format, rec []byte, received time.Time) (alert.Alert, error) {
	var fd recordFormat
	switch f {
	case alert.Wazuh:
		fd = &d.wazuh
	case alert.ECS:
		fd = &d.ecs
	case alert.OCSF:
		fd = &d.ocsf
	case alert.Generic:
		fd = &d.generic
	default:
		return alert.Alert{}, fmt.Errorf("decode alert: %q is not a JSON alert format", f)
	}
	d.a = alert.Alert{Received: received, Source: alert.Source{Format: f}}
	d.f.reset(&d.a)
	fd.begin()
	if err := d.w.walk(rec, fd); err != nil {
		return alert.Alert{}, &vigil.Error{Code: vigil.Invalid, Message: err.Error()}
	}
	fd.finish()
	if d.f.problems != nil {
		return alert.Alert{}, &vigil.Error{Code: vigil.Invalid,
			Message: fmt.Sprintf("The %s alert could not be read.", f), Fields: d.f.problems}
	}
	d.a.Raw = bytes.Clone(rec)
	d.a.Finish()
	return d.a, nil
}

// Detect tells the format of one record, as Decoder.Detect does. Use a Decoder
// to read many records.
func Detect(rec []byte) (alert.Format, error) { return NewDecoder().Detect(rec) }

// Detect tells the format of a record from the fields only that format has:
// class_uid (OCSF); rule.level with Wazuh's decoder, manager or location, or the
// integrator's all_fields (Wazuh); event.kind, ecs.version, @timestamp or
// kibana.alert fields (ECS); title and severity (generic).
func (d *Decoder) Detect(rec []byte) (alert.Format, error) {
	d.detect = detector{}
	if err := d.w.walk(rec, &d.detect); err != nil {
		return "", &vigil.Error{Code: vigil.Invalid, Message: err.Error()}
	}
	if f := d.detect.format(); f != "" {
		return f, nil
	}
	return "", &vigil.Error{Code: vigil.Invalid, Message: "Vigil cannot tell which format this alert is in: " +
		"name it with ?format=wazuh, ecs, ocsf or generic, or send the generic shape with a title and a severity"}
}
