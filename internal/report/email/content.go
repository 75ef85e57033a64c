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
			switch kinds := fraudKinds(phrases); {
			case kinds >= 3:
				a.addAs(w.code, High, "%s", detail)
			case kinds == 2:
				a.add(w.code, "%s", detail)
			case strangerOnFreeMail(a):
				// One promise is enough from a stranger's free account: a company or a
				// colleague with money for the reader does not write from one.
				a.add(w.code, "%s It comes from a free mail account.", detail)
			}
		case CodeCryptoRequest:
			// Asking for a wallet's recovery words is theft whoever asks. "Private key" alone is
			// everyday talk among engineers, so it stays a medium sign.
			if slices.ContainsFunc(phrases, func(p string) bool {
				return strings.Contains(p, "phrase") || strings.Contains(p, "words")
			}) {
				a.addAs(w.code, High, "%s", detail)
			} else {
				a.add(w.code, "%s", detail)
			}
		case CodeFakeInvoice:
			// Genuine receipts link to the buyer's account; the fake ones want a phone call.
			if !slices.ContainsFunc(a.URLs, func(u URL) bool { return u.Text != "" || !slices.Equal(u.Sources, []string{"html"}) }) {
				a.add(w.code, "%s There is no link to the account, only a way to call or reply.", detail)
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

// strangerOnFreeMail reports a message from a free mail account, or one whose replies go to a
// free mail account that is not the sender's.
func strangerOnFreeMail(a *Analysis) bool {
	return a.From != nil && isFreeMail(a.From.Domain) || replyToFreeMail(a)
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
// widelyLinked is how many other sites a message links to before it reads as a newsletter
// or a discussion rather than a lure.
const widelyLinked = 6

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
		if !slices.Contains(elsewhere, u.Domain) && len(elsewhere) < widelyLinked {
			elsewhere = append(elsewhere, u.Domain)
		}
	}
	switch {
	case len(elsewhere) >= widelyLinked:
		// A lure needs one page to send the reader to; newsletters and discussions link to many.
		a.addAs(CodeSignInElsewhere, Low, "It comes from %s, but its links go to many other sites, such as %s.", fromDomain, defangHost(strings.Join(elsewhere[:3], ", ")))
	case len(elsewhere) > 0:
		a.add(CodeSignInElsewhere, "It comes from %s, but its links go to %s.", fromDomain, defangHost(strings.Join(elsewhere, ", ")))
	}
}

// fraudKinds counts the different promises among the phrases found: sums of millions count
// once, since news about business names many of them.
func fraudKinds(phrases []string) int {
	kinds, sums := 0, 0
	for _, p := range phrases {
		if strings.Contains(p, "million") || strings.Contains(p, "milhoes") || strings.Contains(p, "millones") || strings.HasSuffix(p, "mio") {
			sums = 1
			continue
		}
		kinds++
	}
	return kinds + sums
}
