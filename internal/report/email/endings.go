package email

import "strings"

// abusedEndings are top-level domains that abuse reports (Spamhaus, Interisle) rank among the
// most used for phishing, because names there are cheap and quickly registered.
var abusedEndings = map[string]bool{
	"top": true, "xyz": true, "info": true, "click": true, "zip": true, "mov": true, "country": true,
	"gq": true, "tk": true, "ml": true, "cf": true, "ga": true, "work": true, "rest": true, "fit": true,
	"cam": true, "icu": true, "buzz": true, "monster": true, "cyou": true, "sbs": true, "lol": true,
	"quest": true, "bond": true, "cfd": true, "online": true, "site": true,
}

// linkShorteners hide a link's destination until it is followed. Subdomains count too:
// Firebase's page.link and app.link hand each customer a subdomain.
var linkShorteners = map[string]bool{
	"bit.ly": true, "tinyurl.com": true, "t.co": true, "ow.ly": true, "is.gd": true, "buff.ly": true,
	"rebrand.ly": true, "cutt.ly": true, "rb.gy": true, "shorturl.at": true, "t.ly": true,
	"tiny.cc": true, "s.id": true, "goo.gl": true, "bl.ink": true, "page.link": true, "app.link": true,
	"lnkd.in": true, "v.gd": true, "x.gd": true, "bit.do": true, "tiny.one": true, "short.gy": true,
	"qrco.de": true, "qr.codes": true, "urlz.fr": true, "clck.ru": true, "u.to": true, "surl.li": true,
	"shorte.st": true, "adf.ly": true, "soo.gd": true, "rotf.lol": true, "t2m.io": true, "shorturl.gg": true,
	"ift.tt": true, "dlvr.it": true, "trib.al": true, "1url.com": true, "linkr.it": true, "did.li": true,
	"s.gd": true, "2.gp": true, "kutt.it": true, "shrtco.de": true, "l.ead.me": true, "me-qr.com": true,
	"qr-code-generator.com": true, "q-r.to": true, "short.io": true,
}

// isShortener reports whether host belongs to a link-shortening service.
func isShortener(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for {
		if linkShorteners[host] {
			return true
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			return false
		}
		host = host[i+1:]
	}
}

// abusedEnding reports whether host ends in a top-level domain often used for phishing.
func abusedEnding(host string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	i := strings.LastIndexByte(host, '.')
	if i < 0 {
		return "", false
	}
	tld := host[i+1:]
	return tld, abusedEndings[tld]
}

// freeHosting are services where anyone can put up a web page in minutes, under the
// service's own name: lures are hosted there because the address looks respectable and
// passes filters that trust the service.
var freeHosting = []string{"web.app", "firebaseapp.com", "webflow.io", "wixsite.com", "godaddysites.com",
	"weebly.com", "blogspot.com", "github.io", "netlify.app", "vercel.app", "pages.dev", "workers.dev",
	"glitch.me", "r2.dev", "herokuapp.com", "azurewebsites.net", "web.core.windows.net", "appspot.com",
	"square.site", "jimdosite.com", "mystrikingly.com", "carrd.co", "framer.website", "sites.google.com",
	"storage.googleapis.com", "ipfs.io", "dweb.link", "repl.co", "onrender.com", "fly.dev", "surge.sh"}

// freeHost returns the hosting service a host belongs to, or "".
func freeHost(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, h := range freeHosting {
		if host == h || strings.HasSuffix(host, "."+h) {
			return h
		}
	}
	return ""
}
