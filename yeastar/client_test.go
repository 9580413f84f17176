package yeastar

import (
	"strings"
	"testing"
)

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // "" means accepted
	}{
		{"https://openapi.partner.yeastar.com", ""},
		{"https://openapi.partner.yeastar.com/", ""},
		{"https://example.com/prefix", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.9.9.9", ""},
		{"http://[::1]:8080", ""},
		{"http://localhost:8080", ""},
		{"http://LOCALHOST", ""},
		{"http://openapi.partner.yeastar.com", "plain http"},
		{"http://10.0.0.5:8080", "plain http"},
		{"http://localhost.example.com", "plain http"},
		{"ftp://example.com", "scheme must be https"},
		{"openapi.partner.yeastar.com", "no host"},
		{"", "no host"},
		{"https://user:pw@example.com", "bare"},
		{"https://example.com/?a=1", "bare"},
	}
	for _, tt := range tests {
		_, err := New(Config{
			BaseURL: tt.url, ClientID: "id", ClientSecret: "secret",
		})
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("New(%q) = %v, want no error", tt.url, err)
		case tt.wantErr != "" && err == nil:
			t.Errorf("New(%q) = nil, want error %q", tt.url, tt.wantErr)
		case err != nil && !strings.Contains(err.Error(), tt.wantErr):
			t.Errorf("New(%q) = %v, want error %q", tt.url, err, tt.wantErr)
		}
	}
}

func TestNewRequiresCredentials(t *testing.T) {
	tests := []struct{ id, secret string }{
		{"", "secret"},
		{"id", ""},
	}
	for _, tt := range tests {
		_, err := New(Config{
			BaseURL: "https://example.com", ClientID: tt.id,
			ClientSecret: tt.secret,
		})
		if err == nil {
			t.Errorf("New(id %q, secret %q) = nil, want error",
				tt.id, tt.secret)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{
		BaseURL: "https://example.com", ClientID: "id", ClientSecret: "s",
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.cfg
	if cfg.UserAgent != "yeastar-bulk" || cfg.MaxAttempts != 5 ||
		cfg.MaxBackoff.Seconds() != 30 || cfg.HTTPClient == nil ||
		cfg.HTTPClient.Timeout.Seconds() != 30 {
		t.Errorf("defaults = %+v", cfg)
	}
}
