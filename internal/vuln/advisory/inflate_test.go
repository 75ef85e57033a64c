package advisory

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// deflate compresses data as a zip writer would, at the given level.
func deflate(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestSmallInflaterAgreesWithTheStandardLibrary decodes streams of every kind of block
// (stored, fixed and dynamic codes, long and overlapping copies, empty input) made by
// the standard library's compressor at every level.
func TestSmallInflaterAgreesWithTheStandardLibrary(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var inputs [][]byte
	inputs = append(inputs, nil, []byte("a"), bytes.Repeat([]byte("ab"), 40_000))
	for _, n := range []int{10, 300, 1_500, 70_000} {
		random := make([]byte, n)
		for i := range random {
			random[i] = byte(rnd.IntN(256))
		}
		text := make([]byte, 0, n)
		for len(text) < n {
			text = fmt.Appendf(text, `{"name": "pkg-%d", "version": "%d.%d.%d"}, `, rnd.IntN(50), rnd.IntN(3), rnd.IntN(20), rnd.IntN(9))
		}
		inputs = append(inputs, random, text)
	}
	var z smallInflater
	for i, in := range inputs {
		for _, level := range []int{flate.NoCompression, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression, flate.HuffmanOnly} {
			src := deflate(t, in, level)
			got, err := z.inflate(make([]byte, 0, len(in)), src, len(in))
			if err != nil || !bytes.Equal(got, in) {
				t.Errorf("input %d (%d bytes) at level %d: %v, %d bytes back", i, len(in), level, err, len(got))
			}
			if len(in) > 0 {
				if _, err := z.inflate(nil, src, len(in)-1); err == nil {
					t.Errorf("input %d at level %d: more than the limit was accepted", i, level)
				}
				if _, err := z.inflate(nil, src[:len(src)-1], len(in)); err == nil {
					t.Errorf("input %d at level %d: a cut stream was accepted", i, level)
				}
			}
		}
	}
}

// FuzzSmallInflater checks the quick decoder against the standard library's on any
// input: whatever it accepts, the standard library decodes to the same bytes.
func FuzzSmallInflater(f *testing.F) {
	for _, s := range []string{"", "hello", `{"affected": [{"package": {"name": "lodash"}}]}`} {
		f.Add(deflate(f, []byte(s), flate.DefaultCompression))
		f.Add(deflate(f, []byte(s), flate.NoCompression))
		f.Add(deflate(f, []byte(s), flate.HuffmanOnly))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const limit = 1 << 20
		var z smallInflater
		got, err := z.inflate(nil, src, limit)
		want, werr := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(src)), limit+1))
		if err == nil && (werr != nil || !bytes.Equal(got, want)) {
			t.Fatalf("quick decoder gave %d bytes; the standard library %d bytes, %v", len(got), len(want), werr)
		}
		if err != nil && werr == nil && len(want) <= limit {
			t.Fatalf("the standard library decodes %d bytes; the quick decoder fails: %v", len(want), err)
		}
	})
}
