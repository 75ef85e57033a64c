// Package casepdf prints a Clinical Safety Case Report as a PDF, for
// filing with the organisation's clinical safety records and sending to
// those who cannot sign in to Vigil. It uses the PDF core fonts, whose
// Windows-1252 character set covers English text; other characters print
// as a question mark.
package casepdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/vigil-health/vigil/internal/hazard"
)

const (
	margin   = 20.0 // mm
	width    = 210.0 - 2*margin
	bodySize = 10.5
	lineH    = 5.2
)

// Write prints the report; version is 0 for a draft.
func Write(w io.Writer, r hazard.CaseReport, version int) error {
	p := fpdf.New("P", "mm", "A4", "")
	tr := p.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' Windows-1252
	doc := &writer{p: p, tr: tr}
	title := "Clinical Safety Case Report: cyber controls"
	p.SetTitle(title+" - "+r.Organisation, true)
	p.SetAuthor(r.Organisation, true)
	p.SetLang("en-GB")
	p.SetCreationDate(r.At)
	p.SetModificationDate(r.At)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AliasNbPages("{pages}")
	status := "Draft, not issued"
	if version > 0 {
		status = fmt.Sprintf("Version %d", version)
	}
	p.SetFooterFunc(func() {
		p.SetY(-14)
		p.SetFont("Helvetica", "", 8)
		p.CellFormat(0, 5, tr(fmt.Sprintf("%s - %s - page %d of {pages}", r.Organisation, status, p.PageNo())), "", 0, "C", false, 0, "")
	})
	p.AddPage()

	p.SetFont("Helvetica", "B", 18)
	p.MultiCell(width, 8, tr(title), "", "L", false)
	p.SetFont("Helvetica", "", 12)
	p.MultiCell(width, 6, tr(fmt.Sprintf("%s (%s)", r.Organisation, r.Code)), "", "L", false)
	p.MultiCell(width, 6, tr(fmt.Sprintf("%s, %s", status, r.At.In(hazard.London).Format("2 January 2006 15:04"))), "", "L", false)
	p.Ln(3)

	doc.section("1. Scope", r.Scope)
	doc.heading("2. The system and what it depends on")
	if r.System.HasMap {
		doc.para(fmt.Sprintf("From the care map, version %d: %d clinical services, %d systems and devices, %d suppliers.",
			r.System.MapRevision, r.System.Services, r.System.Assets, r.System.Suppliers))
		if len(r.System.Critical) > 0 {
			doc.para("The systems whose loss or corruption for a day would harm patients most:")
			for _, c := range r.System.Critical {
				doc.bullet(fmt.Sprintf("%s: risk %d (%s)", c.Name, c.Risk, strings.Join(c.Services, ", ")))
			}
			if r.System.CriticalMore > 0 {
				doc.para(fmt.Sprintf("And %d more at risk 4 or 5.", r.System.CriticalMore))
			}
		}
	} else {
		doc.para("There is no care map yet.")
	}
	doc.heading("3. Method and acceptance criteria")
	for _, m := range r.Method {
		doc.para(m)
	}
	for _, a := range r.Acceptance {
		doc.bullet(a)
	}
	doc.heading("4. Hazards")
	doc.hazards("Open and transferred hazards", r.Hazards)
	doc.hazards("Closed hazards", r.Closed)
	doc.heading("5. Outstanding actions")
	if len(r.Outstanding) == 0 {
		doc.para("None: every further control is in place.")
	}
	for _, a := range r.Outstanding {
		doc.bullet(fmt.Sprintf("%s (%s): %s", a.Hazard, strings.ToLower(a.Kind), a.Text))
	}
	doc.heading("6. Safety argument and evidence")
	for _, s := range r.Argument {
		doc.para(s)
	}
	for _, e := range r.Evidence {
		doc.bullet(e)
	}
	doc.heading("7. Limitations")
	for _, l := range r.Limitations {
		doc.bullet(l)
	}
	doc.heading("8. Monitoring")
	for _, m := range r.Monitoring {
		doc.bullet(m)
	}
	doc.heading("9. Declaration")
	if d := r.Declaration; d != nil {
		doc.para(d.Text)
		doc.para(fmt.Sprintf("%s, Clinical Safety Officer, %s.", d.By, d.At.In(hazard.London).Format("2 January 2006")))
	} else {
		doc.para("This is a draft. A Clinical Safety Officer has not issued it.")
	}
	return p.Output(w)
}

type writer struct {
	p  *fpdf.Fpdf
	tr func(string) string
}

func (d *writer) heading(text string) {
	d.p.Ln(2)
	d.p.SetFont("Helvetica", "B", 13)
	d.p.MultiCell(width, 7, d.tr(text), "", "L", false)
	d.p.Ln(1)
}

func (d *writer) subheading(text string) {
	d.p.SetFont("Helvetica", "B", bodySize)
	d.p.MultiCell(width, lineH, d.tr(text), "", "L", false)
}

func (d *writer) para(text string) {
	d.p.SetFont("Helvetica", "", bodySize)
	d.p.MultiCell(width, lineH, d.tr(text), "", "L", false)
	d.p.Ln(1.5)
}

func (d *writer) bullet(text string) {
	d.p.SetFont("Helvetica", "", bodySize)
	d.p.SetX(margin + 2)
	d.p.CellFormat(4, lineH, "-", "", 0, "L", false, 0, "")
	d.p.MultiCell(width-6, lineH, d.tr(text), "", "L", false)
	d.p.Ln(0.8)
}

func (d *writer) section(title, text string) {
	d.heading(title)
	d.para(text)
}

func (d *writer) hazards(title string, hs []hazard.CaseHazard) {
	d.subheading(title)
	if len(hs) == 0 {
		d.para("None.")
		return
	}
	for _, h := range hs {
		residual := "not assessed"
		if h.Residual > 0 {
			residual = fmt.Sprint(h.Residual)
		}
		approval := "awaiting approval"
		if h.Approved {
			approval = "approved"
		}
		d.bullet(fmt.Sprintf("%s %s. %s; %s. Initial risk %d, residual risk %s; %s. Owner: %s.",
			h.Code, h.Title, h.Type, strings.ToLower(h.Status), h.Initial, residual, approval, ownerOf(h)))
	}
	d.p.Ln(1)
}

func ownerOf(h hazard.CaseHazard) string {
	if h.Owner == "" {
		return "none"
	}
	return h.Owner
}
