package admin

import (
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type tokensView struct {
	web.Layout
	Tokens    []auth.Token
	Scopes    []vigil.Permission
	Defaults  []vigil.Permission
	NewSecret string // shown once, straight after creation
	NewName   string
}

// IsDefault is for the scope checkboxes.
func (v *tokensView) IsDefault(p vigil.Permission) bool {
	for _, d := range v.Defaults {
		if d == p {
			return true
		}
	}
	return false
}

// ScopeWords says what a scope lets a token do, in words: "Send reports".
func (v *tokensView) ScopeWords(p vigil.Permission) string {
	a := p.Action()
	return strings.ToUpper(a[:1]) + a[1:]
}

func (h *Pages) tokensPage(r *http.Request, sc vigil.Scope) (tokensView, error) {
	v := tokensView{Layout: h.Layout(r, "API tokens"), Defaults: auth.DefaultTokenScopes}
	for _, p := range vigil.Permissions {
		if sc.Can(p) {
			v.Scopes = append(v.Scopes, p)
		}
	}
	var err error
	v.Tokens, err = h.auth.Tokens(r.Context(), sc)
	v.Back = "/admin"
	return v, err
}

func (h *Pages) tokens(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.tokensPage(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "tokens", &v)
}

func (h *Pages) tokenCreate(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	var scopes []vigil.Permission
	for _, s := range r.PostForm["scopes"] {
		p, err := vigil.ParsePermission(s)
		if err != nil {
			h.Fail(w, r, vigil.InvalidFields("Unknown scope.", map[string]string{"scopes": err.Error()}))
			return
		}
		scopes = append(scopes, p)
	}
	secret, tok, err := h.auth.CreateToken(r.Context(), sc, r.PostFormValue("name"), scopes)
	v, perr := h.tokensPage(r, sc)
	if perr != nil {
		h.Fail(w, r, perr)
		return
	}
	if err != nil {
		h.renderInvalid(w, r, "tokens", &v, err)
		return
	}
	// Render rather than redirect: the secret must appear exactly once and never in a URL.
	v.NewSecret, v.NewName = secret, tok.Name
	h.render(w, r, http.StatusOK, "tokens", &v)
}

func (h *Pages) tokenRevoke(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	if err := h.auth.RevokeToken(r.Context(), sc, r.PathValue("id")); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.SetFlash(w, "The token has been revoked. Anything still using it will be refused.")
	http.Redirect(w, r, "/admin/tokens", http.StatusSeeOther)
}
