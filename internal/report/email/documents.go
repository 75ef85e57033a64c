package email

import (
	"fmt"
	"strings"
	"time"

	"github.com/jhillyerd/enmime/v2"
	pdfreader "github.com/vigil-health/vigil/internal/report/email/pdf"
	"github.com/vigil-health/vigil/internal/report/email/qr"
)

// Limits on reading inside attachments: PDFs and pictures are decoded, which costs far more
// than the rest of the analysis, so few are read and each is bounded.
const (
	// MaxPDFs is how many PDF attachments have their text, links and pictures read.
	MaxPDFs = 3
	// MaxPictures is how many pictures (attached, inline or inside PDFs) are searched for QR
	// codes.
	MaxPictures = 6
	// MaxPictureBytes is the largest picture file searched for a QR code.
	MaxPictureBytes = 5 << 20
	// pdfBudget is the time one PDF may take to read.
	pdfBudget = 150 * time.Millisecond
)

// readDocuments reads the words and links of PDF attachments and the QR codes of pictures,
// adding the links to the message's and returning the words, which the wording checks read
// with the body.
func readDocuments(m *message, a *Analysis, l *links) string {
	var words strings.Builder
	pdfs, pictures := 0, 0
	qrFound := func(text, name string) {
		if text == "" {
			return
		}
		before := len(a.URLs)
		l.add(text, "qr:"+name, "")
		if len(a.URLs) > before || strings.Contains(text, "://") {
			a.add(CodeQRCode, "%s holds a QR code for %s.", displayName(name), shorten(defang(text), 200))
		}
	}
	walkParts(m.root, func(p *enmime.Part) {
		if isBodyPart(p) || len(p.Content) == 0 {
			return
		}
		name := partName(p)
		switch sniff(p.Content) {
		case typePDF:
			if pdfs >= MaxPDFs {
				return
			}
			pdfs++
			doc, err := pdfreader.Read(p.Content, pdfreader.Limits{Budget: pdfBudget, MaxImages: MaxPictures - pictures})
			if err != nil {
				a.warn("The PDF %s could not be read: %s.", displayName(name), shorten(err.Error(), 160))
				return
			}
			if doc.Incomplete != "" {
				a.warn("The PDF %s was read only in part: %s.", displayName(name), doc.Incomplete)
			}
			for _, link := range doc.Links {
				l.add(link, "attachment:"+name, "")
			}
			l.fromText(doc.Text, "attachment:"+name)
			words.WriteString(doc.Text + "\n")
			for _, img := range doc.Images {
				if pictures < MaxPictures {
					pictures++
					qrFound(qr.Decode(img), name)
				}
			}
		case typePNG, typeJPEG, typeGIF:
			if pictures >= MaxPictures || len(p.Content) > MaxPictureBytes {
				return
			}
			pictures++
			text, err := qr.DecodeFile(p.Content)
			if err != nil {
				return // a damaged or oversized picture is described as an attachment already
			}
			qrFound(text, name)
		}
	})
	return words.String()
}

// checkQRDestinations lowers the QR indicator when every code leads to the sender's own site
// or the organisation's: a genuine poster or ticket, not a lure.
func checkQRDestinations(a *Analysis, c *checker) {
	in := a.indicatorFor(CodeQRCode)
	if in == nil {
		return
	}
	fromDomain := ""
	if a.From != nil {
		fromDomain = registrableDomain(a.From.Domain)
	}
	for _, u := range a.URLs {
		for _, s := range u.Sources {
			if strings.HasPrefix(s, "qr:") && u.Domain != fromDomain && !c.trusted(u.Host) {
				return
			}
		}
	}
	in.explain(Info, fmt.Sprintf("The QR code leads to the sender's own site%s.", orgSuffix(c)))
}

func orgSuffix(c *checker) string {
	if len(c.orgDomains) > 0 {
		return " or the organisation's"
	}
	return ""
}

// indicatorFor returns the recorded indicator with the code, or nil.
func (a *Analysis) indicatorFor(code IndicatorCode) *Indicator {
	for i := range a.Indicators {
		if a.Indicators[i].Code == code {
			return &a.Indicators[i]
		}
	}
	return nil
}
