package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testEnv is a sandbox behind a real HTTP server with a fake clock.
type testEnv struct {
	t     *testing.T
	sb    *Server
	srv   *httptest.Server
	clock *fakeClock
}

func newEnv(t *testing.T, opts Options) *testEnv {
	t.Helper()
	clock := newFakeClock()
	opts.Now = clock.Now
	if opts.Seed == 0 {
		opts.Seed = 42
	}
	sb := New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, sb: sb, srv: srv, clock: clock}
}

// reply is a decoded envelope plus the HTTP parts tests look at.
type reply struct {
	HTTP          int
	Header        http.Header
	Raw           []byte
	Code          string          `json:"code"`
	DetailMessage string          `json:"detailMessage"`
	RequestID     string          `json:"requestId"`
	Result        json.RawMessage `json:"result"`
	Status        int             `json:"status"`
}

// do sends one request and decodes the envelope.
func (e *testEnv) do(method, path, token, ctype, body string) reply {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path,
		strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}

	r := reply{HTTP: resp.StatusCode, Header: resp.Header, Raw: raw}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
	}
	return r
}

func (e *testEnv) get(path, token string) reply {
	e.t.Helper()
	return e.do("GET", path, token, "", "")
}

func (e *testEnv) postForm(path string, form url.Values) reply {
	e.t.Helper()
	return e.do("POST", path, "", "application/x-www-form-urlencoded",
		form.Encode())
}

func (e *testEnv) save(token, body string) reply {
	e.t.Helper()
	return e.do("POST", savePath, token, "application/json", body)
}

// token obtains an access token with the demo credentials.
func (e *testEnv) token() string {
	e.t.Helper()
	r := e.postForm(tokenPath, credentials())
	if r.Code != "success" {
		e.t.Fatalf("token: %s", r.Raw)
	}
	var tr tokenResult
	mustUnmarshal(e.t, r.Result, &tr)
	return tr.Token
}

func credentials() url.Values {
	return url.Values{
		"grant_type":    {"pp_credentials"},
		"client_id":     {DemoClientID},
		"client_secret": {DemoClientSecret},
	}
}

func mustUnmarshal(t *testing.T, raw []byte, v any) {
	t.Helper()
	mustUnmarshalB(t, raw, v)
}

func mustUnmarshalB(t testing.TB, raw []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

// checkFieldError fails unless r is 400 parameter_validation_failed for
// field with tag.
func checkFieldError(t *testing.T, r reply, field, tag string) {
	t.Helper()
	if r.HTTP != 400 || r.Code != "parameter_validation_failed" ||
		r.Status != 400 {
		t.Fatalf("got HTTP %d code %q, want 400 "+
			"parameter_validation_failed: %s", r.HTTP, r.Code, r.Raw)
	}
	var fe struct{ Field, Tag string }
	mustUnmarshal(t, r.Result, &fe)
	if fe.Field != field || fe.Tag != tag {
		t.Errorf("result = {%s %s}, want {%s %s}",
			fe.Field, fe.Tag, field, tag)
	}
}

const (
	tokenPath   = "/auth/openapi/v1/oauth/token"
	savePath    = "/order/openapi/order/v1/save"
	pagePath    = "/order/openapi/order/v1/page"
	partnerPath = "/user/openapi/user/v1/client/partner_list"
)

// orderBody is a valid order save body in the tutorial's shape; po and
// partner are left out when empty.
func orderBody(partner, billing, service string, qty int,
	po string) string {
	var b strings.Builder
	b.WriteString(`{"operationType":"purchase_service","productId":19,`)
	if partner != "" {
		b.WriteString(`"partnerId":"` + partner + `","assignId":"` +
			partner + `",`)
	}
	if po != "" {
		b.WriteString(`"poNumber":` + quote(po) + `,`)
	}
	b.WriteString(`"billingId":` + billing + `,"serviceList":[{` +
		`"serviceType":"service","serviceId":` + service +
		`,"purchaseType":"purchase","quantity":` + itoa(qty) +
		`,"billingModel":"recurring","billingCycle":"annually",` +
		`"multiCycle":0}]}`)
	return b.String()
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
