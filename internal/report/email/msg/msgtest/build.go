// Package msgtest builds small Outlook .msg files for tests: OLE compound files (version 3,
// 512-byte sectors, a mini stream for small streams) holding the MAPI properties that
// package msg reads. It writes only what the tests need, not everything Outlook writes.
package msgtest

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
)

// Message is what to put in the file.
type Message struct {
	Subject       string
	SenderName    string
	SenderAddress string
	To            []string // SMTP addresses
	Headers       string   // internet headers, as PR_TRANSPORT_MESSAGE_HEADERS
	Text          string
	HTML          string
	RTF           []byte // PR_RTF_COMPRESSED, as it is stored
	Attachments   []Attachment
}

// Attachment is a file, or an attached message when Message is set.
type Attachment struct {
	Name     string
	MIMEType string
	Data     []byte
	Message  *Message
}

// entry is one stream or storage of the compound file.
type entry struct {
	name     string
	storage  bool
	data     []byte
	children []*entry
}

// Build writes m as a .msg file.
func Build(m Message) []byte {
	root := &entry{name: "Root Entry", storage: true}
	addMessage(root, m, 32)
	return writeCompoundFile(root)
}

func addMessage(s *entry, m Message, headerSize int) {
	str := func(id uint16, v string) {
		if v != "" {
			s.children = append(s.children, unicodeStream(id, v))
		}
	}
	str(0x0037, m.Subject)
	str(0x0C1A, m.SenderName)
	str(0x5D01, m.SenderAddress)
	str(0x007D, m.Headers)
	str(0x1000, m.Text)
	if m.HTML != "" {
		s.children = append(s.children, &entry{name: "__substg1.0_10130102", data: []byte(m.HTML)})
	}
	if m.RTF != nil {
		s.children = append(s.children, &entry{name: "__substg1.0_10090102", data: m.RTF})
	}
	s.children = append(s.children, &entry{name: "__properties_version1.0", data: make([]byte, headerSize)})
	for i, to := range m.To {
		r := &entry{name: fmt.Sprintf("__recip_version1.0_#%08X", i), storage: true}
		r.children = append(r.children, unicodeStream(0x3001, to), unicodeStream(0x39FE, to),
			&entry{name: "__properties_version1.0", data: fixedInt(8, 0x0C15, 1)})
		s.children = append(s.children, r)
	}
	for i, a := range m.Attachments {
		at := &entry{name: fmt.Sprintf("__attach_version1.0_#%08X", i), storage: true}
		at.children = append(at.children, unicodeStream(0x3707, a.Name))
		if a.MIMEType != "" {
			at.children = append(at.children, unicodeStream(0x370E, a.MIMEType))
		}
		if a.Message != nil {
			inner := &entry{name: "__substg1.0_3701000D", storage: true}
			addMessage(inner, *a.Message, 24)
			at.children = append(at.children, inner, &entry{name: "__properties_version1.0", data: fixedInt(8, 0x3705, 5)})
		} else {
			at.children = append(at.children, &entry{name: "__substg1.0_37010102", data: a.Data},
				&entry{name: "__properties_version1.0", data: fixedInt(8, 0x3705, 1)})
		}
		s.children = append(s.children, at)
	}
}

func unicodeStream(id uint16, v string) *entry {
	u := utf16.Encode([]rune(v))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return &entry{name: fmt.Sprintf("__substg1.0_%04X001F", id), data: b}
}

// fixedInt is a fixed-property stream with one 32-bit property after a header.
func fixedInt(headerSize int, id uint16, v uint32) []byte {
	b := make([]byte, headerSize+16)
	binary.LittleEndian.PutUint32(b[headerSize:], uint32(id)<<16|0x0003)
	binary.LittleEndian.PutUint32(b[headerSize+8:], v)
	return b
}

const (
	sectorSize   = 512
	miniSize     = 64
	miniCutoff   = 4096
	endOfChain   = 0xFFFFFFFE
	freeSector   = 0xFFFFFFFF
	fatSector    = 0xFFFFFFFD
	noStream     = 0xFFFFFFFF
	entriesPerFS = sectorSize / 4
)

