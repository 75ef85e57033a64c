package classify_test

import (
	"fmt"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/email/classify"
)

// A model learns each verdict an analyst gives, is stored as bytes, and is handed to the
// analysis, which shows its judgement as one more indicator once it has seen enough.
func Example() {
	model := classify.New()
	model.SetMinEach(1)

	lure, _ := email.Analyse([]byte("From: it@helpdesk-mail.example\r\nSubject: Password expiry\r\n\r\nKeep your password: verify your account now.\r\n"), email.Options{})
	rota, _ := email.Analyse([]byte("From: ward7@nhs.net\r\nSubject: Rota\r\n\r\nThe rota for next week is on the ward drive.\r\n"), email.Options{})
	for _, v := range []struct {
		a       *email.Analysis
		verdict email.Verdict
	}{{lure, email.Malicious}, {rota, email.Safe}} {
		if label, ok := classify.LabelOf(v.verdict); ok {
			model.Learn(v.a, label)
		}
	}

	stored, _ := model.MarshalBinary()
	again := classify.New()
	if err := again.UnmarshalBinary(stored); err != nil {
		fmt.Println(err)
	}
	next, _ := email.Analyse([]byte("From: it@helpdesk-mail.example\r\nSubject: Password expiry\r\n\r\nVerify your account today.\r\n"),
		email.Options{Classifier: again})
	for _, in := range next.Indicators {
		if in.Code == email.CodeLearnedMalicious {
			fmt.Println(in.Code, in.Severity)
		}
	}
	// Output: learned.like-malicious low
}
