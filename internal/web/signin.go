package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/vigil"
)

type signInView struct {
	layout
	Email     string
	Next      string
	OIDCLabel string
	IdleMins  int
}

func (h *Handler) signInView(r *http.Request) signInView {
	v := signInView{layout: h.newLayout(r, "Sign in"), Next: safeNext(r.FormValue("next")), IdleMins: int(h.Auth.Config().IdleTimeout.Minutes())}
	if h.OIDC != nil {
		v.OIDCLabel = h.OIDC.Label()
	}
	return v
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := scopeOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := h.signInView(r)
	h.render(w, r, http.StatusOK, "signin", &v)
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	v := h.signInView(r)
	v.Email = strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	if v.Email == "" || password == "" {
		fields := map[string]string{}
		if v.Email == "" {
			fields["email"] = "Enter your email address"
		}
		if password == "" {
			fields["password"] = "Enter your password"
		}
		v.setErrors(vigil.InvalidFields("", fields))
		h.render(w, r, http.StatusUnprocessableEntity, "signin", &v)
		return
	}
	token, _, err := h.Auth.SignIn(r.Context(), v.Email, password, h.clientIP(r))
	if err != nil {
		code := vigil.CodeOf(err)
		if code == vigil.Internal {
			h.fail(w, r, err)
			return
		}
		if e, ok := err.(*vigil.Error); ok && code == vigil.Unauthorized {
			// Link the summary to the e-mail box, where putting it right starts.
			err = vigil.InvalidFields("", map[string]string{"email": e.Message})
		}
		v.setErrors(err)
		status, _ := statusOf(code)
		h.render(w, r, status, "signin", &v)
		return
	}
	h.startSession(w, r, token, v.Next)
}

func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	// Someone signing in on a computer where another person is still signed
	// in ends that person's session rather than leaving it to time out.
	if old, ok := r.Context().Value(sessionTokenKey).(string); ok {
		if err := h.Auth.SignOut(r.Context(), old); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	// No Max-Age: the cookie also ends when the browser closes.
	http.SetCookie(w, &http.Cookie{Name: h.cookieName("vigil_session"), Value: token, Path: "/", HttpOnly: true,
		Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// safeNext allows only local paths as the page to return to after sign-in,
// so a crafted link cannot bounce someone to another site. Browsers drop
// tabs and newlines from URLs and read a backslash as a slash, so
// "/\t/evil.example" would become "//evil.example": any control character
// or backslash is refused, not just the obvious prefixes.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return ""
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return ""
		}
	}
	return next
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	if token, ok := r.Context().Value(sessionTokenKey).(string); ok {
		if err := h.Auth.SignOut(r.Context(), token); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.clearCookie(w, "vigil_session")
	h.setFlash(w, "You have signed out. It is safe to leave this computer.")
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

const oidcCookie = "vigil_oidc"

func (h *Handler) oidcStart(w http.ResponseWriter, r *http.Request) {
	if h.OIDC == nil {
		h.NotFound(w, r)
		return
	}
	ch := auth.NewChallenge()
	u, err := h.OIDC.AuthURL(r.Context(), ch)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, _ := json.Marshal(oidcState{Challenge: ch, Next: safeNext(r.FormValue("next"))})
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/sign-in/oidc",
		MaxAge: 600, HttpOnly: true, Secure: h.SecureCookie, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, u, http.StatusFound)
}

type oidcState struct {
	auth.Challenge
	Next string
}

func (h *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if h.OIDC == nil {
		h.NotFound(w, r)
		return
	}
	restart := vigil.Errorf(vigil.Unauthorized, "Sign-in took too long or was interrupted. Go back to the sign-in page and try again.")
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		h.fail(w, r, restart)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/sign-in/oidc", MaxAge: -1, HttpOnly: true, Secure: h.SecureCookie})
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	var st oidcState
	if err != nil || json.Unmarshal(raw, &st) != nil || st.State == "" || r.FormValue("state") != st.State {
		h.fail(w, r, restart)
		return
	}
	if e := r.FormValue("error"); e != "" {
		h.fail(w, r, vigil.Errorf(vigil.Unauthorized, "Your identity provider did not sign you in. Try again, or use your Vigil password."))
		return
	}
	token, _, err := h.OIDC.Finish(r.Context(), st.Challenge, r.FormValue("code"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The cookie could have been planted by a sibling site: check the page again.
	h.startSession(w, r, token, safeNext(st.Next))
}
