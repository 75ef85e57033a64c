package match

import "testing"

func FuzzParseDevices(f *testing.F) {
	f.Add(builtinDevices)
	f.Add([]byte("- product: a:b\n  names: [x, y]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDevices(data)
		if err != nil {
			return
		}
		for name, products := range d.byName {
			if len(products) == 0 || foldName(name) != name {
				t.Errorf("name %q → %v", name, products)
			}
		}
	})
}
