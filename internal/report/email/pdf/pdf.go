// Package pdf reads what a PDF attachment shows a reader — its words, the web addresses of
// its links, and its pictures — so that a lure hidden in a PDF (a "view document" button, a
// QR code) is analysed like one in the message itself. Nothing in the file is run, followed
// or rendered.
//
// PDFs come from outside and the parser (github.com/ledongthuc/pdf) was written for
// well-made files, so every read is bounded: the file's size, the pages read, the text kept,
// the pictures taken, and a time budget checked on every read of the file, which also stops
// a small compressed stream that would expand without end. A panic inside the parser ends
// the read of that file with what was found so far.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// Limits bound one read. Zero fields take the defaults.
type Limits struct {
	MaxBytes  int           // largest file read; default 10 MB
	MaxPages  int           // pages read; default 10
	MaxText   int           // bytes of text kept; default 256 KB
	MaxImages int           // pictures taken; default 4
	MaxPixels int           // largest picture taken; default 4 million pixels
	Budget    time.Duration // time for the whole read; default 150 ms
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 10 << 20
	}
	if l.MaxPages <= 0 {
		l.MaxPages = 10
	}
	if l.MaxText <= 0 {
		l.MaxText = 256 << 10
	}
	if l.MaxImages <= 0 {
		l.MaxImages = 4
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = 4_000_000
	}
	if l.Budget <= 0 {
		l.Budget = 150 * time.Millisecond
	}
	return l
}

// Document is what was read.
type Document struct {
	Text   string
	Links  []string // the targets of link annotations (URI actions), as written
	Images []image.Image
	Pages  int // pages in the file
	// Incomplete says a limit, the time budget or damage stopped the read early; what was
	// found before is kept.
	Incomplete string
}

// ErrBudget is the error a read stopped by its time budget reports.
var ErrBudget = errors.New("pdf: time budget spent")

// Read reads a PDF file within the limits. It fails only when the file cannot be opened as
// a PDF at all; later damage leaves a partial Document with Incomplete set.
func Read(data []byte, l Limits) (doc Document, err error) {
	l = l.withDefaults()
	if len(data) > l.MaxBytes {
		return doc, fmt.Errorf("read PDF: %d bytes is more than the %d-byte limit", len(data), l.MaxBytes)
	}
	doc.Images = jpegImages(data, l)
	src := &budgetReader{data: data, deadline: time.Now().Add(l.Budget)}
	var text strings.Builder
	defer func() {
		doc.Text = text.String()
		if len(doc.Text) > l.MaxText {
			doc.Text = doc.Text[:l.MaxText]
		}
		if r := recover(); r != nil {
			doc.Incomplete = fmt.Sprintf("the file is damaged (%v)", r)
			if src.spent {
				doc.Incomplete = "reading it took longer than the time allowed"
			}
			err = nil
			if doc.Pages == 0 && doc.Text == "" && len(doc.Links) == 0 && len(doc.Images) == 0 {
				err = fmt.Errorf("read PDF: %s", doc.Incomplete)
			}
		}
	}()
	r, err := pdf.NewReader(src, int64(len(data)))
	if err != nil {
		return doc, fmt.Errorf("read PDF: %w", err)
	}
	doc.Pages = r.NumPage()
	for n := 1; n <= doc.Pages; n++ {
		if n > l.MaxPages {
			doc.Incomplete = fmt.Sprintf("only the first %d of %d pages were read", l.MaxPages, doc.Pages)
			break
		}
		p := r.Page(n)
		if p.V.IsNull() {
			continue
		}
		doc.Links = append(doc.Links, pageLinks(p)...)
		if len(doc.Images) < l.MaxImages {
			doc.Images = append(doc.Images, pageImages(p, l, l.MaxImages-len(doc.Images))...)
		}
		if t, err := p.GetPlainText(nil); err == nil && text.Len() < l.MaxText {
			text.WriteString(t)
			text.WriteString("\n")
		}
		if src.spent {
			doc.Incomplete = "reading it took longer than the time allowed"
			break
		}
	}
	return doc, nil
}

// budgetReader serves the file to the parser and stops it, by failing every read, once the
// time budget is spent.
type budgetReader struct {
	data     []byte
	deadline time.Time
	spent    bool
}

