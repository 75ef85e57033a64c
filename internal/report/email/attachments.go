package email

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// riskyExtensions are file types that run code, show a web page, or hide other files when
// opened, with what each does in a few words for the analyst.
var riskyExtensions = map[string]string{
	"html": "web page", "htm": "web page", "shtml": "web page", "xhtml": "web page",
	"mht": "web page", "mhtml": "web page", "svg": "image that can hold a web page",
	"exe": "program", "scr": "program", "com": "program", "pif": "program", "msi": "installer",
	"msix": "installer", "appx": "installer", "dll": "program library", "cpl": "program",
	"bat": "script", "cmd": "script", "ps1": "script", "js": "script", "jse": "script",
	"vbs": "script", "vbe": "script", "wsf": "script", "wsh": "script", "hta": "script",
	"jar": "program", "reg": "registry change", "xll": "Excel add-in", "chm": "help file that can run code",
	"lnk": "shortcut that can run a program", "url": "internet shortcut", "scf": "shortcut",
	"library-ms": "shortcut", "settingcontent-ms": "shortcut", "appref-ms": "program shortcut",
	"iqy": "web query", "slk": "spreadsheet that can run commands", "inf": "installer",
	"iso": "disk image", "img": "disk image", "vhd": "disk image", "vhdx": "disk image",
	"one": "OneNote file", "onepkg": "OneNote package",
	"mobileconfig": "Apple configuration profile",
}

// macroExtensions are Office documents that can carry macros.
var macroExtensions = map[string]bool{
	"docm": true, "dotm": true, "xlsm": true, "xltm": true, "xlam": true, "xlsb": true, "xla": true,
	"xlm": true, "pptm": true, "potm": true, "ppam": true, "ppsm": true, "sldm": true,
}

// riskyTypes are sniffed types that are risky whatever the file is called.
var riskyTypes = map[string]string{
	typeHTML: "web page", typeSVG: "image that can hold a web page", typeExe: "Windows program",
	typeELF: "program", typeLNK: "shortcut that can run a program", typeISO: "disk image",
	typeVHD: "disk image", typeOneNote: "OneNote file", typeMobileConfig: "Apple configuration profile",
}

// decoyExtensions are the harmless types a disguised name pretends to be, as in invoice.pdf.html.
var decoyExtensions = map[string]bool{
	"pdf": true, "doc": true, "docx": true, "xls": true, "xlsx": true, "ppt": true, "pptx": true,
	"txt": true, "rtf": true, "csv": true, "odt": true, "jpg": true, "jpeg": true, "png": true,
	"gif": true, "mp3": true, "mp4": true, "wav": true, "eml": true, "msg": true,
}

// expectedTypes are what the content of a file with each extension should sniff as. Types
// missing here (text, XML, unknown) are not compared.
var expectedTypes = map[string][]string{
	"pdf": {typePDF}, "rtf": {typeRTF}, "png": {typePNG}, "jpg": {typeJPEG}, "jpeg": {typeJPEG},
	"gif": {typeGIF}, "webp": {typeWebP}, "zip": {typeZip}, "7z": {type7z}, "rar": {typeRar},
	"gz": {typeGzip}, "tgz": {typeGzip}, "cab": {typeCab},
	"docx": {typeZip}, "xlsx": {typeZip}, "pptx": {typeZip}, "docm": {typeZip}, "xlsm": {typeZip},
	"pptm": {typeZip}, "odt": {typeZip}, "ods": {typeZip}, "odp": {typeZip}, "jar": {typeZip},
	"doc": {typeOLE, typeRTF}, "xls": {typeOLE}, "ppt": {typeOLE}, "msg": {typeOLE}, "msi": {typeOLE},
	"exe": {typeExe}, "dll": {typeExe}, "scr": {typeExe}, "lnk": {typeLNK}, "one": {typeOneNote},
	"iso": {typeISO}, "vhd": {typeVHD}, "vhdx": {typeVHD},
	"html": {typeHTML, typeText, typeXML}, "htm": {typeHTML, typeText, typeXML}, "svg": {typeSVG, typeXML},
	"txt": {typeText}, "csv": {typeText},
}

// bidiControls reorder text on screen: "invoice\u202Egpj.exe" shows as "invoiceexe.jpg".
const bidiControls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F"

// readAttachments describes every part of the message that is not its readable body, and
// records what makes any of them risky.
func readAttachments(m *message, a *Analysis) {
	count := 0
	walkParts(m.root, func(p *enmime.Part) {
		if isBodyPart(p) || len(p.Content) == 0 && partName(p) == "" {
			return
		}
		count++
		if count <= MaxAttachments {
			a.Attachments = append(a.Attachments, inspectAttachment(p, a))
		}
	})
	if count > MaxAttachments {
		a.warn("The message has %d attachments; only the first %d were inspected.", count, MaxAttachments)
	}
}

