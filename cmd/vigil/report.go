package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
)

// runReport handles the speak-up commands: vigil report analyse FILE.eml.
func runReport(ctx context.Context, s streams, args []string) error {
	if len(args) == 0 {
		return usageErrorf("say what to do: vigil report analyse FILE.eml")
	}
	switch args[0] {
	case "analyse", "analyze":
		return runReportAnalyse(ctx, s, args[1:])
	case "evaluate":
		return runReportEvaluate(ctx, s, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(s.err, "Usage: vigil report analyse FILE.eml [--format text|json] [--org-domain DOMAIN ...]")
		return flag.ErrHelp
	}
	return usageErrorf("unknown report command %q; try: vigil report analyse FILE.eml", args[0])
}

// runReportAnalyse analyses one reported e-mail offline and prints what it found. It never
// follows a link or opens an attachment from the message.
func runReportAnalyse(_ context.Context, s streams, args []string) error {
	fs := newFlags("report analyse", s)
	format := fs.String("format", "text", "output `format`: text (for people) or json")
	var orgDomains, simValues listFlag
	fs.Var(&orgDomains, "org-domain", "one of the organisation's own mail `domain`s, e.g. nhs.net (repeat for more)")
	simHeader := fs.String("simulation-header", email.DefaultSimulationHeader, "`header` that marks the organisation's own phishing simulations")
	fs.Var(&simValues, "simulation-value", "a `value` of the simulation header to accept (repeat for more; default: any value)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Usage: vigil report analyse FILE.eml [flags]")
		fmt.Fprintln(s.err, "Analyses a reported e-mail without opening its links or attachments. FILE may be - for standard input.")
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageErrorf("give one e-mail file to analyse (or - for standard input)")
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	opts := email.Options{OrgDomains: orgDomains}
	if *simHeader != "" {
		opts.SimulationMarkers = []email.SimulationMarker{{Header: *simHeader, Values: simValues}}
	} else {
		opts.SimulationMarkers = []email.SimulationMarker{}
	}

	raw, err := readReported(files[0], s.in, email.DefaultMaxSize)
	if err != nil {
		return err
	}
	a, err := email.Analyse(raw, opts)
	if err != nil {
		var ve *vigil.Error
		if errors.As(err, &ve) {
			return fmt.Errorf("%s: %s", files[0], ve.Message)
		}
		return fmt.Errorf("analyse %s: %w", files[0], err)
	}
	if *format == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	return writeAnalysis(s.out, a)
}

// parseInterspersed lets flags come after the file name, as people type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readReported reads the file, or standard input for "-", reading one byte past the limit so
// that Analyse can say the message is too large without holding any more of it.
func readReported(name string, stdin io.Reader, limit int) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input to read")
		}
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("read the e-mail: %w", err)
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return raw, nil
}

// writeAnalysis prints the analysis for an analyst at a terminal. Everything taken from the
// message passes through clean, so that the message cannot send control sequences to the
// terminal or reorder text with invisible characters.
func writeAnalysis(w io.Writer, a *email.Analysis) error {
	p := &printer{w: w}
	p.line("Suggested verdict: %s", strings.ToUpper(string(a.SuggestedVerdict)))
	p.line("%s", a.VerdictReason)
	p.line("")
	if sub := a.Submission; sub != nil {
		who := "someone"
		if sub.Submitter != nil {
			who = clean(sub.Submitter.Address)
		}
		p.field("Reported", fmt.Sprintf("as %s by %s (Microsoft Report); the original message follows", sub.Kind, who))
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

	var warnings, context []email.Indicator
	for _, in := range a.Indicators {
		if in.Severity == email.Info {
			context = append(context, in)
		} else {
			warnings = append(warnings, in)
		}
	}
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
			facts += fmt.Sprintf(" · link words %q", clean(email.DefangText(u.Text)))
		}
		if u.Wrapper != "" {
			facts += " · was wrapped by Safe Links"
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

func (p *printer) indicator(in email.Indicator) {
	p.line("  %-7s %s", strings.ToUpper(string(in.Severity)), in.Code)
	p.line("          %s", in.Reason)
	for _, d := range strings.Split(in.Detail, "\n") {
		if d != "" {
			p.line("          > %s", clean(d))
		}
	}
}

func addressText(a *email.Address) string {
	if a == nil {
		return "—"
	}
	return clean(a.String())
}

func addressList(list []email.Address) string {
	if len(list) == 0 {
		return "—"
	}
	out := make([]string, len(list))
	for i := range list {
		out[i] = addressText(&list[i])
	}
	return strings.Join(out, ", ")
}

func authText(au email.Auth) string {
	check := func(name string, c email.AuthCheck) string {
		s := name + " " + c.Result
		if c.Domain != "" {
			s += " (" + c.Domain + ")"
		}
		return s
	}
	return clean(strings.Join([]string{check("SPF", au.SPF), check("DKIM", au.DKIM),
		check("DMARC", au.DMARC), check("compauth", au.CompAuth)}, ", "))
}

func hopText(h email.Hop) string {
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
