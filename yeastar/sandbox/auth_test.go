package sandbox

import (
	"net/url"
	"regexp"
	"testing"
	"time"
)

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestTokenIssue(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.postForm(tokenPath, credentials())
	if r.HTTP != 200 || r.Code != "success" || r.Status != 200 {
		t.Fatalf("token: HTTP %d %s", r.HTTP, r.Raw)
	}
	if !hex32.MatchString(r.RequestID) {
		t.Errorf("requestId = %q, want 32 hex characters", r.RequestID)
	}

	var raw map[string]any
	mustUnmarshal(t, r.Result, &raw)
	if got, ok := raw["expiresIn"].(string); !ok || got != "1800" {
		t.Errorf("expiresIn = %#v, want the string \"1800\"",
			raw["expiresIn"])
	}
	if raw["tokenHead"] != "Bearer " {
		t.Errorf("tokenHead = %q, want %q", raw["tokenHead"], "Bearer ")
	}
	for _, k := range []string{"token", "refreshToken"} {
		if s, _ := raw[k].(string); len(s) < 20 {
			t.Errorf("%s = %q, want a long random string", k, s)
		}
	}
}

func TestTokenBadCredentials(t *testing.T) {
	e := newEnv(t, Options{})
	form := credentials()
	form.Set("client_secret", "wrong")
	if r := e.postForm(tokenPath, form); r.HTTP != 401 || r.Status != 401 {
		t.Errorf("bad secret: HTTP %d %s, want 401", r.HTTP, r.Raw)
	}

	r := e.do("POST", tokenPath, "", "application/json",
		`{"grant_type":"pp_credentials"}`)
	checkFieldError(t, r, "Content-Type", "form")
}

func TestTokenLifetimeOption(t *testing.T) {
	e := newEnv(t, Options{TokenLifetime: 10 * time.Minute})
	var tr tokenResult
	mustUnmarshal(t, e.postForm(tokenPath, credentials()).Result, &tr)
	if tr.ExpiresIn != "600" {
		t.Errorf("expiresIn = %q, want \"600\"", tr.ExpiresIn)
	}
}

func TestTokenExpiry(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()

	e.clock.Advance(30*time.Minute - time.Second)
	if r := e.get(partnerPath, tok); r.HTTP != 200 {
		t.Fatalf("before expiry: HTTP %d %s", r.HTTP, r.Raw)
	}
	e.clock.Advance(time.Second)
	r := e.get(partnerPath, tok)
	if r.HTTP != 401 || r.Code != "invalid_token" {
		t.Errorf("after expiry: HTTP %d code %q, want 401 invalid_token",
			r.HTTP, r.Code)
	}
}

func TestTokenRefreshRotates(t *testing.T) {
	e := newEnv(t, Options{})
	var first tokenResult
	mustUnmarshal(t, e.postForm(tokenPath, credentials()).Result, &first)

	e.clock.Advance(time.Hour) // the access token has expired
	refresh := func(rt string) (reply, tokenResult) {
		r := e.postForm(tokenPath, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {rt},
		})
		var tr tokenResult
		if r.Code == "success" {
			mustUnmarshal(t, r.Result, &tr)
		}
		return r, tr
	}
	r, second := refresh(first.RefreshToken)
	if r.HTTP != 200 {
		t.Fatalf("refresh: HTTP %d %s", r.HTTP, r.Raw)
	}
	if second.RefreshToken == first.RefreshToken ||
		second.Token == first.Token {
		t.Error("refresh handed out the same tokens again")
	}
	if r := e.get(partnerPath, second.Token); r.HTTP != 200 {
		t.Errorf("refreshed token: HTTP %d %s", r.HTTP, r.Raw)
	}

	if r, _ := refresh(first.RefreshToken); r.HTTP != 401 {
		t.Errorf("old refresh token: HTTP %d, want 401", r.HTTP)
	}
	if r, _ := refresh(second.RefreshToken); r.HTTP != 200 {
		t.Errorf("newest refresh token: HTTP %d %s", r.HTTP, r.Raw)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	e := newEnv(t, Options{})
	var tr tokenResult
	mustUnmarshal(t, e.postForm(tokenPath, credentials()).Result, &tr)

	e.clock.Advance(15 * 24 * time.Hour)
	r := e.postForm(tokenPath, url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken},
	})
	if r.HTTP != 401 {
		t.Errorf("refresh after 15 days: HTTP %d, want 401", r.HTTP)
	}
}

func TestUnauthorized(t *testing.T) {
	e := newEnv(t, Options{})
	for _, tok := range []string{"", "not-a-token"} {
		r := e.get(partnerPath, tok)
		if r.HTTP != 401 || r.Code != "invalid_token" || r.Status != 401 {
			t.Errorf("token %q: HTTP %d code %q, want 401 invalid_token",
				tok, r.HTTP, r.Code)
		}
		if r.Result != nil && string(r.Result) != "null" {
			t.Errorf("token %q: result = %s, want null", tok, r.Result)
		}
	}
	r := e.save("", orderBody("", TutorialBillingID, CustomDomainNameID,
		1, "PO-1"))
	if r.HTTP != 401 || len(e.sb.Orders()) != 0 {
		t.Errorf("save without token: HTTP %d, %d orders; want 401, 0",
			r.HTTP, len(e.sb.Orders()))
	}
}

func TestTokenStoreSweepsExpired(t *testing.T) {
	ts := newTokenStore(time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range sweepAbove {
		ts.issue(now)
	}
	ts.issue(now.Add(16 * 24 * time.Hour))
	if n := len(ts.access) + len(ts.refresh); n != 2 {
		t.Errorf("after sweep %d tokens stored, want 2", n)
	}
}
