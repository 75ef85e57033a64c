package impact

import (
	"fmt"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// Benchmarks behind -bench only. Figures and the command that makes them: docs/performance-impact.md.

var synthMaps sync.Map // nodes → *caremap.Map, so each size is generated once per run

func synthMap(b *testing.B, nodes int) *caremap.Map {
	if m, ok := synthMaps.Load(nodes); ok {
		return m.(*caremap.Map)
	}
	m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	synthMaps.Store(nodes, m)
	return m
}

// BenchmarkAnalyse times one event. "hub" is the core network, which nearly everything
// depends on: the worst case. "app" is a typical application.
func BenchmarkAnalyse(b *testing.B) {
	for _, nodes := range []int{1_000, 10_000, 100_000} {
		m := synthMap(b, nodes)
		for _, target := range []struct{ name, id string }{
			{"hub", m.Assets[0].ID},
			{"app", firstOfKind(m, caremap.KindApplication)},
		} {
			b.Run(fmt.Sprintf("nodes=%d/%s", nodes, target.name), func(b *testing.B) {
				events := []Event{{Target: target.id, Mode: ModeUnavailable, Duration: 14 * caremap.Day}}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Analyse(m, events); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func firstOfKind(m *caremap.Map, k caremap.Kind) string {
	for _, a := range m.Assets {
		if a.Kind == k {
			return a.ID
		}
	}
	return m.Assets[0].ID
}

func BenchmarkCritical(b *testing.B) {
	for _, nodes := range []int{1_000, 10_000, 100_000} {
		m := synthMap(b, nodes)
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Critical(m)
			}
		})
	}
}

// BenchmarkCriticalPlain is the one-propagation-per-asset answer the fast ranking replaces,
// for comparison on small maps only: it grows with the square of the map.
func BenchmarkCriticalPlain(b *testing.B) {
	for _, nodes := range []int{1_000, 5_000} {
		m := synthMap(b, nodes)
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			for b.Loop() {
				plainCritical(m)
			}
		})
	}
}
