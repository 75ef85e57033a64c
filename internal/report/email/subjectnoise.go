package email

import (
	"regexp"
	"strings"
)

// Mass mailers end each copy's subject in a different jumble of letters and digits
// ("Valor bloqueado por seguranca Nm9ehEyNWyox3", "Fatura - G3ejrKKzNc30o7qJhZ") so that
// filters cannot match one copy to the next. People write reference numbers in capitals and
// digits ("INC0012345"), and product names in capitalised words ("iPhone15ProMax"); neither
// mixes cases at random.

// noiseRuns finds the runs of letters and digits in a subject, ten or more long: shorter ones
// are too often abbreviations.
var noiseRuns = regexp.MustCompile(`[A-Za-z0-9]{10,}`)

// randomToken returns the first jumble of letters in random case found in a subject, or "".
// A jumble has small and capital letters, and parts without a vowel (a capital run, a word,
// a capitalised word): "Nm9ehEyNWyox3" splits into Nm, 9, eh, Ey, N, Wyox, 3, and two of its
// parts have none. Runs with digits need two such parts, runs without four, since words
// run together ("McDonaldsBBQ") can have a few.
func randomToken(subject string) string {
	for _, run := range noiseRuns.FindAllString(subject, 8) {
		if !strings.ContainsFunc(run, isLowerASCII) || !strings.ContainsFunc(run, isUpperASCII) {
			continue
		}
		voiceless := 0
		for _, p := range splitCase(run) {
			if !isDigitASCII(rune(p[0])) && !strings.ContainsAny(strings.ToLower(p), "aeiou") {
				voiceless++
			}
		}
		if need := 4; voiceless >= need || strings.ContainsFunc(run, isDigitASCII) && voiceless >= need-2 {
			return run
		}
	}
	return ""
}

// splitCase splits a run into parts where its case changes: "ProMaxXL15" into Pro, Max, XL,
// 15. A capital that starts a small-letter word belongs to that word.
func splitCase(run string) []string {
	var parts []string
	for i := 0; i < len(run); {
		j := i + 1
		switch {
		case isDigitASCII(rune(run[i])):
			for j < len(run) && isDigitASCII(rune(run[j])) {
				j++
			}
		case isUpperASCII(rune(run[i])):
			for j < len(run) && isUpperASCII(rune(run[j])) {
				j++
			}
			if j-i == 1 { // a capitalised word: the capital and the small letters after it
				for j < len(run) && isLowerASCII(rune(run[j])) {
					j++
				}
			} else if j < len(run) && isLowerASCII(rune(run[j])) {
				j-- // "XMLParser": the last capital starts the next word
			}
		default:
			for j < len(run) && isLowerASCII(rune(run[j])) {
				j++
			}
		}
		parts = append(parts, run[i:j])
		i = j
	}
	return parts
}

func isLowerASCII(r rune) bool { return r >= 'a' && r <= 'z' }
func isUpperASCII(r rune) bool { return r >= 'A' && r <= 'Z' }
func isDigitASCII(r rune) bool { return r >= '0' && r <= '9' }
