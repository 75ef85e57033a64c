package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
)

type ctxKey int

const (
	scopeKey ctxKey = iota
	nonceKey
	csrfKey
	sessionTokenKey
)

// Cookie names. With Secure cookies the __Host- prefix stops a sibling
// subdomain from planting its own.
func (h *Handler) cookieName(base string) string {
	if h.SecureCookie {
		return "__Host-" + base
	}
	return base
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// maxRequestBody is the largest page request: a reported e-mail (25 MB) and
// the form around it.
const maxRequestBody = 26 << 20

// maxSignedOutBody is the largest request from someone not signed in.
const maxSignedOutBody = 64 << 10

// Wrap adds what every page request needs: security headers with a fresh
// CSP nonce, the CSRF cookie and check, and the signed-in scope if any.
func (h *Handler) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := randomToken(16)
		setSecurityHeaders(w, n)
		if h.SecureCookie {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		ctx := context.WithValue(r.Context(), nonceKey, n)

		token := ""
		if c, err := r.Cookie(h.cookieName("vigil_csrf")); err == nil && len(c.Value) >= 32 {
			token = c.Value
		} else {
			token = randomToken(32)
			http.SetCookie(w, &http.Cookie{Name: h.cookieName("vigil_csrf"), Value: token, Path: "/", HttpOnly: true,
				Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
		}
		ctx = context.WithValue(ctx, csrfKey, token)

		if c, err := r.Cookie(h.cookieName("vigil_session")); err == nil && c.Value != "" {
			sc, err := h.Auth.Session(ctx, c.Value)
			switch {
			case err == nil:
				ctx = context.WithValue(ctx, scopeKey, sc)
				ctx = context.WithValue(ctx, sessionTokenKey, c.Value)
			case vigil.CodeOf(err) == vigil.Unauthorized:
				h.clearCookie(w, "vigil_session")
				if r.Method == http.MethodGet {
					h.setFlash(w, "You were signed out because the session ended. This keeps shared computers safe — sign in again to carry on.")
				}
			default:
				h.fail(w, r.WithContext(ctx), err)
				return
			}
		}
		r = r.WithContext(ctx)
		// Refuse a body larger than any form needs before reading it: the CSRF
		// check below reads the whole form, files included. Only signed-in
		// people upload files; anyone else gets room for the sign-in form.
		limit := int64(maxSignedOutBody)
		if _, ok := scopeOf(r); ok {
			limit = maxRequestBody
		}
		if r.ContentLength > limit {
			h.fail(w, r, vigil.Errorf(vigil.Invalid, "That file is too large. Vigil takes files of up to 25 MB."))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !validCSRF(r, token) {
			h.fail(w, r, vigil.Errorf(vigil.Forbidden, "This form has expired. Go back, refresh the page and try again."))
			return
		}
		next.ServeHTTP(w, r)
	})
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

// scopedHandler is a page handler that needs a signed-in person.
type scopedHandler func(w http.ResponseWriter, r *http.Request, sc vigil.Scope)

// signedIn sends people who are not signed in to the sign-in page, and back afterwards.
func (h *Handler) signedIn(next scopedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc, ok := scopeOf(r)
		if !ok {
			if r.Method != http.MethodGet {
				h.fail(w, r, vigil.Errorf(vigil.Unauthorized, "You have been signed out. Sign in again to carry on."))
				return
			}
			http.Redirect(w, r, "/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next(w, r, sc)
	}
}

// allowed is signedIn plus a permission check.
func (h *Handler) allowed(p vigil.Permission, next scopedHandler) http.HandlerFunc {
	return h.signedIn(func(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
		if err := sc.Require(p); err != nil {
			h.fail(w, r, err)
			return
		}
		next(w, r, sc)
	})
}

func (h *Handler) clearCookie(w http.ResponseWriter, base string) {
	http.SetCookie(w, &http.Cookie{Name: h.cookieName(base), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
}

// setFlash leaves a one-line message for the next page.
func (h *Handler) setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "vigil_flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 60, HttpOnly: true, Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
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
	layout
	Heading string
	Message string
}

// fail renders an error as a page with the status its code calls for.
// Internal errors are logged with detail and shown without it.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := vigil.CodeOf(err)
	status, heading := statusOf(code)
	msg := "Sorry, there is a problem with Vigil. Try again later. If you need to report something urgent, call your IT service desk."
	var e *vigil.Error
	if errors.As(err, &e) && code != vigil.Internal {
		msg = e.Message
	}
	if code == vigil.Internal {
		h.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	v := errorView{layout: h.newLayout(r, heading), Heading: heading, Message: msg}
	h.render(w, r, status, "error", &v)
}

func statusOf(code vigil.Code) (int, string) {
	switch code {
	case vigil.Invalid:
		return http.StatusUnprocessableEntity, "There is a problem"
	case vigil.Unauthorized:
		return http.StatusUnauthorized, "Sign in to carry on"
	case vigil.Forbidden:
		return http.StatusForbidden, "You cannot see this page"
	case vigil.NotFound:
		return http.StatusNotFound, "Page not found"
	case vigil.Conflict:
		return http.StatusConflict, "That has changed"
	case vigil.TooMany:
		return http.StatusTooManyRequests, "Too many attempts"
	}
	return http.StatusInternalServerError, "Sorry, there is a problem with the service"
}

// NotFound renders the not-found page for paths no route matches.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, vigil.Errorf(vigil.NotFound, "If you typed the web address, check it is correct. If you pasted it, check you copied all of it."))
}

// clientIP is the address sign-in attempts are counted against. Behind a
// load balancer every request comes from the balancer, so X-Forwarded-For is
// read — but only from a configured proxy, and only its right-most entries,
// because a client can write anything into the left of that header.
func (h *Handler) clientIP(r *http.Request) string {
	remote, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := remote.Addr().Unmap()
	if !h.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if addr = hop.Unmap(); !h.trusted(addr) {
			return addr.String()
		}
	}
	return addr.String()
}

func (h *Handler) trusted(addr netip.Addr) bool {
	for _, p := range h.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// SessionCookieName is the session cookie's name, for the API to read.
func (h *Handler) SessionCookieName() string { return h.cookieName("vigil_session") }