// partName is the file name a part gives itself, if any.
func partName(p *enmime.Part) string {
	return strings.TrimSpace(p.FileName)
}

// extension is the last extension of a file name, lower case, ignoring padding spaces.
func extension(name string) string {
	name = strings.ToLower(strings.TrimRight(name, " ."))
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	ext := path.Ext(name)
	return strings.TrimSpace(strings.TrimPrefix(ext, "."))
}

func inspectAttachment(p *enmime.Part, a *Analysis) Attachment {
	sum := sha256.Sum256(p.Content)
	at := Attachment{
		Name:         partName(p), // checked whole, cut for keeping at the end
		DeclaredType: a.capped("attachment type", p.ContentType, MaxNameLength),
		SniffedType:  sniff(p.Content),
		Size:         len(p.Content),
		SHA256:       hex.EncodeToString(sum[:]),
		Inline:       p.Disposition == "inline",
	}
	name, ext := displayName(at.Name), extension(at.Name)
	risky := func(code IndicatorCode, reason string) {
		at.Risky = true
		at.RiskReasons = append(at.RiskReasons, reason)
		a.add(code, "%s: %s.", name, reason)
	}

	if what, ok := riskyExtensions[ext]; ok {
		risky(CodeRiskyAttachment, fmt.Sprintf("a .%s file is a %s", ext, what))
	}
	if macroExtensions[ext] {
		risky(CodeMacroDocument, fmt.Sprintf("a .%s file is an Office document that can run macros", ext))
	}
	if what, ok := riskyTypes[at.SniffedType]; ok && riskyExtensions[ext] == "" {
		risky(CodeRiskyAttachment, "its content is a "+what)
	}
	if strings.ContainsAny(at.Name, bidiControls) {
		risky(CodeDisguisedName, "its name contains characters that reverse the text, hiding its real ending")
	}
	if decoy, ok := doubleExtension(at.Name); ok {
		risky(CodeDoubleExtension, fmt.Sprintf("its name ends .%s.%s, pretending to be a .%s file", decoy, ext, decoy))
	}

	switch at.SniffedType {
	case typeZip:
		z := readZip(p.Content)
		at.ArchiveFiles, at.Encrypted = z.names, z.encrypted
		if z.office != "" {
			at.SniffedType = z.office
		}
		if z.encrypted {
			risky(CodeEncryptedArchive, "it is a password-protected zip file")
		}
		if z.macros {
			risky(CodeMacroDocument, "it is an Office document with macros")
		}
		for _, n := range z.risky {
			risky(CodeRiskyInArchive, "the zip file holds "+n)
		}
	case typeOLE:
		if hasOLEMacros(p.Content) {
			risky(CodeMacroDocument, "it is an Office document with macros")
		}
	}
	if detail, ok := typeMismatch(at); ok {
		a.add(CodeTypeMismatch, "%s", detail)
	}
	if len(at.Name) > MaxNameLength {
		// Keep the end: padding a name to push its real ending out of sight is a trick.
		a.warn("An attachment's name was longer than %d characters; Vigil kept its start and end.", MaxNameLength)
		at.Name = shortenMiddle(at.Name, MaxNameLength)
	}
	return at
}

// doubleExtension reports a name such as "invoice.pdf.html": a harmless-looking type followed
// by a risky real one.
func doubleExtension(name string) (decoy string, ok bool) {
	ext := extension(name)
	if riskyExtensions[ext] == "" && !macroExtensions[ext] {
		return "", false
	}
	base := strings.ToLower(strings.TrimRight(name, " ."))
	base = strings.TrimSuffix(strings.TrimSuffix(base, ext), ".")
	decoy = extension(base)
	return decoy, decoyExtensions[decoy]
}

// typeMismatch reports an attachment whose content is not what its name or label says, with
// the facts for the analyst.
func typeMismatch(at Attachment) (string, bool) {
	switch at.SniffedType {
	case typeText, typeBinary, typeEmpty, typeXML:
		return "", false // too vague to contradict anything
	}
	family := at.SniffedType
	if strings.HasPrefix(family, "application/vnd.openxmlformats") {
		family = typeZip
	}
	if want, ok := expectedTypes[extension(at.Name)]; ok && !slices.Contains(want, family) {
		return fmt.Sprintf("%s is named as a .%s file but is really %s.", displayName(at.Name), extension(at.Name), at.SniffedType), true
	}
	declared := at.DeclaredType
	if declared == typeHTML && family != typeHTML || declared == typePDF && family != typePDF {
		return fmt.Sprintf("%s is labelled %s but is really %s.", displayName(at.Name), declared, at.SniffedType), true
	}
	return "", false
}

func displayName(name string) string {
	if name == "" {
		return "An unnamed attachment"
	}
	return name
}
