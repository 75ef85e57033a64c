package email

import (
	"errors"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email/msg/msgtest"
	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// FuzzAnalyse checks that no input makes Analyse panic, and that it either refuses the input
// as invalid or returns an analysis that keeps the safety promises.
func FuzzAnalyse(f *testing.F) {
	for _, name := range sampleNames(f) {
		f.Add(readSample(f, name))
	}
	f.Add([]byte("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d.example\r\n\r\n--x--"))
	f.Add([]byte("Subject: 3|x\r\nFrom: a@nhs.net\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: 3|y\r\n\r\n--x--"))
	f.Add([]byte("From: a@b.example\r\nContent-Type: text/html\r\n\r\n<a href='https://eur03.safelinks.protection.outlook.com/?url=%%%'>x</a><img src=cid:>"))
	f.Add([]byte("From: a@b.example\r\nAuthentication-Results: ;=;==;(((\r\nReceived: from [::1] by ;\r\n\r\n"))
	f.Add(withAttachments(file{"a.zip", "application/zip", []byte("PK\x03\x04\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00")}))

	f.Add(msgtest.Build(outlookLure()))
	f.Add([]byte("From: jane.smith@nhs.net\r\nSubject: FW: x\r\n\r\nnote\r\n\r\nFrom: A <a@b.example>\r\nSent: Monday\r\nTo: c\r\nSubject: y\r\n\r\nhttps://b.example/\r\n"))
	f.Add([]byte("From: a@b.example\r\nSubject: z\r\n\r\n---------- Forwarded message ---------\r\nFrom: <c@d.example>\r\n\r\nbody"))
	// names and subjects that the impersonation checks read: broken From lines, hidden marks,
	// swapped letters, a brand's voice
	f.Add([]byte("From: Gift, jehd <a@b>\r\nTo: c@d.example\r\nSubject: [PayPal] c@d.example IMP0RTANT WaIIet__x\r\n\r\nfree spins"))
	f.Add([]byte("From: =?UTF-8?B?YUDcvy7cv2I=?= <eTZhJSSyG@x.firebaseapp.com>\r\nSubject: \xf0\x9d\x97\x9f:\r\n\r\n"))
	f.Add([]byte("From: \"Banco\" <a@gmail.com>\r\nSubject: Aviso - verifiqueXJ34DNLwlN \xc2\xa1Gana!\r\n\r\nUS$18.5 million"))
	f.Add(withAttachments(file{"doc.pdf", "application/pdf", pdftest.Build(pdftest.Page{Text: "sign in", Links: []string{"https://e.example/"}})}))
	f.Add(withAttachments(file{"qr.png", "image/png", qrPNG(f, "https://e.example/qr")}))

	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := Analyse(raw, nhsTrust)
		if err != nil {
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid || ve.Message == "" {
				t.Fatalf("error %v is not a plain invalid-input refusal", err)
			}
			return
		}
		checkInvariants(t, a)
	})
}

// FuzzParseLink checks that no written link makes the browser-style reader or the unwrapping
// of wrappers and redirectors panic, and that what they return is a link with a host.
func FuzzParseLink(f *testing.F) {
	for _, s := range []string{"https://ev\nil.example/", `https:\\evil.example\x`, "http://3405803785/",
		"https://urldefense.com/v3/__https://evil.example/login*id*7__;Pz0!!ABC!def$",
		"https://urldefense.proofpoint.com/v2/url?u=https-3A__evil.example_login&d=x",
		"https://www.bing.com/ck/a?u=a1aHR0cHM6Ly9ldmlsLmV4YW1wbGUv", "https://a%zz@b/%", "javascript:alert(1)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := parseLink(raw)
		if err != nil || p.url == nil || p.url.Host == "" {
			return
		}
		w := unwrapLink(p.url)
		if len(w.layers) > maxUnwrap || w.url == nil || w.url.Host == "" {
			t.Fatalf("unwrap(%q) = %+v", raw, w)
		}
	})
}
