package email

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// checkImpersonation looks for a sender pretending to be a company it is not, and for tricks
// in the name, the subject and the address that honest senders have no use for.
func checkImpersonation(a *Analysis) {
	if a.From == nil {
		return
	}
	from := a.From
	if claim, ok := brandClaim(from.Name, from.Domain, a.Auth.DKIM.Domain); ok {
		a.add(CodeBrandImpersonation, "The name %q claims %s, but the address is %s.", shorten(from.Name, 100), claim, from.Address)
	} else if fixed := unswapIL(from.Name); fixed != from.Name && brandClaimed(fixed, from.Domain, a.Auth.DKIM.Domain) {
		a.add(CodeBrandImpersonation, "The name %q is %q with a capital I and a small l swapped, but the address is %s.",
			shorten(from.Name, 100), shorten(fixed, 100), from.Address)
	} else if site := nameAsDomain(from.Name); site != "" && registrableDomain(site) != registrableDomain(from.Domain) &&
		registrableDomain(site) != registrableDomain(a.Auth.DKIM.Domain) {
		a.add(CodeDisplayNameDomain, "The name shows %s, but the message came from %s.", shorten(site, 100), from.Address)
	}
	if claim, ok := subjectBrand(a.Subject, from.Domain, a.Auth.DKIM.Domain); ok {
		// Weaker than the name: news headlines open the same way ("Apple: new phones").
		a.addAs(CodeBrandImpersonation, Medium, "The subject speaks as %s, but the address is %s.", claim, from.Address)
	}
	if from.Domain != "" && !possibleDomain(from.Domain) {
		a.add(CodeImpossibleDomain, "%s cannot be a real e-mail domain.", shorten(from.Domain, 100))
	}
	for _, where := range []struct{ what, text string }{{"subject", a.Subject}, {"sender's name", from.Name}} {
		if how := disguisedLetters(where.text); how != "" {
			a.add(CodeDisguisedText, "The %s is written %s: %q.", where.what, how, shorten(where.text, 100))
		}
	}
	body := shorten(a.Body.Text, maxWordsBytes)
	if how := fancyLetters(body); how != "" {
		a.add(CodeDisguisedText, "The text is written %s.", how)
	} else if hiddenInsideWords(body) >= minHiddenInsideWords {
		a.add(CodeDisguisedText, "The text is written with invisible characters inside its words.")
	}
	if local, _, ok := strings.Cut(from.Address, "@"); ok && machineMade(local) {
		a.add(CodeMachineMadeSender, "%s looks made up by a program.", from.Address)
	}
	if h := freeHost(from.Domain); h != "" {
		a.add(CodeFreeHostingSender, "%s is an address on %s.", from.Address, h)
	}
	checkRecipientInSubject(a)
	if token := randomToken(a.Subject); token != "" {
		a.add(CodeRandomSubject, "The subject contains %q.", shorten(token, 40))
	}
}

// brandClaim reports whether a display name is a consumer brand's name, and nothing more than
// that, while neither the From domain nor the signing domain belong to it.
func brandClaim(name, fromDomain, dkimDomain string) (string, bool) {
	words := strings.FieldsFunc(foldText(name), nameSeparator)
	if len(words) == 0 || len(words) > 8 {
		return "", false
	}
	joined := " " + strings.Join(words, " ") + " "
	for _, p := range famousPeople {
		if strings.Contains(joined, " "+p.phrase+" ") && !ownsMark(fromDomain, p.marks) && !ownsMark(dkimDomain, p.marks) {
			return strings.TrimSpace(name), true
		}
	}
	for _, b := range consumerBrands {
		if !strings.Contains(joined, " "+b.phrase+" ") {
			continue
		}
		rest := strings.Fields(strings.Replace(joined, " "+b.phrase+" ", " ", -1))
		extra := 0
		for _, w := range rest {
			if !ordinaryNameWords[w] && !isBrandPhrase(w) {
				extra++
			}
		}
		if extra > 0 {
			return "", false // "Lockergnome Apple Core" is a newsletter about the brand, not the brand
		}
		if ownsMark(fromDomain, b.marks) || ownsMark(dkimDomain, b.marks) {
			return "", false
		}
		return strings.TrimSpace(name), true
	}
	return "", false
}

