package cache

import (
	"errors"
	"testing"
	"time"
)

func TestRecentKeepsValuesForTheirTime(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	c := New[string, int](2, 10*time.Second)
	asks := 0
	fetch := func() (int, error) { asks++; return asks, nil }
	if v, _ := c.Load("a", now, fetch); v != 1 {
		t.Fatalf("first load = %d", v)
	}
	if v, _ := c.Load("a", now.Add(9*time.Second), fetch); v != 1 || asks != 1 {
		t.Errorf("within its time: %d after %d asks", v, asks)
	}
	if v, _ := c.Load("a", now.Add(10*time.Second), fetch); v != 2 {
		t.Errorf("after its time: %d", v)
	}
	if _, err := c.Load("b", now, func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Error("a failed fetch was not reported")
	}
	if _, ok := c.Get("b", now); ok {
		t.Error("a failed fetch was kept")
	}
	c.Put("b", 5, now.Add(10*time.Second))
	c.Put("c", 6, now.Add(10*time.Second)) // full: the expired "a"... or all go
	if len(c.entries) > 2 {
		t.Errorf("%d entries in a cache of 2", len(c.entries))
	}
	if v, ok := c.Get("c", now.Add(10*time.Second)); !ok || v != 6 {
		t.Errorf("the newest value is gone: %d %v", v, ok)
	}
}
