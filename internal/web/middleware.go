package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

type ctxKey int

const (
	scopeKey ctxKey = iota
	nonceKey
	csrfKey
	sessionTokenKey
)

// CookieName is a cookie's name. With Secure cookies the __Host- prefix stops a sibling
// subdomain from planting its own.
func (s *Shell) CookieName(base string) string {
	if s.SecureCookie {
		return "__Host-" + base
	}
	return base
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// MaxRequestBody is the largest page request: a reported e-mail (25 MB) and
// the form around it.
const MaxRequestBody = 26 << 20

// maxSignedOutBody is the largest request from someone not signed in.
const maxSignedOutBody = 64 << 10

// Wrap adds what every page request needs: security headers with a fresh
// CSP nonce, the CSRF cookie and check, and the signed-in scope if any.
func (s *Shell) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := randomToken(16)
		setSecurityHeaders(w, n)
		ctx := context.WithValue(r.Context(), nonceKey, n)

		token := ""
		if c, err := r.Cookie(s.CookieName("vigil_csrf")); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			token = randomToken(32)
			http.SetCookie(w, &http.Cookie{Name: s.CookieName("vigil_csrf"), Value: token, Path: "/", HttpOnly: true,
				Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode})
		}
		ctx = context.WithValue(ctx, csrfKey, token)

		if c, err := r.Cookie(s.CookieName("vigil_session")); err == nil && c.Value != "" {
			sc, err := s.Auth.Session(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(ctx, scopeKey, sc)
				ctx = context.WithValue(ctx, sessionTokenKey, c.Value)
			case vigil.CodeOf(err) == vigil.Unauthorized:
				s.clearCookie(w, "vigil_session")
				if r.Method == http.MethodGet {
					s.SetFlash(w, "You were signed out because the session ended. This keeps shared computers safe — sign in again to carry on.")
				}
			default:
				s.Fail(w, r.WithContext(ctx), err)
				return
			}
		}
		r = r.WithContext(ctx)
		// Refuse a body larger than any form needs before reading it: the CSRF
		// check below reads the whole form, files included. Only signed-in
		// people upload files; anyone else gets room for the sign-in form.
		limit := int64(maxSignedOutBody)
		if _, ok := scopeOf(r); ok {
			limit = MaxRequestBody
		}
		if r.ContentLength > limit {
			s.Fail(w, r, vigil.Errorf(vigil.Invalid, "That file is too large. Vigil takes files of up to 25 MB."))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := formError(readForm(r), limit); err != nil {
			s.Fail(w, r, err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !validCSRF(r, token) {
			s.Fail(w, r, vigil.Errorf(vigil.Forbidden, "This form has expired. Go back, refresh the page and try again."))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readForm reads a posted form, files and all, so that a body cut off at the
// limit is answered as too large rather than as a form with its fields lost.
func readForm(r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	// ParseMultipartForm hides ParseForm's errors behind ErrNotMultipart, so
	// each kind of form is read by its own parser.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return r.ParseMultipartForm(1 << 20) // larger parts go to temporary files
	}
	return r.ParseForm()
}

// formError words a form that could not be read: most often one over the
// limit (net/http has its own, smaller, limit for forms without files).
func formError(err error, limit int64) error {
	if err == nil {
		return nil
	}
	var max *http.MaxBytesError
	if errors.As(err, &max) || strings.Contains(err.Error(), "too large") {
		if limit == maxSignedOutBody {
			return vigil.Errorf(vigil.Invalid, "That is more than this form takes. Sign in first if you meant to send a file.")
		}
		return vigil.Errorf(vigil.Invalid, "That is too large. Vigil takes files of up to 25 MB, and forms of up to 10 MB.")
	}
	return vigil.Errorf(vigil.Invalid, "The form could not be read. Go back and try again.")
}

func validCSRF(r *http.Request, token string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// setSecurityHeaders applies a strict CSP: only our own assets, inline
// script only with this response's nonce, no framing, no plugins.
func setSecurityHeaders(w http.ResponseWriter, nonce string) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-"+nonce+"'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	setCommonHeaders(hd)
}

// setCommonHeaders are the headers every response gets, pages and API alike.
func setCommonHeaders(hd http.Header) {
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
}

// CommonHeaders wraps non-page handlers (API, health) with the common headers.
func CommonHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setCommonHeaders(w.Header())
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

func scopeOf(r *http.Request) (vigil.Scope, bool) {
	sc, ok := r.Context().Value(scopeKey).(vigil.Scope)
	return sc, ok
}

func nonce(r *http.Request) string {
	n, _ := r.Context().Value(nonceKey).(string)
	return n
}

func csrfToken(r *http.Request) string {
	t, _ := r.Context().Value(csrfKey).(string)
	return t
}

// ScopedHandler is a page handler that needs a signed-in person.
type ScopedHandler func(w http.ResponseWriter, r *http.Request, sc vigil.Scope)

// SignedIn sends people who are not signed in to the sign-in page, and back afterwards.
func (s *Shell) SignedIn(next ScopedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc, ok := scopeOf(r)
		if !ok {
			if r.Method != http.MethodGet {
				s.Fail(w, r, vigil.Errorf(vigil.Unauthorized, "You have been signed out. Sign in again to carry on."))
				return
			}
			http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next(w, r, sc)
	}
}

// Allowed is SignedIn plus a permission check.
func (s *Shell) Allowed(p vigil.Permission, next ScopedHandler) http.HandlerFunc {
	return s.SignedIn(func(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
		if err := sc.Require(p); err != nil {
			s.Fail(w, r, err)
			return
		}
		next(w, r, sc)
	})
}

func (s *Shell) clearCookie(w http.ResponseWriter, base string) {
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(base), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode})
}

// SetFlash leaves a one-line message for the next page.
func (s *Shell) SetFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "vigil_flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode})
}

