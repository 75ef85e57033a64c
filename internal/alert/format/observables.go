package format

import "github.com/vigil-health/vigil/internal/alert"

// obs is one field of a format that holds an observable.
type obs struct {
	field string
	kind  alert.Kind
}

// observables makes a lookup table of a format's observable fields. The table is
// built once and only read; the field name it hands back is the table's own
// string, so no alert allocates one.
func observables(list ...obs) map[string]obs {
	m := make(map[string]obs, len(list))
	for _, o := range list {
		m[o.field] = o
	}
	return m
}
