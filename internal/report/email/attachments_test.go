package email

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// file is an attachment for withAttachments.
type file struct {
	name, contentType string
	content           []byte
}

// withAttachments builds a message from a stranger with the files attached, base64 encoded.
func withAttachments(files ...file) []byte {
	var b strings.Builder
	b.WriteString("From: \"Accounts\" <accounts@supplier.example>\r\nTo: ward7@nhs.net\r\nSubject: Documents\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n" +
		"--XYZ\r\nContent-Type: text/plain\r\n\r\nPlease see attached.\r\n")
	for _, f := range files {
		ct := f.contentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		fmt.Fprintf(&b, "--XYZ\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"%s\"\r\n\r\n", ct, f.name)
		enc := base64.StdEncoding.EncodeToString(f.content)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--XYZ--\r\n")
	return []byte(b.String())
}

// zipOf builds a zip file; names starting with "locked:" are marked encrypted.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		h := &zip.FileHeader{Name: strings.TrimPrefix(n, "locked:"), Method: zip.Deflate}
		if strings.HasPrefix(n, "locked:") {
			h.Flags |= 0x1 // the "encrypted" bit; the content need not really be encrypted for the test
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(fw, "content of %s", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	windowsProgram = append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...)
	shortcut       = append([]byte("\x4C\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46"), make([]byte, 60)...)
	pdf            = []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
)

func TestRiskyAttachments(t *testing.T) {
	isoImage := make([]byte, 0x8010)
	copy(isoImage[0x8001:], "CD001")
	oleWithMacros := append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), utf16("_VBA_PROJECT")...)

	tests := []struct {
		name string
		file file
		want []IndicatorCode
	}{
		{"web page", file{"invoice.htm", "text/html", []byte("<html><form action=x></form></html>")}, []IndicatorCode{CodeRiskyAttachment}},
		{"script", file{"scan.js", "", []byte("WScript.Shell")}, []IndicatorCode{CodeRiskyAttachment}},
		{"macro workbook", file{"rota.xlsm", "", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin")}, []IndicatorCode{CodeMacroDocument}},
		{"macros in a .docx", file{"letter.docx", "", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin")}, []IndicatorCode{CodeMacroDocument}},
		{"macros in a legacy .doc", file{"letter.doc", "application/msword", oleWithMacros}, []IndicatorCode{CodeMacroDocument}},
		{"password-protected zip", file{"payslip.zip", "application/zip", zipOf(t, "locked:payslip.pdf")}, []IndicatorCode{CodeEncryptedArchive}},
		{"zip holding a shortcut", file{"photos.zip", "application/zip", zipOf(t, "photo1.jpg", "photo2.lnk")}, []IndicatorCode{CodeRiskyInArchive}},
		{"double extension", file{"invoice.pdf.html", "text/html", []byte("<html></html>")}, []IndicatorCode{CodeDoubleExtension, CodeRiskyAttachment}},
		{"padded double extension", file{"invoice.pdf        .exe", "", windowsProgram}, []IndicatorCode{CodeDoubleExtension, CodeRiskyAttachment}},
		{"reversed name", file{"invoice\u202Efdp.exe", "", windowsProgram}, []IndicatorCode{CodeDisguisedName, CodeRiskyAttachment}},
		{"program named as a PDF", file{"statement.pdf", "application/pdf", windowsProgram}, []IndicatorCode{CodeRiskyAttachment, CodeTypeMismatch}},
		{"shortcut with no name", file{"", "", shortcut}, []IndicatorCode{CodeRiskyAttachment}},
		{"disk image", file{"delivery.img", "", isoImage}, []IndicatorCode{CodeRiskyAttachment}},
		{"OneNote", file{"notes.one", "", []byte("\xE4\x52\x5C\x7B\x8C\xD8\xA7\x4D\xAE\xB1\x53\x78\xD0\x29\x96\xD3")}, []IndicatorCode{CodeRiskyAttachment}},
		{"phone profile", file{"wifi.mobileconfig", "", []byte(`<?xml version="1.0"?><plist><dict><key>PayloadType</key></dict></plist>`)}, []IndicatorCode{CodeRiskyAttachment}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse(withAttachments(tt.file), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Attachments) != 1 || !a.Attachments[0].Risky || len(a.Attachments[0].RiskReasons) == 0 {
				t.Fatalf("attachments = %+v, want one risky attachment with reasons", a.Attachments)
			}
			wantIndicators(t, a, tt.want...)
			if a.SuggestedVerdict != Malicious {
				t.Errorf("verdict = %s, want malicious", a.SuggestedVerdict)
			}
		})
	}
}

func TestOrdinaryAttachmentsAreNotRisky(t *testing.T) {
	a, err := Analyse(withAttachments(
		file{"minutes.pdf", "application/pdf", pdf},
		file{"report.docx", "", zipOf(t, "[Content_Types].xml", "word/document.xml")},
		file{"photos.zip", "application/zip", zipOf(t, "ward-party-1.jpg", "ward-party-2.jpg")},
		file{"notes.txt", "text/plain", []byte("Bring the handover sheets.")},
		file{"report.final.pdf", "application/pdf", pdf},
	), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Attachments) != 5 {
		t.Fatalf("attachments = %+v", a.Attachments)
	}
	for _, at := range a.Attachments {
		if at.Risky {
			t.Errorf("%s flagged risky: %v", at.Name, at.RiskReasons)
		}
	}
	if at := a.Attachments[1]; at.SniffedType != typeDOCX {
		t.Errorf("report.docx sniffed as %s, want a Word document", at.SniffedType)
	}
	if at := a.Attachments[2]; len(at.ArchiveFiles) != 2 || at.Encrypted {
		t.Errorf("photos.zip = %+v, want its two file names and no password", at)
	}
	noIndicators(t, a, CodeRiskyAttachment, CodeTypeMismatch, CodeMacroDocument, CodeEncryptedArchive, CodeDoubleExtension)
}

func TestZipWithoutCentralDirectoryIsStillRead(t *testing.T) {
	z := zipOf(t, "locked:secret.docx", "run.vbs")
	truncated := z[:bytes.Index(z, []byte(zipCentralHeader))] // as if the download was cut short
	facts := readZip(truncated)
	if !facts.encrypted || len(facts.names) != 2 || len(facts.risky) != 1 {
		t.Errorf("readZip(truncated) = %+v, want both names, the password and the script found", facts)
	}
	if facts := readZip([]byte("PK\x03\x04short")); len(facts.names) != 0 {
		t.Errorf("readZip(garbage) = %+v", facts)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		data []byte
		want string
	}{
		{nil, typeEmpty},
		{pdf, typePDF},
		{windowsProgram, typeExe},
		{shortcut, typeLNK},
		{[]byte("\x89PNG\r\n\x1A\n...."), typePNG},
		{[]byte("<!-- saved from url -->\n<HTML><body>"), typeHTML},
		{[]byte("\xef\xbb\xbf<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"), typeSVG},
		{[]byte("<?xml version=\"1.0\"?><note/>"), typeXML},
		{[]byte("Dear colleague, the rota is attached."), typeText},
		{[]byte("Caf\xe9 menu in Windows-1252"), typeText},
		{[]byte{0x00, 0x01, 0x02, 0xff}, typeBinary},
	}
	for _, tt := range tests {
		if got := sniff(tt.data); got != tt.want {
			t.Errorf("sniff(%.20q) = %s, want %s", tt.data, got, tt.want)
		}
	}
}

// A name padded to push its real ending out of sight is still judged by its ending, and kept
// with its ending visible.
func TestPaddedAttachmentNameKeepsItsEnding(t *testing.T) {
	name := "invoice" + strings.Repeat("_", 400) + ".pdf.html"
	a, err := Analyse(withAttachments(file{name, "text/html", []byte("<html><form action='https://evil.example'></form></html>")}), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	at := a.Attachments[0]
	if !at.Risky || len(at.Name) > MaxNameLength+10 || !strings.HasSuffix(at.Name, ".pdf.html") {
		t.Errorf("attachment name %q (%d bytes), risky %v", at.Name, len(at.Name), at.Risky)
	}
	wantIndicators(t, a, CodeDoubleExtension, CodeRiskyAttachment)
}