// writeCompoundFile lays the entries out as [mini stream][large streams][mini FAT]
// [directory][FAT] and writes the header in front.
func writeCompoundFile(root *entry) []byte {
	var dir []*entry
	var flatten func(e *entry)
	flatten = func(e *entry) {
		dir = append(dir, e)
		for _, c := range e.children {
			flatten(c)
		}
	}
	flatten(root)
	index := map[*entry]int{}
	right := map[*entry]*entry{} // each child's next sibling
	for i, e := range dir {
		index[e] = i
		for j := 0; j+1 < len(e.children); j++ {
			right[e.children[j]] = e.children[j+1]
		}
	}

	var mini []byte
	var miniFAT []uint32
	start := map[*entry]uint32{}
	type big struct {
		e       *entry
		sectors int
	}
	var bigs []big
	for _, e := range dir {
		switch {
		case e.storage || len(e.data) == 0:
			start[e] = endOfChain
		case len(e.data) < miniCutoff:
			first := uint32(len(miniFAT))
			n := (len(e.data) + miniSize - 1) / miniSize
			for i := 0; i < n; i++ {
				next := uint32(len(miniFAT) + 1)
				if i == n-1 {
					next = endOfChain
				}
				miniFAT = append(miniFAT, next)
			}
			start[e] = first
			mini = append(mini, e.data...)
			mini = append(mini, make([]byte, n*miniSize-len(e.data))...)
		default:
			bigs = append(bigs, big{e, (len(e.data) + sectorSize - 1) / sectorSize})
		}
	}
	miniSectors := (len(mini) + sectorSize - 1) / sectorSize
	bigSectors := 0
	for _, b := range bigs {
		bigSectors += b.sectors
	}
	miniFATSectors := (len(miniFAT)*4 + sectorSize - 1) / sectorSize
	dirSectors := (len(dir)*128 + sectorSize - 1) / sectorSize
	dataSectors := miniSectors + bigSectors + miniFATSectors + dirSectors
	fatSectors := 1
	for (dataSectors+fatSectors+entriesPerFS-1)/entriesPerFS > fatSectors {
		fatSectors++
	}
	total := dataSectors + fatSectors
	fat := make([]uint32, fatSectors*entriesPerFS)
	for i := range fat {
		fat[i] = freeSector
	}
	next := 0
	chain := func(n int) uint32 {
		if n == 0 {
			return endOfChain
		}
		first := next
		for i := 0; i < n; i++ {
			fat[next] = uint32(next + 1)
			if i == n-1 {
				fat[next] = endOfChain
			}
			next++
		}
		return uint32(first)
	}
	miniStart := chain(miniSectors)
	for _, b := range bigs {
		start[b.e] = chain(b.sectors)
	}
	miniFATStart := chain(miniFATSectors)
	dirStart := chain(dirSectors)
	fatStart := next
	for i := 0; i < fatSectors; i++ {
		fat[next] = fatSector
		next++
	}

	out := make([]byte, sectorSize*(1+total))
	h := out[:sectorSize]
	copy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	binary.LittleEndian.PutUint16(h[24:], 0x3E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(fatSectors))
	binary.LittleEndian.PutUint32(h[48:], dirStart)
	binary.LittleEndian.PutUint32(h[56:], miniCutoff)
	binary.LittleEndian.PutUint32(h[60:], miniFATStart)
	binary.LittleEndian.PutUint32(h[64:], uint32(miniFATSectors))
	binary.LittleEndian.PutUint32(h[68:], endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSector)
		if i < fatSectors {
			v = uint32(fatStart + i)
		}
		binary.LittleEndian.PutUint32(h[76+4*i:], v)
	}
	sector := func(n uint32) []byte { return out[sectorSize*(int(n)+1):] }
	if miniSectors > 0 {
		copy(sector(miniStart), mini)
	}
	for _, b := range bigs {
		copy(sector(start[b.e]), b.e.data)
	}
	if miniFATSectors > 0 {
		mf := sector(miniFATStart)
		for i := 0; i < miniFATSectors*entriesPerFS; i++ {
			v := uint32(freeSector)
			if i < len(miniFAT) {
				v = miniFAT[i]
			}
			binary.LittleEndian.PutUint32(mf[4*i:], v)
		}
	}
	d := sector(dirStart)
	for i, e := range dir {
		writeDirEntry(d[128*i:128*i+128], e, i == 0, index, right, start, miniStart, len(mini))
	}
	f := sector(uint32(fatStart))
	for i, v := range fat {
		binary.LittleEndian.PutUint32(f[4*i:], v)
	}
	return out
}

// writeDirEntry writes one 128-byte directory entry. A storage's children are chained
// through their right-sibling links: a valid, if unbalanced, tree.
func writeDirEntry(b []byte, e *entry, isRoot bool, index map[*entry]int, right map[*entry]*entry, start map[*entry]uint32, miniStart uint32, miniLen int) {
	name := utf16.Encode([]rune(e.name))
	for i, c := range name {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	binary.LittleEndian.PutUint16(b[64:], uint16(2*len(name)+2))
	switch {
	case isRoot:
		b[66] = 5
	case e.storage:
		b[66] = 1
	default:
		b[66] = 2
	}
	b[67] = 1 // black
	binary.LittleEndian.PutUint32(b[68:], noStream)
	binary.LittleEndian.PutUint32(b[72:], noStream)
	binary.LittleEndian.PutUint32(b[76:], noStream)
	if r, ok := right[e]; ok {
		binary.LittleEndian.PutUint32(b[72:], uint32(index[r]))
	}
	if len(e.children) > 0 {
		binary.LittleEndian.PutUint32(b[76:], uint32(index[e.children[0]]))
	}
	if isRoot {
		binary.LittleEndian.PutUint32(b[116:], miniStart)
		binary.LittleEndian.PutUint64(b[120:], uint64(miniLen))
		return
	}
	binary.LittleEndian.PutUint32(b[116:], start[e])
	binary.LittleEndian.PutUint64(b[120:], uint64(len(e.data)))
}