func (b *budgetReader) ReadAt(p []byte, off int64) (int, error) {
	if b.spent || time.Now().After(b.deadline) {
		b.spent = true
		return 0, ErrBudget
	}
	if off < 0 || off >= int64(len(b.data)) {
		return 0, io.EOF
	}
	n := copy(p, b.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// pageLinks returns the web addresses of a page's link annotations.
func pageLinks(p pdf.Page) []string {
	var out []string
	annots := p.V.Key("Annots")
	for i := 0; i < annots.Len() && i < 500; i++ {
		a := annots.Index(i)
		if a.Key("Subtype").Name() != "Link" {
			continue
		}
		action := a.Key("A")
		if uri := action.Key("URI"); !uri.IsNull() {
			out = append(out, strings.TrimSpace(uri.RawString()))
		}
	}
	return out
}

// pageImages takes the page's pictures that the parser can decode: uncompressed or
// Flate-compressed grey and RGB samples. JPEG pictures are found by jpegImages instead.
func pageImages(p pdf.Page, l Limits, want int) []image.Image {
	var out []image.Image
	xobjects := p.Resources().Key("XObject")
	for _, name := range xobjects.Keys() {
		if len(out) >= want {
			break
		}
		x := xobjects.Key(name)
		if x.Key("Subtype").Name() != "Image" {
			continue
		}
		if img := sampledImage(x, l); img != nil {
			out = append(out, img)
		}
	}
	return out
}

func sampledImage(x pdf.Value, l Limits) image.Image {
	filter := x.Key("Filter")
	switch {
	case filter.IsNull():
	case filter.Name() == "FlateDecode" && x.Key("DecodeParms").Key("Predictor").Int64() <= 1:
	default:
		return nil // a predictor or a filter the parser cannot undo
	}
	w, h := int(x.Key("Width").Int64()), int(x.Key("Height").Int64())
	bpc := int(x.Key("BitsPerComponent").Int64())
	comps := 0
	switch x.Key("ColorSpace").Name() {
	case "DeviceGray":
		comps = 1
	case "DeviceRGB":
		comps = 3
	}
	if x.Key("ImageMask").Bool() {
		comps, bpc = 1, 1
	}
	if w < 21 || h < 21 || w*h > l.MaxPixels || comps == 0 || bpc != 8 && bpc != 1 {
		return nil
	}
	rowBytes := (w*comps*bpc + 7) / 8
	rd := x.Reader()
	defer rd.Close()
	raw, err := io.ReadAll(io.LimitReader(rd, int64(rowBytes*h)))
	if err != nil && len(raw) < rowBytes*h || len(raw) < rowBytes*h {
		return nil
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := raw[y*rowBytes : (y+1)*rowBytes]
		for xx := 0; xx < w; xx++ {
			var v uint8
			switch {
			case bpc == 1:
				if row[xx/8]&(0x80>>(xx%8)) != 0 {
					v = 255
				}
				if x.Key("ImageMask").Bool() {
					v = 255 - v // a mask paints where its bits are 0
				}
			case comps == 1:
				v = row[xx]
			default:
				r, g, b := int(row[3*xx]), int(row[3*xx+1]), int(row[3*xx+2])
				v = uint8((299*r + 587*g + 114*b) / 1000)
			}
			img.Pix[y*img.Stride+xx] = v
		}
	}
	return img
}

// jpegImages finds JPEG pictures stored as they are (DCTDecode) by their signature in the
// file's bytes, which the parser cannot hand out: a QR code photographed or pasted as a
// screenshot is usually one.
func jpegImages(data []byte, l Limits) []image.Image {
	var out []image.Image
	for off := 0; len(out) < l.MaxImages; {
		i := bytes.Index(data[off:], []byte("\xFF\xD8\xFF"))
		if i < 0 {
			break
		}
		start := off + i
		off = start + 3
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data[start:]))
		if err != nil || cfg.Width < 21 || cfg.Height < 21 || cfg.Width*cfg.Height > l.MaxPixels {
			continue
		}
		if img, err := jpeg.Decode(bytes.NewReader(data[start:])); err == nil {
			out = append(out, img)
		}
	}
	return out
}
