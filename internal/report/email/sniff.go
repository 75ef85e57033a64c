package email

import (
	"bytes"
	"unicode/utf8"
)

// File types that sniff recognises, named by their usual media type. Vigil sniffs files
// itself rather than with net/http's DetectContentType, which does not know the formats
// phishing uses most: shortcuts, disk images, OneNote and Office files.
const (
	typeEmpty        = "application/x-empty"
	typeBinary       = "application/octet-stream"
	typeText         = "text/plain"
	typeHTML         = "text/html"
	typeXML          = "text/xml"
	typeSVG          = "image/svg+xml"
	typePDF          = "application/pdf"
	typeRTF          = "application/rtf"
	typeZip          = "application/zip"
	typeOLE          = "application/x-ole-storage" // legacy Office documents, Outlook .msg, .msi
	typeExe          = "application/x-msdownload"
	typeELF          = "application/x-executable"
	typeRar          = "application/vnd.rar"
	type7z           = "application/x-7z-compressed"
	typeGzip         = "application/gzip"
	typeCab          = "application/vnd.ms-cab-compressed"
	typeISO          = "application/x-iso9660-image"
	typeVHD          = "application/x-virtual-disk"
	typeLNK          = "application/x-ms-shortcut"
	typeOneNote      = "application/onenote"
	typeMobileConfig = "application/x-apple-aspen-config"
	typePNG          = "image/png"
	typeJPEG         = "image/jpeg"
	typeGIF          = "image/gif"
	typeWebP         = "image/webp"

	typeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

type signature struct {
	offset int
	magic  string
	kind   string
}

// signatures are the first bytes that identify a file type.
var signatures = []signature{
	{0, "%PDF-", typePDF},
	{0, "PK\x03\x04", typeZip},
	{0, "PK\x05\x06", typeZip},
	{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", typeOLE},
	{0, "MZ", typeExe},
	{0, "\x7FELF", typeELF},
	{0, "Rar!\x1A\x07", typeRar},
	{0, "7z\xBC\xAF\x27\x1C", type7z},
	{0, "\x1F\x8B", typeGzip},
	{0, "MSCF", typeCab},
	{0, "\x4C\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xC0\x00\x00\x00\x00\x00\x00\x46", typeLNK},
	{0, "\xE4\x52\x5C\x7B\x8C\xD8\xA7\x4D\xAE\xB1\x53\x78\xD0\x29\x96\xD3", typeOneNote},
	{0, "conectix", typeVHD},
	{0, "vhdxfile", typeVHD},
	{0x8001, "CD001", typeISO},
	{0x8801, "CD001", typeISO},
	{0x9001, "CD001", typeISO},
	{0x8001, "BEA01", typeISO},
	{0, "\x89PNG\r\n\x1A\n", typePNG},
	{0, "\xFF\xD8\xFF", typeJPEG},
	{0, "GIF87a", typeGIF},
	{0, "GIF89a", typeGIF},
	{0, "{\\rtf", typeRTF},
}

// sniff names the type of data from its content alone.
func sniff(data []byte) string {
	if len(data) == 0 {
		return typeEmpty
	}
	for _, s := range signatures {
		if len(data) >= s.offset+len(s.magic) && string(data[s.offset:s.offset+len(s.magic)]) == s.magic {
			return s.kind
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return typeWebP
	}
	// A fixed-size VHD keeps its signature in a footer.
	if len(data) >= 512 && string(data[len(data)-512:len(data)-504]) == "conectix" {
		return typeVHD
	}
	head := data[:min(len(data), 1024)]
	if bytes.IndexByte(head, 0) >= 0 {
		return typeBinary
	}
	return sniffText(data, head)
}

// markupHints are openings that make a text file a web page when a browser opens it. Phishing
// pages often start with a comment or junk text, so they are looked for anywhere in the first
// kilobyte, not only at the start.
var markupHints = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"), []byte("<script"),
	[]byte("<iframe"), []byte("<form"), []byte("<meta "), []byte("<a href"), []byte("<div"),
	[]byte("<table"), []byte("<p>"), []byte("<title"), []byte("<style"),
}

func sniffText(data, head []byte) string {
	lower := bytes.ToLower(head)
	if bytes.Contains(lower, []byte("<svg")) {
		return typeSVG
	}
	if bytes.Contains(lower, []byte("<plist")) && bytes.Contains(data[:min(len(data), 64<<10)], []byte("PayloadType")) {
		return typeMobileConfig
	}
	for _, h := range markupHints {
		if bytes.Contains(lower, h) {
			return typeHTML
		}
	}
	if bytes.HasPrefix(bytes.TrimLeft(lower, "\xef\xbb\xbf \t\r\n"), []byte("<?xml")) {
		return typeXML
	}
	if !utf8.Valid(trimPartialRune(head)) && !mostlyPrintable(head) {
		return typeBinary
	}
	return typeText
}

// trimPartialRune drops a UTF-8 sequence cut off at the end of a sniffing window.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// mostlyPrintable accepts text in single-byte charsets such as Windows-1252.
func mostlyPrintable(b []byte) bool {
	control := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			control++
		}
	}
	return control*20 < len(b)
}

// isOLE reports whether data is an OLE compound file, the container of Outlook .msg files.
func isOLE(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
}

// hasOLEMacros reports whether an OLE compound file holds a VBA project. Stream names are
// stored in UTF-16, so the name is searched for in that form.
func hasOLEMacros(data []byte) bool {
	return bytes.Contains(data, utf16("_VBA_PROJECT")) || bytes.Contains(data, utf16("Macros"))
}

func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}
