package whatif

import (
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzNewOutage feeds the national question's three fields, as a form, a query string
// or the command line give them, to the reader: it refuses with an Invalid error that
// names the field, or gives a question within the limits whose product can be looked up.
func FuzzNewOutage(f *testing.F) {
	f.Add("CityPath Diagnostics Ltd", "", "14")
	f.Add("", "meridian/care_record", "1")
	f.Add("", "cpe:2.3:a:meridian:care_record:12.4:*:*:*:*:*:*:*", "365")
	f.Add("", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "7")
	f.Add("", "pkg:", "7")
	f.Add("a", "b", "0")
	f.Add("x", "", "-1")
	f.Add("x", "", "9999999999999999999")
	f.Fuzz(func(t *testing.T, supplier, product, days string) {
		q, err := NewOutage(supplier, product, days)
		if err != nil {
			e, ok := err.(*vigil.Error)
			if !ok || e.Code != vigil.Invalid || len(e.Fields) == 0 {
				t.Fatalf("refused without naming a field: %#v", err)
			}
			return
		}
		if q.Duration < caremap.Day || q.Duration > MaxOutageDays*caremap.Day || (q.Supplier == "") == (q.Product == "") {
			t.Fatalf("accepted %+v", q)
		}
		if q.Product != "" && len(productKeys(q.Product)) == 0 {
			t.Fatalf("accepted a product with no key: %q", q.Product)
		}
		_ = supplierKey(q.Supplier)
	})
}