// nameSeparator splits a sender's name into words. Beyond ASCII punctuation, it splits at
// symbols, so that a trademark sign or an emoji stuck to a brand ("Mcafee™", "PayPal🔒") does
// not hide the name; letters of any alphabet stay part of their word.
func nameSeparator(r rune) bool {
	if r <= 127 {
		return notLetterOrDigit(r)
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

func isBrandPhrase(w string) bool {
	for _, b := range consumerBrands {
		if b.phrase == w {
			return true
		}
	}
	return false
}

// ownsMark reports whether a domain's registrable part contains one of the brand's marks.
func ownsMark(domain string, marks []string) bool {
	domain = strings.ToLower(domain)
	if domain == "" {
		return false
	}
	reg := registrableDomain(domain)
	label := domainLabel(reg)
	squashed := strings.ReplaceAll(label, "-", "")
	for _, m := range marks {
		if m == governmentMark {
			if strings.HasSuffix(domain, ".gov") || strings.Contains(domain, ".gov.") || strings.HasSuffix(domain, ".mil") {
				return true
			}
			continue
		}
		if strings.Contains(m, ".") {
			if reg == m || strings.HasSuffix(domain, "."+m) {
				return true
			}
			continue
		}
		if len(m) <= 4 && squashed == m || len(m) > 4 && strings.Contains(squashed, m) {
			return true
		}
	}
	return false
}

// possibleDomain reports whether a domain could receive replies: host name letters only, at
// least two labels, and an ending that exists.
func possibleDomain(domain string) bool {
	domain = strings.TrimSuffix(strings.ToLower(domain), ".")
	if domain == "localhost" || !strings.Contains(domain, ".") {
		return false
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return false
	}
	for _, r := range ascii {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	suffix, icann := publicsuffix.PublicSuffix(ascii)
	// The endings kept for examples and tests (RFC 2606) stand for real domains in documents.
	return icann || strings.Contains(suffix, ".") || suffix == "example" || suffix == "test"
}

// programmerNames are identifiers that start with double underscores ("__nd_label_validate"),
// as software projects' mailing lists write them in subjects; any other double underscore
// ("Bitcoin__Transfer", "Reward!__ID#3ALM") stands in for a space to dodge filters.
var programmerNames = regexp.MustCompile(`(^|\s)__[a-z][a-z0-9_]*`)

// disguisedLetters reports text written so that filters cannot read it but people can: letters
// from mathematical or enclosed alphabets, or a word mixing Latin letters with look-alike
// Cyrillic or Greek ones.
func disguisedLetters(text string) string {
	if how := fancyLetters(text); how != "" {
		return how
	}
	if strings.ContainsFunc(text, hiddenMark) {
		return "with hidden characters between the letters"
	}
	if strings.Contains(programmerNames.ReplaceAllString(text, ""), "__") || underscoredWords(text) {
		return "with underscores for spaces"
	}
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if how := swappedLetters(word); how != "" {
			return how
		}
	}
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		latin, other := false, false
		for _, r := range word {
			switch {
			case unicode.Is(unicode.Latin, r):
				latin = true
			case unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r):
				other = true
			}
		}
		if latin && other {
			return "mixing letters of different alphabets"
		}
	}
	return ""
}

// checkRecipientInSubject reports a subject that carries the recipient's own address, as mass
// lures do to look personal ("jane@nhs.net, your mailbox is full").
func checkRecipientInSubject(a *Analysis) {
	subject := strings.ToLower(a.Subject)
	for _, r := range a.To {
		addr := strings.ToLower(r.Address)
		if strings.Contains(addr, "@") && strings.Contains(subject, addr) {
			a.add(CodeRecipientInSubject, "The subject contains %s.", r.Address)
			return
		}
	}
}

