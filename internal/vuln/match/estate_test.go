package match

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

func TestEstate(t *testing.T) {
	ix := NewIndex()
	ix.Put(osvRecord(t, jwtAdvisory))
	e := NewEstate()
	e.Add(Holding{ID: "RAA/portal", Inventory: juiceShop(t)})
	e.Add(Holding{ID: "RBB/portal", Inventory: juiceShop(t)})
	e.Add(Holding{ID: "RCC/pump", Inventory: inventory(t, "../testdata/medical-device-narrow.cdx.json")})
	if e.Components() != 2*1115+55 {
		t.Errorf("%d components", e.Components())
	}

	// A new advisory arrives: it is put in the index, then the estate says what it affects.
	lodash := osvRecord(t, `{"id":"GHSA-test-lodash2","modified":"2024-02-01T00:00:00Z",
	 "affected":[{"package":{"ecosystem":"npm","name":"lodash"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"3.0.0"}]}]}]}`)
	ix.Put(lodash)
	got := e.Affected(ix, lodash)
	if len(got) != 2 || got[0].Component.Version != "2.4.2" || got[0].Inventory != got[1].Inventory {
		t.Fatalf("affected: %+v", got)
	}
	// It finds exactly what matching each inventory again would.
	var want []Finding
	for _, h := range e.Holdings() {
		want = append(want, about(ix.Match(h.Inventory, h.System), "GHSA-test-lodash2")...)
	}
	sortFindings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lookup and full match differ:\n%+v\n%+v", got, want)
	}

	// Products and device names are looked up too.
	wolf := document(t, "../advisory/testdata/cve5/CVE-2022-42905.json")[0]
	ix.Put(wolf)
	if got := e.Affected(ix, wolf); len(got) != 1 || got[0].Match.Method != ByCPE {
		t.Errorf("wolfSSL: %+v", got)
	}
	withdrawn := lodash
	withdrawn.Withdrawn = lodash.Modified
	if got := e.Affected(ix, withdrawn); got != nil {
		t.Errorf("a withdrawn advisory affects %d", len(got))
	}

	var mu sync.Mutex
	total := 0
	if err := e.Evaluate(context.Background(), ix, 2, func(h Holding, fs []Finding) {
		mu.Lock()
		total += len(fs)
		mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	// Each juice-shop: the jsonwebtoken and lodash findings; the device: wolfSSL.
	if total != 2*2+1 {
		t.Errorf("%d findings over the estate", total)
	}
	_ = advisory.StatusAffected
}

func TestDevices(t *testing.T) {
	d := BuiltinDevices()
	if got := d.Products("Amazon FreeRTOS"); len(got) != 1 || got[0] != "amazon:freertos" {
		t.Errorf("FreeRTOS: %v", got)
	}
	if got := d.Products("Mbed-TLS"); len(got) != 1 || got[0] != "arm:mbed_tls" {
		t.Errorf("Mbed-TLS: %v", got)
	}
	for _, bad := range []string{"- product: nocolon\n  names: [x]\n", "{not a list}"} {
		if _, err := ParseDevices([]byte(bad)); err == nil {
			t.Errorf("%q was read", bad)
		}
	}
}
