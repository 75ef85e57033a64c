package report

import "strings"

// NextStep is what the reporter should do now that their report has a
// verdict, fitted to what they told us: someone who said they might have
// clicked a real scam is told to change their password even when the
// analyst wrote no note. It is empty while the report waits for a verdict.
func (r Report) NextStep(serviceDeskPhone string) string {
	desk := "the IT service desk"
	if p := strings.TrimSpace(serviceDeskPhone); p != "" {
		desk += " on " + p
	}
	mayHaveActed := func(field string) bool {
		a := r.Details.Value(field)
		return a == "yes" || a == "not-sure"
	}
	switch r.Verdict {
	case Malicious:
		switch {
		case r.Kind == Clicked || (r.Kind == Email && mayHaveActed("clicked")):
			return "If you have not done it yet, change your password now and call " + desk + ", so they can check your account."
		case r.Kind == CallOrText && mayHaveActed("gave"):
			return "Call " + desk + " now if you have not already: tell them what you gave, so they can stop it being used."
		case r.Kind == UnknownDevice && mayHaveActed("plugged"):
			return "Do not use the computer it was plugged into until " + desk + " has checked it."
		case r.Kind == Email:
			return "Delete the e-mail without clicking anything in it. If another one like it comes, report that too."
		case r.Kind == CallOrText:
			return "If they get in touch again, do not give them anything: hang up or do not reply, and report it."
		}
		return "Follow what " + desk + " tells you. If you see it happen again, report it again."
	case PhishingSimulation:
		if r.Kind == Email && mayHaveActed("clicked") {
			return "Nothing was at risk: it was our own test. Next time, report before you click."
		}
		return "Nothing more to do. Keep reporting anything that does not feel right."
	case Spam:
		return "You can delete it. It is not dangerous, but report anything that asks for a password or money."
	case Safe:
		return "You can carry on as normal. Thank you for checking: it is always right to ask."
	case Resolved:
		return "Nothing more to do. Thank you for reporting it."
	}
	return ""
}
