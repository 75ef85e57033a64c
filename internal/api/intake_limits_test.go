package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

func TestIntakeIsLimitedPerCallerAndPerOrganisation(t *testing.T) {
	g := newIntakeGate(IntakeLimits{PerToken: 1.5, PerOrganisation: 100, BurstFor: 2 * time.Second, LargeUploads: 1, LargeUpload: 10})
	small := httptest.NewRequest("POST", "/api/v1/reports", strings.NewReader("x"))
	mailbox := vigil.TokenScope(vigil.Org{ID: "trust"}, "t1", "mailbox", "", nil)
	other := vigil.TokenScope(vigil.Org{ID: "trust"}, "t2", "form", "", nil)
	for i := range 3 {
		if _, err := g.admit(small, mailbox); err != nil {
			t.Fatalf("report %d within the burst: %v", i, err)
		}
	}
	_, err := g.admit(small, mailbox)
	if vigil.CodeOf(err) != vigil.TooMany || vigil.RetryAfterOf(err) <= 0 {
		t.Errorf("over the token's rate: %v", err)
	}
	if _, err := g.admit(small, other); err != nil {
		t.Errorf("another integration was held back by the first: %v", err)
	}

	large := httptest.NewRequest("POST", "/api/v1/reports", strings.NewReader(strings.Repeat("x", 100)))
	release, err := g.admit(large, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.admit(large, vigil.TokenScope(vigil.Org{ID: "other"}, "t3", "x", "", nil)); vigil.CodeOf(err) != vigil.TooMany {
		t.Errorf("a second large upload at once: %v", err)
	}
	release()
	if _, err := g.admit(large, vigil.TokenScope(vigil.Org{ID: "other"}, "t4", "x", "", nil)); err != nil {
		t.Errorf("a large upload after the first finished: %v", err)
	}
}
