package format

import "github.com/vigil-health/vigil/internal/alert"

// obs is one field of a format that holds an observable. Each format has a
// function with a switch over its fields that returns one: a switch costs less
// than hashing the path of every leaf, and the field name it hands back is a
// constant, so no alert allocates one.
type obs struct {
	field string
	kind  alert.Kind
}
