package email

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
)

// qrPicture draws a QR code for text as a grey picture.
func qrPicture(t testing.TB, text string) *image.Gray {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 200, 200, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 200, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 200; x++ {
			if !m.Get(x, y) {
				img.Pix[y*img.Stride+x] = 255
			}
		}
	}
	return img
}

func qrPNG(t testing.TB, text string) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, qrPicture(t, text)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hasSource(a *Analysis, domain, source string) bool {
	for _, u := range a.URLs {
		if u.Domain == domain && slices.Contains(u.Sources, source) {
			return true
		}
	}
	return false
}

func TestLureInsideAPDF(t *testing.T) {
	doc := pdftest.Build(pdftest.Page{
		Text:  "Remittance advice\nYour payment is on hold. Sign in below to view the secure document within 24 hours.",
		Links: []string{"https://remit-docs.example/view?id=88"},
	})
	a, err := Analyse(withAttachments(file{"Remittance.pdf", "application/pdf", doc}), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if !hasSource(a, "remit-docs.example", "attachment:Remittance.pdf") {
		t.Errorf("urls = %+v, want the PDF's link", a.URLs)
	}
	wantIndicators(t, a, CodeCredentialRequest, CodePressure)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
}

func TestQRCodes(t *testing.T) {
	const lure = "https://m365-sign-in.example/auth"
	inPDF := pdftest.Build(pdftest.Page{Text: "Scan the code to re-activate your mailbox.", Picture: qrPicture(t, lure)})
	tests := []struct {
		name string
		f    file
	}{
		{"picture", file{"scan-me.png", "image/png", qrPNG(t, lure)}},
		{"inside a PDF", file{"mailbox.pdf", "application/pdf", inPDF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse(withAttachments(tt.f), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			if !hasSource(a, "m365-sign-in.example", "qr:"+tt.f.name) {
				t.Errorf("urls = %+v, want the QR code's link", a.URLs)
			}
			in, ok := indicator(a, CodeQRCode)
			if !ok || in.Severity != Medium || !strings.Contains(in.Detail, "m365-sign-in[.]example") {
				t.Errorf("QR indicator = %+v", in)
			}
			checkInvariants(t, a)
		})
	}
}

func TestQRCodeToTheSendersOwnSiteCountsForLittle(t *testing.T) {
	raw := string(withAttachments(file{"ticket.png", "image/png", qrPNG(t, "https://www.supplier.example/event/ticket/1")}))
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if in, ok := indicator(a, CodeQRCode); !ok || in.Severity != Info || in.Explained == "" {
		t.Errorf("QR indicator = %+v, want it explained", in)
	}
}
