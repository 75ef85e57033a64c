package email

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/email/pdf/pdftest"
)

// The benchmarks report the median and 95th percentile time per message as well as the mean,
// because a few large messages dominate a mean. They never fail on time. Figures and the command
// that produced them are in docs/performance-email.md.

func BenchmarkAnalyseSamples(b *testing.B) {
	for _, name := range sampleNames(b) {
		raw := readSample(b, name)
		b.Run(strings.TrimSuffix(name, ".eml"), func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyse(raw, nhsTrust); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyseCorpus analyses a generated corpus of typical reported e-mails: Microsoft
// 365 headers, HTML bodies with tens of links, a logo, and an attachment in half of them. One
// op is one pass over the whole corpus; p50-ms and p95-ms are per message.
func BenchmarkAnalyseCorpus(b *testing.B) {
	benchmarkCorpus(b, func(raw []byte) error {
		_, err := Analyse(raw, nhsTrust)
		return err
	})
}

// BenchmarkParseOnlyCorpus is the floor under BenchmarkAnalyseCorpus: the same corpus through
// the MIME parser alone, with nothing analysed.
func BenchmarkParseOnlyCorpus(b *testing.B) {
	benchmarkCorpus(b, func(raw []byte) error {
		_, err := parseParts(raw)
		return err
	})
}

func benchmarkCorpus(b *testing.B, analyse func([]byte) error) {
	corpus := generateCorpus(200)
	total := 0
	for _, raw := range corpus {
		total += len(raw)
	}
	b.Logf("corpus: %d messages, median %s, largest %s", len(corpus), sizeText(medianSize(corpus)), sizeText(largest(corpus)))
	b.SetBytes(int64(total))
	b.ReportAllocs()
	var took []time.Duration
	for b.Loop() {
		for _, raw := range corpus {
			start := time.Now()
			if err := analyse(raw); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkAnalyseLarge is one message near the size limit: a 15 MB attachment, 20 MB encoded.
func BenchmarkAnalyseLarge(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	raw := corpusMessage(rng, 0, 15<<20)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyse(raw, nhsTrust); err != nil {
			b.Fatal(err)
		}
	}
}

// generateCorpus makes n messages, the same every run.
func generateCorpus(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([][]byte, n)
	for i := range out {
		attachment := 0
		switch rng.IntN(4) {
		case 0, 1: // half have no attachment
		case 2:
			attachment = 20<<10 + rng.IntN(200<<10)
		case 3:
			attachment = 200<<10 + rng.IntN(1<<20)
		}
		out[i] = corpusMessage(rng, i, attachment)
	}
	return out
}

var corpusWords = strings.Fields(`please review the attached document before your next shift the ward rota
has changed and your access to the clinical system will expire unless you confirm your details today
thank you for your help with the audit patients appointments pharmacy invoice payment account password`)

// corpusMessage builds one realistic reported e-mail with an attachment of the given size.
func corpusMessage(rng *rand.Rand, i, attachment int) []byte {
	var b strings.Builder
	domain := fmt.Sprintf("sender%d.example", rng.IntN(50))
	for hop := 0; hop < 4+rng.IntN(5); hop++ {
		fmt.Fprintf(&b, "Received: from relay%d.%s (relay%d.%s [198.51.100.%d])\r\n\tby mx%d.nhs.net with ESMTPS id %x; Tue, 6 Oct 2026 08:%02d:00 +0000\r\n",
			hop, domain, hop, domain, rng.IntN(250), hop, rng.Uint64(), hop)
	}
	fmt.Fprintf(&b, "Authentication-Results: spf=pass (sender IP is 198.51.100.7) smtp.mailfrom=%s; dkim=pass (signature was verified) header.d=%s;dmarc=pass action=none header.from=%s;compauth=pass reason=100\r\n", domain, domain, domain)
	fmt.Fprintf(&b, "From: \"Sender %d\" <news@%s>\r\nTo: jane.smith@nhs.net\r\nSubject: Message %d about your %s\r\n", i, domain, i, corpusWords[rng.IntN(len(corpusWords))])
	fmt.Fprintf(&b, "Date: Tue, 06 Oct 2026 08:14:00 +0000\r\nMessage-ID: <%x@%s>\r\nMIME-Version: 1.0\r\n", rng.Uint64(), domain)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n")

	var text, html strings.Builder
	html.WriteString("<html><head><style>p{font-family:Arial}</style></head><body><table><tr><td>")
	links := 10 + rng.IntN(30)
	for p := 0; p < 20+rng.IntN(60); p++ {
		var para []string
		for w := 0; w < 20+rng.IntN(40); w++ {
			para = append(para, corpusWords[rng.IntN(len(corpusWords))])
		}
		line := strings.Join(para, " ")
		text.WriteString(line + "\r\n\r\n")
		html.WriteString("<p style=\"color:#333\">" + line)
		if p < links {
			target := fmt.Sprintf("https://www.%s/page/%d?utm_source=mail&id=%x", domain, p, rng.Uint64())
			if p%3 == 0 {
				target = "https://eur03.safelinks.protection.outlook.com/?url=" + strings.NewReplacer(":", "%3A", "/", "%2F", "?", "%3F", "=", "%3D", "&", "%26").Replace(target) + "&data=05%7C02&reserved=0"
			}
			fmt.Fprintf(&html, ` <a href="%s">read more</a>`, target)
			fmt.Fprintf(&text, "Read more: https://www.%s/page/%d\r\n", domain, p)
		}
		html.WriteString("</p>\r\n")
	}
	html.WriteString(`<img src="cid:logo" alt="logo"><img src="https://track.` + domain + `/open.gif"></td></tr></table></body></html>`)
	b.WriteString("--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text.String())
	b.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html.String() + "\r\n--alt--\r\n")
	writeBase64Part(&b, "image/png", "logo.png", "inline", randomBytes(rng, 4<<10+rng.IntN(16<<10)))
	if attachment > 0 {
		content := append([]byte("%PDF-1.7\n"), randomBytes(rng, attachment)...)
		writeBase64Part(&b, "application/pdf", fmt.Sprintf("document-%d.pdf", i), "attachment", content)
	}
	b.WriteString("--mixed--\r\n")
	return []byte(b.String())
}

func writeBase64Part(b *strings.Builder, ctype, name, disposition string, content []byte) {
	fmt.Fprintf(b, "--mixed\r\nContent-Type: %s; name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: %s; filename=\"%s\"\r\n\r\n", ctype, name, disposition, name)
	enc := base64.StdEncoding.EncodeToString(content)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

func randomBytes(rng *rand.Rand, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = byte(rng.Uint32())
	}
	return out
}

func medianSize(corpus [][]byte) int {
	sizes := make([]int, len(corpus))
	for i, c := range corpus {
		sizes[i] = len(c)
	}
	slices.Sort(sizes)
	return sizes[len(sizes)/2]
}

func largest(corpus [][]byte) int {
	m := 0
	for _, c := range corpus {
		m = max(m, len(c))
	}
	return m
}

// BenchmarkAnalyseDocuments is the cost of reading inside attachments: a picture with a QR
// code, and a PDF with text, a link and a QR picture. Decoding is bounded by MaxPictures,
// MaxPDFs, the PDF limits and the pixel limit.
func BenchmarkAnalyseDocuments(b *testing.B) {
	const lure = "https://m365-sign-in.example/auth"
	messages := map[string][]byte{
		"qr-picture": withAttachments(file{"scan.png", "image/png", qrPNG(b, lure)}),
		"pdf-with-qr": withAttachments(file{"doc.pdf", "application/pdf", pdftest.Build(pdftest.Page{
			Text: "Scan the code to re-activate your mailbox.", Links: []string{lure}, Picture: qrPicture(b, lure)})}),
	}
	for name, raw := range messages {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyse(raw, nhsTrust); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
