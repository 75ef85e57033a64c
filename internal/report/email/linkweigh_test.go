package email

import (
	"fmt"
	"strings"
	"testing"
)

func TestLinkWordsThatNameAProductOrGoThroughTheSendersCounter(t *testing.T) {
	tests := []struct {
		name, from, link, words string
		want                    bool
	}{
		{"product name", "news@publisher.example", "https://books.publisher.example/asp", "ASP.NET", false},
		{"version number", "news@publisher.example", "https://www.other.example/", "version 5.0.2.0", false},
		{"sender's own click counter", "daily@mail.comics.example", "https://click.comics.example/c?id=1", "https://www.dilbert.com/", false},
		{"full address of another site", "news@publisher.example", "https://www.other.example/", "https://www.third.example/page", true},
		{"a famous name on the sender's own site", "alerts@evil-login.example", "https://evil-login.example/x", "www.paypal.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyseRaw(t, "From: <"+tt.from+">\r\nTo: jane.smith@nhs.net\r\nSubject: News\r\nContent-Type: text/html\r\n\r\n"+
				`<p><a href="`+tt.link+`">`+tt.words+`</a></p>`)
			if _, got := indicator(a, CodeLinkTextMismatch); got != tt.want {
				t.Errorf("link words mismatch = %v, want %v; indicators %+v", got, tt.want, a.Indicators)
			}
		})
	}
}

func TestOlderListsExplainTheirOwnReplyTo(t *testing.T) {
	for _, header := range []string{"X-BeenThere: fork@xent.example", "Mailing-List: list fork@xent.example; contact fork-owner@xent.example", "Precedence: bulk\r\nSender: fork-admin@xent.example"} {
		a := analyseRaw(t, "From: \"Russell\" <russell@home.example>\r\nReply-To: fork@xent.example\r\n"+header+"\r\n"+
			"To: fork@xent.example\r\nDate: Mon, 2 Sep 2002 10:00:00 +0100\r\nSubject: Re: keys\r\n\r\nWhere do you keep your private key?\r\n")
		in, ok := indicator(a, CodeReplyToDiffers)
		if !ok || in.Severity != Info {
			t.Errorf("%s: reply-to = %+v, want it explained by the list", header, in)
		}
		if a.SuggestedVerdict == Malicious {
			t.Errorf("%s: list discussion called malicious: %+v", header, a.Indicators)
		}
	}
}

func TestSignInRequestInANewsletterLinkingWidely(t *testing.T) {
	var links strings.Builder
	for i := range widelyLinked + 2 {
		fmt.Fprintf(&links, `<a href="https://site%d.example/">Site %d</a> `, i, i)
	}
	a := analyseRaw(t, "From: <tips@newsletter.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Tips\r\nContent-Type: text/html\r\n\r\n"+
		"<p>How to secure your e-mail. Click here to download the guide.</p>"+links.String())
	in, ok := indicator(a, CodeSignInElsewhere)
	if !ok || in.Severity != Low {
		t.Errorf("sign-in elsewhere = %+v, want it low", in)
	}
	lure := analyseRaw(t, "From: <tips@newsletter.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Tips\r\nContent-Type: text/html\r\n\r\n"+
		`<p>Click here to verify your account: <a href="https://login.other.example/">verify</a></p>`)
	if in, ok := indicator(lure, CodeSignInElsewhere); !ok || in.Severity != Medium {
		t.Errorf("sign-in elsewhere in a lure = %+v, want it medium", in)
	}
}

func TestSumsOfMillionsCountOnce(t *testing.T) {
	if got := fraudKinds([]string{"$66 million", "$600 million", "$550 million"}); got != 1 {
		t.Errorf("news with sums = %d kinds, want 1", got)
	}
	if got := fraudKinds([]string{"$10 million", "next of kin", "barrister"}); got != 3 {
		t.Errorf("advance-fee lure = %d kinds, want 3", got)
	}
}

func TestUnsubscribeLinksMayCarryTheSubscriber(t *testing.T) {
	unsubscribe := analyseRaw(t, "From: <news@paper.example>\r\nTo: jane.smith@nhs.net\r\nSubject: News\r\n\r\nLeave: https://paper.example/remove.cfm?x=jane.smith@nhs.net\r\n")
	noIndicators(t, unsubscribe, CodeRecipientInLink)
	lure := analyseRaw(t, "From: <news@paper.example>\r\nTo: jane.smith@nhs.net\r\nSubject: News\r\n\r\nSign in: https://login.other.example/?email=jane.smith@nhs.net\r\n")
	wantIndicators(t, lure, CodeRecipientInLink)
}