// swappedLetters reports a word with digits or capitals standing in for the letters they look
// like: "IMP0RTANT" (zero for O), "WaIIet" (capital I for l).
func swappedLetters(word string) string {
	r := []rune(word)
	for i := 1; i+1 < len(r); i++ {
		if r[i] == '0' && unicode.IsUpper(r[i-1]) && unicode.IsUpper(r[i+1]) {
			return "with a zero for the letter O"
		}
		if r[i] == 'I' && r[i+1] == 'I' && unicode.IsLower(r[i-1]) {
			return "with a capital I for the letter l"
		}
	}
	if n := len(r); n >= 4 && r[n-1] == 'I' && unicode.IsLower(r[n-2]) && unicode.IsLower(r[n-3]) {
		return "with a capital I for the letter l"
	}
	return ""
}

// fancyLetters reports letters from the mathematical or enclosed alphabets, which look like
// bold or circled ordinary letters to a reader but are different characters to a filter.
func fancyLetters(text string) string {
	for _, r := range text {
		if r >= 0x1D400 && r <= 0x1D7FF || r >= 0x24B6 && r <= 0x24E9 || r >= 0x1F130 && r <= 0x1F189 {
			return "in look-alike letters"
		}
	}
	return ""
}

// hiddenMark reports characters that show nothing, or only a mark on the letter before:
// zero-width spaces and joiners, soft hyphens, and combining marks from scripts the rest
// of the text does not use, such as the Syriac marks in "amzn\u073f.com".
func hiddenMark(r rune) bool {
	switch {
	case zeroWidth(r), r == 0x00AD, r == 0x034F: // and the soft hyphen, the combining grapheme joiner
		return true
	case unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Inherited, r):
		return true // a script's own mark, not the shared accents
	}
	return false
}

// zeroWidth reports the zero-width spaces and joiners: U+200B to U+200D, the word joiner
// U+2060 and the zero-width no-break space U+FEFF.
func zeroWidth(r rune) bool {
	return r >= 0x200B && r <= 0x200D || r == 0x2060 || r == 0xFEFF
}

// withoutHiddenMarks removes what hiddenMark finds, to read a name as the reader sees it.
func withoutHiddenMarks(s string) string {
	if !strings.ContainsFunc(s, hiddenMark) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if hiddenMark(r) {
			return -1
		}
		return r
	}, s)
}

// machineMade reports a mailbox name of random letters in random case, such as "eTZhJSSyG":
// mass mailers make a new one for every message so that filters cannot learn the sender.
// People's names, even run together ("JaneSmith"), are mostly small letters.
func machineMade(local string) bool {
	if n := len(local); n < 6 || n > 20 {
		return false
	}
	upper := 0
	for _, r := range local {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r < 'a' || r > 'z':
			return false
		}
	}
	share := float64(upper) / float64(len(local))
	return share >= 0.28 && share <= 0.85 && !(upper == 1 && local[0] >= 'A' && local[0] <= 'Z') && !spokenWords(local)
}

// camelWords splits "DoNotUse" into its capitalised words.
var camelWords = regexp.MustCompile(`^[a-z]*(?:[A-Z][a-z]+)+$`)

// spokenWords reports words run together that each have a vowel, as names and phrases do:
// "DoNotUse", "JaneSmith"; "GdGiFyie" has a word without one.
func spokenWords(local string) bool {
	if !camelWords.MatchString(local) {
		return false
	}
	start := 0
	for i := 1; i <= len(local); i++ {
		if i == len(local) || local[i] >= 'A' && local[i] <= 'Z' {
			if !strings.ContainsAny(strings.ToLower(local[start:i]), "aeiouy") {
				return false
			}
			start = i
		}
	}
	return true
}

// subjectBrand reports a subject that opens in a brand's voice, "Coinbase: Was this you?" or
// "[PayPal] Account limited", from an address that is not the brand's. Mentioning a brand
// elsewhere in a subject is what shops and newsletters do.
func subjectBrand(subject, fromDomain, dkimDomain string) (string, bool) {
	head := strings.TrimSpace(subject)
	if strings.HasPrefix(head, "[") {
		head, _, _ = strings.Cut(head[1:], "]")
	} else if before, _, ok := strings.Cut(head, ":"); ok {
		head = before
	} else {
		return "", false
	}
	words := strings.FieldsFunc(foldText(head), notLetterOrDigit)
	if len(words) == 0 || len(words) > 3 {
		return "", false
	}
	joined := strings.Join(words, " ")
	for _, b := range consumerBrands {
		if joined == b.phrase && !ownsMark(fromDomain, b.marks) && !ownsMark(dkimDomain, b.marks) {
			return strings.TrimSpace(head), true
		}
	}
	return "", false
}

