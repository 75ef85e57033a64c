package auth

import (
	"context"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

// TestAFloodOfSignInsIsRefusedNotQueued: beyond the checks running and a
// short queue, a sign-in is answered "busy" at once rather than waiting.
func TestAFloodOfSignInsIsRefusedNotQueued(t *testing.T) {
	hash, err := HashPassword("a password of the right length")
	if err != nil {
		t.Fatal(err)
	}
	v := newVerifier(1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy, checked := 0, 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := v.verify(context.Background(), hash, "a password of the right length")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				checked++
			case vigil.CodeOf(err) == vigil.TooMany && vigil.RetryAfterOf(err) > 0:
				busy++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}()
	}
	wg.Wait()
	if busy == 0 || checked < 5 {
		t.Errorf("%d checked, %d told busy; want a queue of 4 behind 1 and the rest told busy", checked, busy)
	}
}