func flashOf(r *http.Request) string {
	c, err := r.Cookie("vigil_flash")
	if err != nil {
		return ""
	}
	msg, err := url.QueryUnescape(c.Value)
	if err != nil || len(msg) > 300 {
		return ""
	}
	return msg
}

// consumeFlash clears the flash cookie once a page has shown it.
func consumeFlash(w http.ResponseWriter, r *http.Request, secure bool) {
	if _, err := r.Cookie("vigil_flash"); err == nil {
		http.SetCookie(w, &http.Cookie{Name: "vigil_flash", Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	}
}

type errorView struct {
	Layout
	Heading string
	Message string
}

// Fail renders an error as a page with the status its code calls for.
// Internal errors are logged with detail and shown without it.
func (s *Shell) Fail(w http.ResponseWriter, r *http.Request, err error) {
	code := vigil.CodeOf(err)
	status, heading := code.HTTPStatus(), headingOf(code)
	msg := "Sorry, there is a problem with Vigil. Try again later. If you need to report something urgent, call your IT service desk."
	var e *vigil.Error
	if errors.As(err, &e) && code != vigil.Internal {
		msg = e.Message
	}
	if code == vigil.Internal {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	setRetryAfter(w, err)
	v := errorView{Layout: s.Layout(r, heading), Heading: heading, Message: msg}
	s.render(w, r, status, "error", &v)
}

// headingOf is the error page's heading for a refusal.
func headingOf(code vigil.Code) string {
	switch code {
	case vigil.Invalid:
		return "There is a problem"
	case vigil.Unauthorized:
		return "Sign in to carry on"
	case vigil.Forbidden:
		return "You cannot see this page"
	case vigil.NotFound:
		return "Page not found"
	case vigil.Conflict:
		return "That has changed"
	case vigil.TooMany:
		return "Too many attempts"
	}
	return "Sorry, there is a problem with the service"
}

// NotFound renders the not-found page for paths no route matches.
func (s *Shell) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, vigil.Errorf(vigil.NotFound, "If you typed the web address, check it is correct. If you pasted it, check you copied all of it."))
}

// clientIP is the address sign-in attempts are counted against. Behind a
// load balancer every request comes from the balancer, so X-Forwarded-For is
// read — but only from a configured proxy, and only its right-most entries,
// because a client can write anything into the left of that header.
func (s *Shell) clientIP(r *http.Request) string {
	remote, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := remote.Addr().Unmap()
	if !s.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if addr = hop.Unmap(); !s.trusted(addr) {
			return addr.String()
		}
	}
	return addr.String()
}

func (s *Shell) trusted(addr netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// setRetryAfter tells a client that was refused for now how long to wait.
func setRetryAfter(w http.ResponseWriter, err error) {
	if d := vigil.RetryAfterOf(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}