// nameAsDomain returns the display name when it is nothing but a website's name
// ("Netflix.com", "ethereum.org"), with an ending that exists, so that "D.McMann" is not one.
func nameAsDomain(name string) string {
	name = strings.Trim(strings.TrimSpace(withoutHiddenMarks(name)), `"'-_ `)
	if len(name) > 100 || !strings.Contains(name, ".") || strings.ContainsAny(name, " @") {
		return ""
	}
	name = strings.ToLower(name)
	// possibleDomain also takes the endings kept for examples (RFC 2606).
	suffix, icann := publicsuffix.PublicSuffix(name)
	if !icann && suffix != "example" || suffix == name || !possibleDomain(name) {
		return ""
	}
	return name
}

// minHiddenInsideWords is how many words broken by invisible characters make a disguise: a
// stray one is a copy-and-paste accident; lures break word after word ("H\u200cel\u200clo").
const minHiddenInsideWords = 8

// hiddenInsideWords counts the places where zero-width characters sit between two Latin
// letters. Newsletters pad their preview text with them between words, and Persian writes a
// zero-width non-joiner inside its own words, so only Latin letters on both sides count. Unlike
// hiddenMark, soft hyphens are left out, as German and Dutch mail puts them in long words, and
// so is the combining grapheme joiner.
func hiddenInsideWords(text string) int {
	n := 0
	var before rune
	hidden := false
	for _, r := range text {
		switch {
		case zeroWidth(r):
			hidden = before != 0
		case unicode.IsLetter(r) && unicode.Is(unicode.Latin, r):
			if hidden {
				n++
			}
			before, hidden = r, false
		default:
			before, hidden = 0, false
		}
	}
	return n
}

// minUnderscoredWords is how many words a space-free text must join with underscores before
// they stand in for spaces: "_Your_Reward_Worth_" but not a file name like "scan_0042".
const minUnderscoredWords = 3

// underscoredWords reports text with no spaces at all whose words are joined by underscores,
// decorated in a way an identifier or file name is not: a leading or trailing underscore, or
// words that start with a capital letter ("_Expiring_soon:_", "Mining_Balance_Bitcoin").
// Programmers' names ("parse_mime_header") are lower case throughout and stay unflagged.
func underscoredWords(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || strings.ContainsFunc(text, unicode.IsSpace) {
		return false
	}
	parts := strings.Split(text, "_")
	words, capitals := 0, 0
	for _, p := range parts {
		letters := strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
		if len([]rune(letters)) < 2 || !isLetters(letters) {
			continue
		}
		words++
		if first := []rune(letters)[0]; unicode.IsUpper(first) {
			capitals++
		}
	}
	if words < minUnderscoredWords {
		return false
	}
	decorated := strings.HasPrefix(text, "_") || strings.HasSuffix(text, "_")
	return decorated || capitals >= 2
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func brandClaimed(name, fromDomain, dkimDomain string) bool {
	_, ok := brandClaim(name, fromDomain, dkimDomain)
	return ok
}

// unswapIL undoes the trick of writing a capital I for a small l, or the other way round,
// which look the same in many fonts: "Trust WaIIet" is "Trust Wallet", "lRS" is "IRS". Only
// a word whose other letters give the swap away changes: a capital I after a small letter, or
// a small l among capitals.
func unswapIL(name string) string {
	runes := []rune(name)
	start := 0
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && unicode.IsLetter(runes[i]) {
			continue
		}
		word := runes[start:i]
		lower, upper := 0, 0
		for _, r := range word {
			switch {
			case r == 'l' || r == 'I':
			case unicode.IsLower(r):
				lower++
			case unicode.IsUpper(r):
				upper++
			}
		}
		for j, r := range word {
			switch {
			case r == 'I' && j > 0 && unicode.IsLower(word[j-1]):
				word[j] = 'l'
			case r == 'l' && upper >= 2 && lower == 0:
				word[j] = 'I'
			}
		}
		start = i + 1
	}
	return string(runes)
}
