package advisory

// mayName reports whether an OSV record may name a package that want accepts, looking
// at the values of "name" keys and the package names of "purl" values. Any name may be
// a package's, and a record that spells letters of a key with \u escapes is always
// decoded.
func mayName(data []byte, want func(string) bool) bool {
	_, may := sift(data, want, nil)
	return may
}
