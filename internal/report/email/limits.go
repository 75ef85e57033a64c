package email

// Limits on what one analysis will read. A reported e-mail comes from outside and may be
// built to exhaust the analyser; past these limits the analysis stops reading more and says
// so in its warnings, or — for size — refuses the message with a clear error.
const (
	// DefaultMaxSize is the largest message accepted when Options.MaxSize is zero: 25 MB.
	DefaultMaxSize = 25 << 20

	// MaxMIMEDepth is how deeply multipart sections may nest. Real mail rarely goes past 5;
	// deeper messages are analysed from their headers only.
	MaxMIMEDepth = 32

	// MaxParts is how many MIME parts a message may have before only its headers are analysed.
	MaxParts = 1000

	// MaxAttachments is how many attachments are inspected; the rest are counted in a warning.
	MaxAttachments = 100

	// MaxURLs is how many distinct links are kept; the rest are counted in a warning.
	MaxURLs = 500

	// MaxForwardDepth is how many wrappers are removed from a reported message: a report of
	// a forward of a forward is unwrapped to the original; a fourth wrapper is analysed as
	// it is.
	MaxForwardDepth = 3

	// MaxReceivedHops is how many Received headers are read.
	MaxReceivedHops = 100

	// MaxArchiveEntries is how many file names are read from a zip attachment.
	MaxArchiveEntries = 1000

	// MaxSafeViewBytes caps each of the sanitised text and HTML views of the body.
	MaxSafeViewBytes = 1 << 20

	// maxScanBytes caps how much of a body or text attachment is searched for links and
	// pressure phrases; phishing puts its lure near the top.
	maxScanBytes = 2 << 20

	// MaxURLLength caps each link kept. Longer links are cut, and the cut marked with "…".
	MaxURLLength = 2048

	// MaxSubjectLength caps the subject, in bytes.
	MaxSubjectLength = 1000

	// MaxNameLength caps a display name, an attachment's name and type, a name inside a zip
	// file and each part of a Received header; MaxAddressLength an e-mail address (the
	// standard's own limit is 254).
	MaxNameLength    = 200
	MaxAddressLength = 320

	// MaxRecipients is how many addresses are kept from To (and from Reply-To).
	MaxRecipients = 100

	// MaxHopLength caps the raw text kept of each Received header.
	MaxHopLength = 1000

	// MaxFieldLength caps each short text field taken from the message: link words, and
	// names and values quoted in indicator details.
	MaxFieldLength = 500

	// maxAuthHeaderText caps the Authentication-Results text kept as evidence.
	maxAuthHeaderText = 8 << 10

	// maxAuthHeaders is how many Authentication-Results (and ARC) headers are read.
	maxAuthHeaders = 50

	// maxWarnings keeps a badly broken message from burying the analyst in parser notes.
	maxWarnings = 30
)
