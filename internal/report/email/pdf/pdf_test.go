package pdf

import (
	"image"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
)

func TestReadTextLinksAndPictures(t *testing.T) {
	pic := image.NewGray(image.Rect(0, 0, 40, 30))
	data := pdftest.Build(
		pdftest.Page{Text: "Your invoice is ready.\nClick below to view the secure document.", Links: []string{"https://invoice-view.example/doc?id=7"}},
		pdftest.Page{Text: "Page two", Picture: pic},
	)
	doc, err := Read(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Pages != 2 || !strings.Contains(doc.Text, "view the secure document") || !strings.Contains(doc.Text, "Page two") {
		t.Errorf("pages %d text %q", doc.Pages, doc.Text)
	}
	if len(doc.Links) != 1 || doc.Links[0] != "https://invoice-view.example/doc?id=7" {
		t.Errorf("links = %q", doc.Links)
	}
	if len(doc.Images) != 1 || doc.Images[0].Bounds().Dx() != 40 {
		t.Errorf("images = %d", len(doc.Images))
	}
	if doc.Incomplete != "" {
		t.Errorf("incomplete: %s", doc.Incomplete)
	}
}

func TestLimits(t *testing.T) {
	pages := make([]pdftest.Page, 15)
	for i := range pages {
		pages[i] = pdftest.Page{Text: "page"}
	}
	data := pdftest.Build(pages...)
	doc, err := Read(data, Limits{MaxPages: 3})
	if err != nil || !strings.Contains(doc.Incomplete, "first 3 of 15") || strings.Count(doc.Text, "page") != 3 {
		t.Errorf("doc %+v err %v, want 3 pages read and a note", doc, err)
	}
	if _, err := Read(data, Limits{MaxBytes: 100}); err == nil {
		t.Error("an over-size file was read")
	}
	doc, err = Read(data, Limits{Budget: time.Nanosecond})
	if err == nil && doc.Incomplete == "" {
		t.Errorf("a spent budget stopped nothing: %+v", doc)
	}
}

func TestDamagedFiles(t *testing.T) {
	good := pdftest.Build(pdftest.Page{Text: "hello", Links: []string{"https://a.example/"}})
	for name, data := range map[string][]byte{
		"not a pdf":   []byte("hello"),
		"header only": []byte("%PDF-1.7\n"),
		"cut":         good[:len(good)/2],
		"no xref":     []byte(strings.Replace(string(good), "xref", "xxxx", 1)),
	} {
		doc, err := Read(data, Limits{})
		if err == nil && doc.Incomplete == "" && doc.Text != "" && name != "no xref" {
			t.Errorf("%s: read without complaint: %+v", name, doc)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(pdftest.Build(pdftest.Page{Text: "hello", Links: []string{"https://a.example/"}, Picture: image.NewGray(image.Rect(0, 0, 30, 30))}))
	f.Add([]byte("%PDF-1.7\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(data, Limits{Budget: 50 * time.Millisecond})
	})
}
