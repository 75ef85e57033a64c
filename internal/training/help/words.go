package help

// synonyms are groups of words that staff use for the same thing. A query
// word in a group also finds the group's other words.
var synonyms = [][]string{
	{"whatsapp", "messaging", "messenger", "signal", "telegram", "imessage", "snapchat", "facebook"},
	{"text", "sms", "message", "smishing"},
	{"clicked", "opened", "pressed", "tapped", "followed", "scanned"},
	{"link", "url", "website", "site", "page"},
	{"password", "passphrase", "passcode", "pin", "login", "credentials"},
	{"phishing", "scam", "spam", "dodgy", "suspicious", "fake", "fraud", "hoax"},
	{"email", "mail", "nhsmail", "inbox", "outlook"},
	{"usb", "stick", "memory", "pendrive", "flash", "drive"},
	{"down", "outage", "offline", "crashed", "broken", "unavailable", "downtime", "frozen"},
	{"ransomware", "ransom", "virus", "malware", "infected", "hacked"},
	{"photo", "photograph", "picture", "image", "pic", "camera"},
	{"computer", "laptop", "pc", "desktop", "workstation", "screen"},
	{"smartcard", "card", "badge"},
	{"phone", "mobile", "smartphone", "iphone", "android"},
	{"call", "caller", "rang", "phoned", "ringing", "voicemail"},
	{"lost", "stolen", "missing", "theft"},
	{"qr", "qrcode", "barcode"},
	{"deepfake", "voice", "cloned", "impersonation"},
	{"home", "remote", "travel", "abroad", "cafe", "train"},
	{"supplier", "vendor", "contractor", "thirdparty"},
	{"report", "tell", "flag", "escalate"},
	{"helpdesk", "servicedesk", "desk"},
	{"mfa", "authenticator", "2fa", "verification", "code"},
	{"patient", "patients", "records", "data", "information"},
}

// stopWords carry no meaning on their own in a question. "it" is among
// them although people mean the IT team by it: otherwise every answer with
// "it" in a sentence would match.
var stopWords = map[string]bool{
	"a": true, "about": true, "am": true, "an": true, "and": true, "are": true, "at": true, "be": true,
	"but": true, "by": true, "can": true, "could": true, "did": true, "do": true, "does": true,
	"for": true, "from": true, "has": true, "have": true, "he": true, "her": true, "him": true,
	"how": true, "i": true, "if": true, "in": true, "is": true, "it": true, "its": true, "me": true,
	"my": true, "now": true, "of": true, "on": true, "or": true, "our": true, "say": true, "says": true,
	"she": true, "should": true, "so": true, "that": true, "the": true, "their": true, "them": true,
	"there": true, "they": true, "this": true, "to": true, "was": true, "we": true, "what": true,
	"when": true, "where": true, "which": true, "who": true, "why": true, "will": true, "with": true,
	"would": true, "you": true, "your": true, "im": true, "ive": true, "think": true,
}
