package app_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
)

// identityProvider is a small but real OIDC provider: discovery, JWKS, an
// authorize endpoint that signs in whoever it is told to, and a token
// endpoint that returns a signed ID token.
type identityProvider struct {
	srv     *httptest.Server
	key     *rsa.PrivateKey
	mu      sync.Mutex
	email   string
	subject string
	codes   map[string]string // code → nonce
	client  string
}

func newIdentityProvider(t *testing.T) *identityProvider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &identityProvider{key: key, codes: map[string]string{}, client: "vigil-test"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.srv.URL, "authorization_endpoint": p.srv.URL + "/authorize", "token_endpoint": p.srv.URL + "/token",
			"jwks_uri": p.srv.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != p.client || q.Get("code_challenge_method") != "S256" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		code := "code-" + q.Get("state")
		p.codes[code] = q.Get("nonce")
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		nonce, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		email, subject := p.email, p.subject
		p.mu.Unlock()
		if !ok || r.PostForm.Get("code_verifier") == "" {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
		claims := map[string]any{
			"iss": p.srv.URL, "aud": p.client, "sub": subject, "nonce": nonce, "email": email,
			"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix(),
		}
		idToken, _ := jwt.Signed(signer).Claims(claims).Serialize()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "id_token": idToken, "expires_in": 300})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func TestOIDCSignInMapsToAnExistingAccount(t *testing.T) {
	idp := newIdentityProvider(t)
	a := apptest.StartWith(t, apptest.SQLite, func(c *app.Config) {
		c.OIDC.Issuer, c.OIDC.ClientID, c.OIDC.ClientSecret, c.OIDC.Label = idp.srv.URL, idp.client, "secret", "NHSmail"
		// Only the path matters: the test follows the redirect to the app's real address.
		c.OIDC.RedirectURL = "http://localhost/sign-in/oidc/callback"
	})
	signInWith := func(subject, email string) (*apptest.Client, apptest.Response) {
		idp.mu.Lock()
		idp.email, idp.subject = email, subject
		idp.mu.Unlock()
		c := a.Anonymous(t)
		page := c.Get("/sign-in")
		if !strings.Contains(page.Body, "Sign in with NHSmail") {
			t.Fatal("no OIDC button on the sign-in page")
		}
		start := c.Get("/sign-in/oidc")
		if start.StatusCode != http.StatusFound {
			t.Fatalf("start: %d %s", start.StatusCode, start.Body)
		}
		// Follow the provider's redirect back to Vigil, as a browser would.
		res, err := c.HTTP.Get(start.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		back, _ := url.Parse(res.Header.Get("Location"))
		return c, c.Get(back.RequestURI())
	}

	c, res := signInWith("cso-subject", apptest.SafetyOfficer)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	if home := apptest.Text(c.Get("/").Body); !strings.Contains(home, "Hello Dr") {
		t.Errorf("not signed in after OIDC:\n%.500s", home)
	}

	// Someone else at the provider who sets their address to the CSO's
	// cannot become the CSO: the account is now bound to the first subject.
	_, res = signInWith("someone-else", apptest.SafetyOfficer)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "linked to a different account") {
		t.Fatalf("another subject with the same address: %d %s", res.StatusCode, apptest.Text(res.Body))
	}
	// The bound subject still gets in after the address changes at the provider.
	if _, res := signInWith("cso-subject", "martin.ellis.new@riverside.example"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bound subject with a new address: %d", res.StatusCode)
	}

	_, res = signInWith("stranger", "stranger@elsewhere.example")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "no Vigil account for your email address") {
		t.Fatalf("unknown address: %d %s", res.StatusCode, apptest.Text(res.Body))
	}

	// A callback with a state that does not match the cookie is refused.
	c = a.Anonymous(t)
	c.Get("/sign-in/oidc")
	if res := c.Get("/sign-in/oidc/callback?code=x&state=forged"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged state: %d", res.StatusCode)
	}
}
