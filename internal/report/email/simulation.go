package email

import (
	"net/textproto"
	"slices"
	"strings"
)

// checkSimulation recognises the organisation's own phishing simulations by their marker
// header, and notes the fingerprints of GoPhish, which simulations and criminals both use.
func checkSimulation(m *message, a *Analysis, markers []SimulationMarker) {
	for _, mk := range markers {
		name := textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(mk.Header))
		if name == "" {
			continue
		}
		for _, v := range m.values(name) {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if len(mk.Values) == 0 || slices.Contains(mk.Values, v) {
				a.Simulation = &Simulation{Header: name, Value: v}
				a.add(CodeSimulation, "%s: %s", name, shorten(v, 100))
				return
			}
			a.add(CodeSimulationMismatch, "%s: %q is not a value the organisation uses.", name, shorten(v, 100))
		}
	}
	for _, h := range []string{"X-Gophish-Contact", "X-Gophish-Signature"} {
		if m.header.Get(h) != "" {
			a.add(CodePhishingToolkit, "The message has GoPhish's %s header.", h)
		}
	}
	if strings.EqualFold(m.get("X-Mailer"), "gophish") {
		a.add(CodePhishingToolkit, "The message says it was sent by GoPhish (X-Mailer).")
	}
}
