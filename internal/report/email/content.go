package email

import (
	"slices"
	"strconv"
	"strings"
)

// maxWordsBytes caps how much of the body the wording patterns read: lures state their
// demand near the top, and a long newsletter should not cost more than a short lure.
const maxWordsBytes = 16 << 10

// checkContent looks at what the message asks the reader to do, in its subject, its body and
// any text read from its attachments.
func checkContent(a *Analysis, extra string) {
	body := a.Body.Text
	if len(body) > maxWordsBytes {
		body = shorten(body, maxWordsBytes)
	}
	if len(extra) > maxWordsBytes {
		extra = shorten(extra, maxWordsBytes)
	}
	found := findWordings(foldText(a.Subject + "\n" + body + "\n" + extra))
	for _, w := range wordings {
		phrases := found[w.code]
		if len(phrases) == 0 {
			continue
		}
		detail := "It says " + quoteAll(phrases) + "."
		switch w.code {
		case CodeAdvanceFee:
			// One of these words is common in honest mail; the fraud uses many together.
			switch {
			case len(phrases) >= 3:
				a.addAs(w.code, High, "%s", detail)
			case len(phrases) == 2:
				a.add(w.code, "%s", detail)
			}
		case CodeCryptoRequest:
			// Asking for a wallet's recovery words or keys is theft whoever asks.
			if slices.ContainsFunc(phrases, func(p string) bool {
				return strings.Contains(p, "phrase") || strings.Contains(p, "words") || strings.Contains(p, "private key")
			}) {
				a.addAs(w.code, High, "%s", detail)
			} else {
				a.add(w.code, "%s", detail)
			}
		case CodeCredentialRequest:
			if len(a.URLs) == 0 && len(a.Attachments) == 0 {
				a.addAs(w.code, Low, "%s There is no link or attachment to do it with.", detail)
			} else {
				a.add(w.code, "%s", detail)
			}
		default:
			a.add(w.code, "%s", detail)
		}
	}
}

func quoteAll(phrases []string) string {
	q := make([]string, len(phrases))
	for i, p := range phrases {
		q[i] = strconv.Quote(shorten(p, 80))
	}
	return strings.Join(q, ", ")
}

// checkSignInElsewhere reports a request to sign in or share details whose link leads to a
// site that is not the sender's own, the organisation's or a well-known brand's: genuine
// services send people to their own sites, while lures sent through services that pass
// the sender checks (help desks, mailers, site builders) send them anywhere.
func checkSignInElsewhere(a *Analysis, c *checker) {
	in := a.indicatorFor(CodeCredentialRequest)
	if in == nil || in.Severity.rank() < Medium.rank() || a.From == nil || c.isOwn(a.From.Domain) {
		return
	}
	fromDomain := registrableDomain(a.From.Domain)
	var elsewhere []string
	for _, u := range a.URLs {
		if u.Text == "" && slices.Equal(u.Sources, []string{"html"}) {
			continue // pictures and styles load from anywhere; only what a reader follows counts
		}
		if _, bulk := bulkServiceOf(u.Host); u.Domain == fromDomain || c.trusted(u.Host) || bulk {
			continue
		}
		if !slices.Contains(elsewhere, u.Domain) && len(elsewhere) < 3 {
			elsewhere = append(elsewhere, u.Domain)
		}
	}
	if len(elsewhere) > 0 {
		a.add(CodeSignInElsewhere, "It comes from %s, but its links go to %s.", fromDomain, defangHost(strings.Join(elsewhere, ", ")))
	}
}
