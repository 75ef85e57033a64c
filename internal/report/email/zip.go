package email

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// zipFacts is what the table of contents of a zip file says, without unpacking anything.
type zipFacts struct {
	names     []string // file names inside, up to MaxArchiveEntries
	encrypted bool     // an entry has the "encrypted" flag set: the zip needs a password
	macros    bool     // an Office document whose VBA project is stored inside
	office    string   // the Office type, when the zip is a Word, Excel or PowerPoint file
	risky     []string // inner files of risky kinds, described for the analyst
}

const (
	zipLocalHeader   = "PK\x03\x04"
	zipCentralHeader = "PK\x01\x02"
	zipEndOfDir      = "PK\x05\x06"
	zipFlagEncrypted = 0x1 // general purpose bit 0 (APPNOTE 4.4.4)
)

// readZip reads the names and flags of a zip file's entries. It reads the central directory
// when it can find one, and otherwise walks the local headers, which is how a truncated or
// deliberately damaged archive is still described. It never decompresses: the encrypted flag
// and the names are all it needs.
func readZip(data []byte) zipFacts {
	var z zipFacts
	if !z.readCentralDirectory(data) {
		z = zipFacts{}
		z.readLocalHeaders(data)
	}
	z.classify()
	// Names are checked whole, then cut for keeping, start and end kept.
	for i := range z.names {
		z.names[i] = shortenMiddle(z.names[i], MaxNameLength)
	}
	for i := range z.risky {
		z.risky[i] = shortenMiddle(z.risky[i], MaxNameLength+40)
	}
	return z
}

// entry records one file of the archive.
func (z *zipFacts) entry(name string, flags uint16) {
	if flags&zipFlagEncrypted != 0 {
		z.encrypted = true
	}
	if len(z.names) < MaxArchiveEntries {
		z.names = append(z.names, strings.ToValidUTF8(name, "\uFFFD"))
	}
}

func (z *zipFacts) readCentralDirectory(data []byte) bool {
	// The end-of-directory record is in the last 64 KB + 22 bytes (its comment is at most 64 KB).
	tail := data[max(0, len(data)-(1<<16+22)):]
	i := bytes.LastIndex(tail, []byte(zipEndOfDir))
	if i < 0 || len(tail)-i < 22 {
		return false
	}
	end := tail[i:]
	count := int(binary.LittleEndian.Uint16(end[10:]))
	offset := int(binary.LittleEndian.Uint32(end[16:]))
	if offset >= len(data) || offset == 0xFFFFFFFF {
		return false // ZIP64 or damaged: the local headers will do
	}
	pos := offset
	for n := 0; n < count && n < MaxArchiveEntries; n++ {
		if pos+46 > len(data) || string(data[pos:pos+4]) != zipCentralHeader {
			return n > 0
		}
		h := data[pos:]
		flags := binary.LittleEndian.Uint16(h[8:])
		nameLen := int(binary.LittleEndian.Uint16(h[28:]))
		extraLen := int(binary.LittleEndian.Uint16(h[30:]))
		commentLen := int(binary.LittleEndian.Uint16(h[32:]))
		if pos+46+nameLen > len(data) {
			return n > 0
		}
		z.entry(string(h[46:46+nameLen]), flags)
		pos += 46 + nameLen + extraLen + commentLen
	}
	return true
}

func (z *zipFacts) readLocalHeaders(data []byte) {
	pos := 0
	for n := 0; n < MaxArchiveEntries; n++ {
		i := bytes.Index(data[pos:], []byte(zipLocalHeader))
		if i < 0 {
			return
		}
		pos += i
		if pos+30 > len(data) {
			return
		}
		h := data[pos:]
		flags := binary.LittleEndian.Uint16(h[6:])
		nameLen := int(binary.LittleEndian.Uint16(h[26:]))
		if pos+30+nameLen > len(data) {
			return
		}
		z.entry(string(h[30:30+nameLen]), flags)
		pos += 30 + nameLen
	}
}

// classify works out what the entry names say about the archive.
func (z *zipFacts) classify() {
	var hasContentTypes bool
	for _, n := range z.names {
		lower := strings.ToLower(n)
		switch {
		case lower == "[content_types].xml":
			hasContentTypes = true
		case strings.HasSuffix(lower, "vbaproject.bin"):
			z.macros = true
		}
		ext := extension(lower)
		if what, ok := riskyExtensions[ext]; ok {
			z.risky = append(z.risky, fmt.Sprintf("%s (a %s)", n, what))
		} else if macroExtensions[ext] {
			z.risky = append(z.risky, fmt.Sprintf("%s (an Office document that can run macros)", n))
		}
	}
	if !hasContentTypes {
		return
	}
	for _, n := range z.names {
		switch {
		case strings.HasPrefix(n, "word/"):
			z.office = typeDOCX
		case strings.HasPrefix(n, "xl/"):
			z.office = typeXLSX
		case strings.HasPrefix(n, "ppt/"):
			z.office = typePPTX
		}
		if z.office != "" {
			return
		}
	}
}
