// Package pdftest builds small PDF files for tests: one page per entry, with its words, the
// web addresses of its link annotations, and optionally a grey picture.
package pdftest

import (
	"fmt"
	"image"
	"strings"
)

// Page is what to put on one page.
type Page struct {
	Text    string
	Links   []string
	Picture *image.Gray // drawn on the page, stored uncompressed
}

// Build writes a PDF with the pages.
func Build(pages ...Page) []byte {
	var objs []string // object n is objs[n-1]
	add := func(s string) int {
		objs = append(objs, s)
		return len(objs)
	}
	catalog := add("") // filled in once the page tree's number is known
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	var kids []string
	pagesObj := len(objs) + 1 + 4*len(pages) // after every page's objects
	for _, p := range pages {
		var content strings.Builder
		content.WriteString("BT /F1 12 Tf 72 720 Td ")
		for i, line := range strings.Split(p.Text, "\n") {
			if i > 0 {
				content.WriteString("0 -16 Td ")
			}
			fmt.Fprintf(&content, "(%s) Tj ", escape(line))
		}
		content.WriteString("ET")
		resources := fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
		if p.Picture != nil {
			content.WriteString(fmt.Sprintf(" q %d 0 0 %d 72 300 cm /Im1 Do Q", p.Picture.Rect.Dx(), p.Picture.Rect.Dy()))
		}
		contents := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
		var annots []string
		for _, l := range p.Links {
			annots = append(annots, fmt.Sprintf("<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI /URI (%s) >> >>", escape(l)))
		}
		annotsObj := add("[" + strings.Join(annots, " ") + "]")
		image := add("null")
		if p.Picture != nil {
			b := p.Picture.Rect
			pix := make([]byte, 0, b.Dx()*b.Dy())
			for y := 0; y < b.Dy(); y++ {
				pix = append(pix, p.Picture.Pix[y*p.Picture.Stride:y*p.Picture.Stride+b.Dx()]...)
			}
			objs[image-1] = fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream",
				b.Dx(), b.Dy(), len(pix), pix)
			resources = fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>", font, image)
		}
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources %s /Annots %d 0 R >>",
			pagesObj, contents, resources, annotsObj))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)

	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return []byte(b.String())
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}
