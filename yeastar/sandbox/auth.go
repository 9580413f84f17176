package sandbox

import (
	"crypto/subtle"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// tokenResult is the result of a token request. expiresIn is a string
// of seconds, as the guide documents it.
type tokenResult struct {
	Token        string `json:"token"`
	TokenHead    string `json:"tokenHead"`
	RefreshToken string `json:"refreshToken"`
	ExpiresIn    string `json:"expiresIn"`
}

// handleToken serves POST /auth/openapi/v1/oauth/token: a first token
// from the client credentials, or a new pair from a refresh token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if fe := parseForm(r); fe != nil {
		writeInvalid(w, fe)
		return
	}

	switch r.PostForm.Get("grant_type") {
	case "pp_credentials":
		s.grantCredentials(w, r)
	case "refresh_token":
		s.grantRefresh(w, r)
	case "":
		writeInvalid(w, newFieldError("grant_type", "required",
			"grant_type is required"))
	default:
		writeInvalid(w, newFieldError("grant_type", "oneof",
			"grant_type must be pp_credentials or refresh_token"))
	}
}

// parseForm reads a form-encoded body, refusing any other content type.
func parseForm(r *http.Request) *fieldError {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" {
		return newFieldError("Content-Type", "form",
			"the token request must be application/x-www-form-urlencoded")
	}
	if err := r.ParseForm(); err != nil {
		return newFieldError("body", "form", "malformed form body")
	}
	return nil
}

// grantCredentials checks client_id and client_secret.
func (s *Server) grantCredentials(w http.ResponseWriter, r *http.Request) {
	id := r.PostForm.Get("client_id")
	secret := r.PostForm.Get("client_secret")
	if !equalSecret(id, s.opts.ClientID) ||
		!equalSecret(secret, s.opts.ClientSecret) {
		writeError(w, http.StatusUnauthorized, codeBadClient,
			"bad client credentials")
		return
	}
	s.writeTokens(w, s.tokens.issue(s.now()))
}

// grantRefresh swaps a refresh token for a new pair.
func (s *Server) grantRefresh(w http.ResponseWriter, r *http.Request) {
	old := r.PostForm.Get("refresh_token")
	if old == "" {
		writeInvalid(w, newFieldError("refresh_token", "required",
			"refresh_token is required"))
		return
	}

	p, ok := s.tokens.rotate(old, s.now())
	if !ok {
		writeError(w, http.StatusUnauthorized, codeBadGrant,
			"refresh token is unknown, used or expired")
		return
	}
	s.writeTokens(w, p)
}

// writeTokens sends a token result for p.
func (s *Server) writeTokens(w http.ResponseWriter, p tokenPair) {
	secs := int64(s.opts.TokenLifetime.Seconds())
	writeOK(w, tokenResult{
		Token: p.access, TokenHead: "Bearer ", RefreshToken: p.refresh,
		ExpiresIn: strconv.FormatInt(secs, 10),
	})
}

// authorized reports whether r carries a live access token.
func (s *Server) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return false
	}
	return s.tokens.valid(token, s.now())
}

// equalSecret compares credentials in constant time.
func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
