package email

import (
	"os"
	"path/filepath"
	"testing"
)

// analyseSign analyses one of the hand-written messages in testdata/signs.
func analyseSign(t *testing.T, name string) *Analysis {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "signs", name))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Analyse(raw, nhsTrust)
	if err != nil {
		t.Fatalf("Analyse(%s): %v", name, err)
	}
	checkInvariants(t, a)
	return a
}

func TestNameThatIsAnotherSitesAddressIsAWarningSign(t *testing.T) {
	a := analyseSign(t, "name-is-a-site.eml")
	wantIndicators(t, a, CodeDisplayNameDomain)
	if a.SuggestedVerdict == Safe {
		t.Errorf("verdict = %s, want a warning (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
}

func TestNameThatIsTheSendersOwnSiteIsNot(t *testing.T) {
	for _, name := range []string{"name-is-own-site.eml", "name-with-a-dot.eml"} {
		t.Run(name, func(t *testing.T) {
			noIndicators(t, analyseSign(t, name), CodeDisplayNameDomain)
		})
	}
}

// A service that passes on what anyone types passes its own sender checks; a link in it to
// someone else's site was typed by a stranger.
func TestLinkTypedIntoAServiceIsAWarningSign(t *testing.T) {
	for _, name := range []string{"chat-transcript-outside-link.eml", "github-notification-outside-link.eml"} {
		t.Run(name, func(t *testing.T) {
			a := analyseSign(t, name)
			wantIndicators(t, a, CodeRelayedLink)
			if a.SuggestedVerdict == Safe {
				t.Errorf("verdict = %s, want a warning (%v)", a.SuggestedVerdict, indicatorCodes(a))
			}
		})
	}
}

func TestServiceLinkingToItsOwnSiteIsNot(t *testing.T) {
	a := analyseSign(t, "github-notification-own-links.eml")
	noIndicators(t, a, CodeRelayedLink)
	if a.SuggestedVerdict == Malicious {
		t.Errorf("verdict = %s (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
}

// Crypto exchanges and tokens are brands like banks: their name on someone else's address
// is a claim the address cannot back.
func TestCryptoBrandOnSomeoneElsesAddress(t *testing.T) {
	a := analyseSign(t, "crypto-exchange-name.eml")
	wantIndicators(t, a, CodeBrandImpersonation)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
	noIndicators(t, analyseSign(t, "crypto-exchange-own-domain.eml"), CodeBrandImpersonation)
}

// Invisible characters inside word after word keep filters from reading a lure that a person
// reads without noticing; the same characters between words pad a newsletter's preview.
func TestInvisibleCharactersInsideWords(t *testing.T) {
	wantIndicators(t, analyseSign(t, "hidden-marks-inside-words.eml"), CodeDisguisedText)
	noIndicators(t, analyseSign(t, "hidden-marks-preview-padding.eml"), CodeDisguisedText)
}

// Advance-fee fraud in German: a donation of millions from a stranger, with a request for the
// reader's name and address.
func TestGermanAdvanceFeeFraud(t *testing.T) {
	a := analyseSign(t, "german-donation-fraud.eml")
	wantIndicators(t, a, CodeAdvanceFee)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
}

// A trademark sign stuck to a brand's name ("Mcafee™") must not hide the name.
func TestBrandNameWithATrademarkSignIsAClaim(t *testing.T) {
	a := analyseSign(t, "brand-with-trademark-sign.eml")
	wantIndicators(t, a, CodeBrandImpersonation)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
	noIndicators(t, analyseSign(t, "brand-with-trademark-sign-own-domain.eml"), CodeBrandImpersonation)
}

// A subject with no spaces, its words joined by underscores and decorated, is written to slip
// past filters; an identifier or a scanner's file name is not.
func TestSubjectWithUnderscoresForSpacesIsADisguise(t *testing.T) {
	a := analyseSign(t, "subject-underscores-for-spaces.eml")
	wantIndicators(t, a, CodeDisguisedText)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
	for _, name := range []string{"subject-programmer-name.eml", "subject-file-name.eml"} {
		t.Run(name, func(t *testing.T) {
			noIndicators(t, analyseSign(t, name), CodeDisguisedText)
		})
	}
}

// A prize draw the reader never entered is a lure, in German as in English; an insurer's
// word for a premium is not a prize.
func TestGermanPrizeDrawIsALure(t *testing.T) {
	a := analyseSign(t, "german-prize-finalist.eml")
	wantIndicators(t, a, CodePrize)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}
	noIndicators(t, analyseSign(t, "german-insurance-premium.eml"), CodePrize)
}
