package email

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// WriteText writes the analysis as plain text for an analyst at a terminal. Everything
// taken from the message passes through clean, so that the message cannot send control
// sequences to the terminal or reorder text with invisible characters.
func (a *Analysis) WriteText(w io.Writer) error {
	p := &printer{w: w}
	p.line("Suggested verdict: %s", strings.ToUpper(string(a.SuggestedVerdict)))
	p.line("%s", a.VerdictReason)
	p.line("")
	if sub := a.Submission; sub != nil {
		who := "someone"
		if sub.Submitter != nil {
			who = clean(sub.Submitter.Address)
		}
		how := sub.Method.Words()
		if sub.Method == MethodMicrosoftReport {
			how += " (as " + string(sub.Kind) + ")"
		}
		p.field("Reported", fmt.Sprintf("by %s %s; the original message follows", who, how))
	}
	p.field("Subject", clean(a.Subject))
	p.field("From", addressText(a.From))
	if a.Sender != nil {
		p.field("Sender", addressText(a.Sender))
	}
	p.field("Reply-To", addressList(a.ReplyTo))
	p.field("Return-Path", orDash(clean(a.ReturnPath)))
	p.field("To", addressList(a.To))
	if !a.Date.IsZero() {
		p.field("Date", a.Date.Format("2006-01-02 15:04 MST"))
	}
	p.field("Sender checks", authText(a.Auth))
	if a.Simulation != nil {
		p.field("Simulation", clean(a.Simulation.Header+": "+a.Simulation.Value))
	}

	warnings, context := a.Signs(), a.Context()
	p.section("Warning signs", len(warnings))
	for _, in := range warnings {
		p.indicator(in)
	}
	if len(context) > 0 {
		p.section("Context", len(context))
		for _, in := range context {
			p.indicator(in)
		}
	}

	p.section("Links", len(a.URLs))
	for _, u := range a.URLs {
		p.line("  %s", clean(u.Defanged))
		facts := "domain " + clean(u.Domain)
		if u.UnicodeHost != "" {
			facts += " · shown as " + clean(u.UnicodeHost)
		}
		if u.Text != "" {
			facts += fmt.Sprintf(" · link words %q", clean(DefangText(u.Text)))
		}
		if len(u.WrappedBy) > 0 {
			facts += " · was wrapped by " + clean(strings.Join(u.WrappedBy, ", then "))
		}
		p.line("      %s · found in %s", facts, clean(strings.Join(u.Sources, ", ")))
	}

	p.section("Attachments", len(a.Attachments))
	for _, at := range a.Attachments {
		name := clean(at.Name)
		if name == "" {
			name = "(no name)"
		}
		if at.Risky {
			name += " — RISKY"
		}
		p.line("  %s", name)
		p.line("      declared %s, content %s, %d bytes", clean(at.DeclaredType), at.SniffedType, at.Size)
		p.line("      sha256 %s", at.SHA256)
		for _, r := range at.RiskReasons {
			p.line("      ! %s", clean(r))
		}
		if len(at.ArchiveFiles) > 0 {
			p.line("      holds: %s", clean(strings.Join(at.ArchiveFiles, ", ")))
		}
	}

	if len(a.Received) > 0 {
		p.section("Delivery path, oldest first", len(a.Received))
		for i, h := range a.Received {
			p.line("  %d. %s", i+1, clean(hopText(h)))
		}
	}

	p.line("")
	p.line("Body (safe view: links defanged, nothing loaded)")
	lines := strings.Split(a.Body.Text, "\n")
	const maxLines = 60
	for i, l := range lines {
		if i == maxLines {
			p.line("  | … %d more lines; use --format json for the whole body", len(lines)-maxLines)
			break
		}
		p.line("  | %s", clean(l))
	}

	if len(a.Warnings) > 0 {
		p.section("Notes", len(a.Warnings))
		for _, warning := range a.Warnings {
			p.line("  - %s", clean(warning))
		}
	}
	return p.err
}

// Signs are the warning signs found, most serious first.
func (a *Analysis) Signs() []Indicator { return a.indicators(false) }

// Context are the neutral facts found: worth knowing, not a warning.
func (a *Analysis) Context() []Indicator { return a.indicators(true) }

func (a *Analysis) indicators(info bool) []Indicator {
	var out []Indicator
	for _, in := range a.Indicators {
		if (in.Severity == Info) == info {
			out = append(out, in)
		}
	}
	return out
}

// printer writes lines and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *printer) field(name, value string) {
	p.line("%-14s %s", name+":", value)
}

func (p *printer) section(title string, n int) {
	p.line("")
	p.line("%s (%d)", title, n)
	if n == 0 {
		p.line("  none")
	}
}

func (p *printer) indicator(in Indicator) {
	p.line("  %-7s %s", strings.ToUpper(string(in.Severity)), in.Code)
	p.line("          %s", in.Reason)
	if in.Explained != "" {
		p.line("          (counts for less: %s)", in.Explained)
	}
	for _, d := range strings.Split(in.Detail, "\n") {
		if d != "" {
			p.line("          > %s", clean(d))
		}
	}
}

func addressText(a *Address) string {
	if a == nil {
		return "—"
	}
	return clean(a.String())
}

func addressList(list []Address) string {
	if len(list) == 0 {
		return "—"
	}
	out := make([]string, len(list))
	for i := range list {
		out[i] = addressText(&list[i])
	}
	return strings.Join(out, ", ")
}

func authText(au Auth) string {
	check := func(name string, c AuthCheck) string {
		s := name + " " + c.Result
		if c.Domain != "" {
			s += " (" + c.Domain + ")"
		}
		return s
	}
	return clean(strings.Join([]string{check("SPF", au.SPF), check("DKIM", au.DKIM),
		check("DMARC", au.DMARC), check("compauth", au.CompAuth)}, ", "))
}

func hopText(h Hop) string {
	parts := []string{}
	if h.From != "" {
		parts = append(parts, "from "+h.From)
	}
	if h.IP != "" {
		parts = append(parts, "["+h.IP+"]")
	}
	if h.By != "" {
		parts = append(parts, "by "+h.By)
	}
	if h.With != "" {
		parts = append(parts, "with "+h.With)
	}
	if !h.Date.IsZero() {
		parts = append(parts, h.Date.Format("2006-01-02 15:04:05 MST"))
	}
	if len(parts) == 0 {
		return h.Raw
	}
	return strings.Join(parts, " ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// clean makes text from a message safe to print on a terminal: control characters and the
// invisible characters that reorder text are shown as escapes instead of acting.
func clean(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteRune(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words says how the original came wrapped in the report, after "by …,".
func (m SubmissionMethod) Words() string {
	switch m {
	case MethodMicrosoftReport:
		return "with the Microsoft Report button"
	case MethodAttached:
		return "forwarded with the original attached"
	case MethodPasted:
		return "forwarded with the original pasted in"
	}
	return "forwarded"
}
