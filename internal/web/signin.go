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
	Layout
	Email     string
	Next      string
	OIDCLabel string
	IdleMins  int
}

func (s *Shell) signInView(r *http.Request) signInView {
	v := signInView{Layout: s.Layout(r, "Sign in"), Next: safeNext(r.FormValue("next")), IdleMins: int(s.Auth.Config().IdleTimeout.Minutes())}
	if s.OIDC != nil {
		v.OIDCLabel = s.OIDC.Label()
	}
	return v
}

func (s *Shell) signInForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := scopeOf(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := s.signInView(r)
	s.render(w, r, http.StatusOK, "signin", &v)
}

func (s *Shell) signIn(w http.ResponseWriter, r *http.Request) {
	v := s.signInView(r)
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
		v.SetErrors(vigil.InvalidFields("", fields))
		s.render(w, r, http.StatusUnprocessableEntity, "signin", &v)
		return
	}
	token, _, err := s.Auth.SignIn(r.Context(), v.Email, password, s.clientIP(r))
	if err != nil {
		code := vigil.CodeOf(err)
		if code == vigil.Internal {
			s.Fail(w, r, err)
			return
		}
		if e, ok := err.(*vigil.Error); ok && code == vigil.Unauthorized {
			// Link the summary to the e-mail box, where putting it right starts.
			err = vigil.InvalidFields("", map[string]string{"email": e.Message})
		}
		v.SetErrors(err)
		setRetryAfter(w, err)
		s.render(w, r, code.HTTPStatus(), "signin", &v)
		return
	}
	s.startSession(w, r, token, v.Next)
}

func (s *Shell) startSession(w http.ResponseWriter, r *http.Request, token, next string) {
	// Someone signing in on a computer where another person is still signed
	// in ends that person's session rather than leaving it to time out.
	if old, ok := r.Context().Value(sessionTokenKey).(string); ok {
		if err := s.Auth.SignOut(r.Context(), old); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	// No Max-Age: the cookie also ends when the browser closes.
	http.SetCookie(w, &http.Cookie{Name: s.CookieName("vigil_session"), Value: token, Path: "/", HttpOnly: true,
		Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode})
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

func (s *Shell) signOut(w http.ResponseWriter, r *http.Request) {
	if token, ok := r.Context().Value(sessionTokenKey).(string); ok {
		if err := s.Auth.SignOut(r.Context(), token); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, "vigil_session")
	s.SetFlash(w, "You have signed out. It is safe to leave this computer.")
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}

const oidcCookie = "vigil_oidc"

func (s *Shell) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.NotFound(w, r)
		return
	}
	ch := auth.NewChallenge()
	u, err := s.OIDC.AuthURL(r.Context(), ch)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	b, _ := json.Marshal(oidcState{Challenge: ch, Next: safeNext(r.FormValue("next"))})
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/sign-in/oidc",
		MaxAge: 600, HttpOnly: true, Secure: s.SecureCookie, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, u, http.StatusFound)
}

type oidcState struct {
	auth.Challenge
	Next string
}

func (s *Shell) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.OIDC == nil {
		s.NotFound(w, r)
		return
	}
	restart := vigil.Errorf(vigil.Unauthorized, "Sign-in took too long or was interrupted. Go back to the sign-in page and try again.")
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		s.Fail(w, r, restart)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/sign-in/oidc", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookie})
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	var st oidcState
	if err != nil || json.Unmarshal(raw, &st) != nil || st.State == "" || r.FormValue("state") != st.State {
		s.Fail(w, r, restart)
		return
	}
	if e := r.FormValue("error"); e != "" {
		s.Fail(w, r, vigil.Errorf(vigil.Unauthorized, "Your identity provider did not sign you in. Try again, or use your Vigil password."))
		return
	}
	token, _, err := s.OIDC.Finish(r.Context(), st.Challenge, r.FormValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	// The cookie could have been planted by a sibling site: check the page again.
	s.startSession(w, r, token, safeNext(st.Next))
}
