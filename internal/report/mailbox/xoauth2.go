package mailbox

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/emersion/go-sasl"
)

// XOAUTH2 is the name of the SASL mechanism Google and Microsoft use for
// OAuth 2.0 bearer tokens. It predates the standard OAUTHBEARER (RFC 7628),
// which Microsoft 365 does not offer for IMAP.
const XOAUTH2 = "XOAUTH2"

// XOAUTH2Error is the server's explanation of a refused token, sent as a
// JSON challenge before the final NO.
type XOAUTH2Error struct {
	Status  string `json:"status"`
	Schemes string `json:"schemes"`
	Scope   string `json:"scope"`
}

func (e *XOAUTH2Error) Error() string {
	msg := "the mail server refused the OAuth token"
	if e.Status != "" {
		msg += " (status " + e.Status + ")"
	}
	if e.Scope != "" {
		msg += "; it asks for scope " + e.Scope
	}
	return msg
}

// NewXOAUTH2Client returns a SASL client that signs username in with an
// OAuth 2.0 access token.
func NewXOAUTH2Client(username, token string) sasl.Client {
	return &xoauth2Client{username: username, token: token}
}

type xoauth2Client struct {
	username, token string
}

func (c *xoauth2Client) Start() (string, []byte, error) {
	return XOAUTH2, xoauth2InitialResponse(c.username, c.token), nil
}

// Next is only called when the server refuses the token: success needs no
// challenge. Returning an error aborts the exchange, and the caller drops the
// connection, so there is no need to send the empty reply the server waits for.
func (c *xoauth2Client) Next(challenge []byte) ([]byte, error) {
	return nil, parseXOAUTH2Challenge(challenge)
}

func xoauth2InitialResponse(username, token string) []byte {
	return []byte("user=" + username + "\x01auth=Bearer " + token + "\x01\x01")
}

// parseXOAUTH2Challenge turns the server's challenge into an error that says
// why the token was refused, as far as the server tells.
func parseXOAUTH2Challenge(challenge []byte) *XOAUTH2Error {
	var e XOAUTH2Error
	if err := json.Unmarshal(challenge, &e); err != nil {
		// Some servers send prose rather than JSON; keep a short, printable part.
		return &XOAUTH2Error{Status: fmt.Sprintf("%.80q", challenge)}
	}
	return &XOAUTH2Error{Status: printable(e.Status), Schemes: printable(e.Schemes), Scope: printable(e.Scope)}
}

// printable keeps what the server said short and free of line breaks, since
// it ends up in logs.
func printable(s string) string {
	const limit = 200
	if len(s) > limit {
		s = s[:limit]
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
