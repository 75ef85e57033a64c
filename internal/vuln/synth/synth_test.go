package synth

import (
	"bytes"
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

func TestWriteOSVZip(t *testing.T) {
	real := []Package{{"express", "4.18.2"}, {"lodash", "4.17.21"}, {"@babel/core", "7.21.2"}}
	var a, b, c bytes.Buffer
	st, err := WriteOSVZip(&a, Options{Records: 3000, Seed: 1, Real: real})
	if err != nil {
		t.Fatal(err)
	}
	WriteOSVZip(&b, Options{Records: 3000, Seed: 1, Real: real})
	WriteOSVZip(&c, Options{Records: 3000, Seed: 2, Real: real})
	if !bytes.Equal(a.Bytes(), b.Bytes()) || bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("the corpus is not determined by its seed")
	}
	if st.Records != 3000 || st.OnReal < 3 || st.OnReal > 30 || st.Withdrawn == 0 {
		t.Errorf("stats %+v", st)
	}
	// Every record reads back without a problem, and the quick filter finds the real ones.
	n, onReal := 0, 0
	problems, err := advisory.ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(a.Bytes()), int64(a.Len()), advisory.ReadOptions{},
		func(adv advisory.Advisory) error { n++; return nil })
	if err != nil || len(problems) != 0 || n != 3000 {
		t.Fatalf("read back %d records, problems %v, %v", n, problems, err)
	}
	want := func(name string) bool { return name == "express" || name == "lodash" || name == "@babel/core" }
	advisory.ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(a.Bytes()), int64(a.Len()), advisory.ReadOptions{Want: want},
		func(adv advisory.Advisory) error { onReal++; return nil })
	if onReal < st.OnReal {
		t.Errorf("the filter found %d of the %d records about real packages", onReal, st.OnReal)
	}
	if _, err := WriteOSVZip(&bytes.Buffer{}, Options{Records: -1}); err == nil {
		t.Error("a negative count was accepted")
	}
}
