package email

// relayService is a service that sends, from its own domain, words that anyone can type
// into it: a website's chat widget mailing a transcript, a help desk, a code host's
// notifications, an online form. Its mail passes the service's own sender checks, so the
// message looks genuine, but the links in it were written by whoever typed them.
type relayService struct {
	name string
	own  []string // the service's own sites; links there are the service's, not the typist's
}

// relayServices are keyed by the registrable domain of the From address.
var relayServices = map[string]relayService{
	"zohosalesiq.com": {"Zoho SalesIQ (a website chat service)", []string{"zoho.com", "zohosalesiq.com", "zohocdn.com", "zohostatic.com", "zoho.eu"}},
	"github.com":      {"GitHub", []string{"github.com", "githubusercontent.com", "githubassets.com", "github.blog"}},
	"zendesk.com":     {"Zendesk (a help desk service)", []string{"zendesk.com", "zdassets.com", "zdusercontent.com"}},
	"freshdesk.com":   {"Freshdesk (a help desk service)", []string{"freshdesk.com", "freshworks.com"}},
	"typeform.com":    {"Typeform (an online form service)", []string{"typeform.com"}},
	"typeform.io":     {"Typeform (an online form service)", []string{"typeform.com", "typeform.io"}},
	"jotform.com":     {"Jotform (an online form service)", []string{"jotform.com"}},
}

// checkRelayedLinks warns when a message from such a service links somewhere that is neither
// the service's own site, the organisation's nor a well-known brand's: someone typed that
// link into the service to have it delivered under the service's good name.
func checkRelayedLinks(a *Analysis, c *checker) {
	if a.From == nil || a.From.Domain == "" {
		return
	}
	svc, ok := relayServices[registrableDomain(a.From.Domain)]
	if !ok {
		return
	}
	for _, u := range a.URLs {
		if u.Domain == "" || ownedBy(u.Host, svc.own) || c.trusted(u.Host) {
			continue
		}
		a.add(CodeRelayedLink, "It was sent through %s, and links to %s, which is not the service's own site.", svc.name, defangHost(u.Host))
		return
	}
}
