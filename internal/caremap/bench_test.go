package caremap_test

import (
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/synth"
)

// Benchmarks behind -bench only. Figures and the command that makes them: docs/performance-impact.md.

func synthFile(b *testing.B, nodes int, json bool) []byte {
	m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if json {
		data, err := m.IndentedJSON()
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	data, err := m.YAML()
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseYAML times reading, checking and indexing a care map file.
func BenchmarkParseYAML(b *testing.B) {
	for _, nodes := range []int{1_000, 10_000, 100_000} {
		data := synthFile(b, nodes, false)
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := caremap.ParseYAML(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseJSON(b *testing.B) {
	data := synthFile(b, 10_000, true)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := caremap.ParseJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExportYAML(b *testing.B) {
	m, err := synth.Generate(synth.Options{Nodes: 10_000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := m.YAML(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVersion(b *testing.B) {
	c := synthContents(b, 10_000)
	for b.Loop() {
		m, err := caremap.New(c)
		if err != nil {
			b.Fatal(err)
		}
		m.Version()
	}
}

func synthContents(b *testing.B, nodes int) caremap.Contents {
	m, err := synth.Generate(synth.Options{Nodes: nodes, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return m.Contents
}
