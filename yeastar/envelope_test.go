package yeastar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestErrorEnvelopeOnHTTP200(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{status: 200, code: "system_busy"})
	c, _ := newTestClient(t, p)

	_, err := c.Partners(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Partners = %v, want *APIError", err)
	}
	if apiErr.HTTPStatus != 200 || apiErr.Code != "system_busy" ||
		len(apiErr.RequestID) != 32 {
		t.Errorf("APIError = %+v, want http 200, code system_busy "+
			"and a request id", apiErr)
	}
}

func TestParameterValidationFailed(t *testing.T) {
	p := newPortal(t)
	p.script(pathPartners, reply{
		status: 400, code: "parameter_validation_failed",
		result: map[string]string{"field": "billingId", "tag": "required"},
	})
	c, _ := newTestClient(t, p)

	_, err := c.Partners(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Partners = %v, want *APIError", err)
	}
	want := APIError{
		HTTPStatus:    400,
		Code:          "parameter_validation_failed",
		DetailMessage: "refused: parameter_validation_failed",
		RequestID:     apiErr.RequestID,
		Field:         "billingId",
		Tag:           "required",
	}
	if diff := cmp.Diff(want, *apiErr); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}
	if n := p.count(pathPartners); n != 1 {
		t.Errorf("requests = %d, want 1 (a 400 is not retried)", n)
	}
}

func TestNonJSONReplyIsAPIError(t *testing.T) {
	page := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" +
		strings.Repeat("nginx padding ", 100) + "</body></html>"
	p := newPortal(t)
	p.script(pathPartners, reply{status: 502, raw: page})
	c, _ := newTestClient(t, p, func(cfg *Config) { cfg.MaxAttempts = 2 })

	_, err := c.Partners(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 502 {
		t.Fatalf("Partners = %v, want *APIError with 502", err)
	}
	msg := apiErr.DetailMessage
	if !strings.Contains(msg, "502 Bad Gateway") || len(msg) > 300 ||
		strings.Contains(msg, "\n") {
		t.Errorf("DetailMessage = %q, want a short one-line excerpt", msg)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ body, want string }{
		{"", "empty reply"},
		{"  <h1>Bad\r\n\tGateway</h1> ",
			"reply is not a JSON envelope: <h1>Bad Gateway</h1>"},
		{"\x00\xffok", "reply is not a JSON envelope: ?ok"},
	}
	for _, tt := range tests {
		if got := excerpt([]byte(tt.body)); got != tt.want {
			t.Errorf("excerpt(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestTextField(t *testing.T) {
	tests := []struct {
		raw, want string
		wantErr   bool
	}{
		{`"UG3400799727332569088"`, "UG3400799727332569088", false},
		{`3400799727332569088`, "3400799727332569088", false},
		{`null`, "", false},
		{`{}`, "", true},
	}
	for _, tt := range tests {
		var got text
		err := got.UnmarshalJSON([]byte(tt.raw))
		if string(got) != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("text(%s) = %q, %v; want %q, error %t",
				tt.raw, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestEchoedSecretRedacted(t *testing.T) {
	p := newPortal(t)
	c, _ := newTestClient(t, p)
	echo := "<html>bad request: grant_type=pp_credentials&client_secret=" +
		testSecret + "</html>"
	// A proxy in front of the token endpoint echoes the form.
	p.srv.Config.Handler = http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, echo)
		})

	err := c.Authenticate(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Errorf("Authenticate = %v, want an error without the secret",
			err)
	}
}

func TestOversizedReply(t *testing.T) {
	p := newPortal(t)
	p.route(pathPartners, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte(" "), maxReplyBytes+10))
	})
	c, _ := newTestClient(t, p)

	_, err := c.Partners(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) ||
		!strings.Contains(apiErr.DetailMessage, "larger than 32 MiB") {
		t.Errorf("Partners = %v, want *APIError about the size", err)
	}
}

func TestParseTokenWithoutToken(t *testing.T) {
	tests := []string{`null`, `{}`, `{"token":""}`, `[1]`,
		`{"token":"x","expiresIn":"later"}`}
	for _, raw := range tests {
		env := &envelope{Result: json.RawMessage(raw)}
		if _, err := parseToken(env, time.Now()); err == nil {
			t.Errorf("parseToken(%s) = nil error, want one", raw)
		}
	}
}
