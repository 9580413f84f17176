package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

// tokenRecorder wraps the sandbox and keeps every access and refresh
// token it hands out, so the test knows what must never leak.
type tokenRecorder struct {
	next   http.Handler
	mu     sync.Mutex
	tokens []string
	// snapshot, when set, runs at each token request after the first:
	// mid-run, while the ledger's WAL still holds the recent writes.
	snapshot func()
	calls    int
}

func (r *tokenRecorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if !strings.HasSuffix(req.URL.Path, "/oauth/token") {
		r.next.ServeHTTP(w, req)
		return
	}
	r.mu.Lock()
	r.calls++
	if r.calls > 1 && r.snapshot != nil {
		r.snapshot()
	}
	r.mu.Unlock()
	rec := httptest.NewRecorder()
	r.next.ServeHTTP(rec, req)
	var env struct {
		Result struct {
			Token        string `json:"token"`
			RefreshToken string `json:"refreshToken"`
		} `json:"result"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &env) == nil {
		r.mu.Lock()
		for _, tok := range []string{env.Result.Token, env.Result.RefreshToken} {
			if tok != "" {
				r.tokens = append(r.tokens, tok)
			}
		}
		r.mu.Unlock()
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

func (r *tokenRecorder) issued() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.tokens...)
}

// A -v run long enough to refresh its token several times leaves no
// token and no secret in its logs, its results, its metrics or its
// ledger (the database, its WAL and its lock file).
func TestNoSecretsAnywhere(t *testing.T) {
	const secret = "s3cret-9f8e7d6c5b4a-never-print-me"
	var recorder *tokenRecorder
	opts := sandbox.Options{TokenLifetime: 2 * time.Second,
		ClientID: "client-for-secrets-test", ClientSecret: secret}
	e := newOpEnv(t, opts, func(h http.Handler) http.Handler {
		recorder = &tokenRecorder{next: h}
		return recorder
	})
	// The secret comes from a file, as on a server.
	secretFile := e.opFile("secret", secret+"\n")
	t.Setenv("YEASTAR_CLIENT_SECRET", "")
	t.Setenv("YEASTAR_CLIENT_SECRET_FILE", secretFile)

	// Copies of the state directory's files taken mid-run, when the
	// WAL is not yet checkpointed into the database.
	midRun := map[string][]byte{}
	recorder.snapshot = func() {
		entries, _ := os.ReadDir(e.state)
		for _, f := range entries {
			path := filepath.Join(e.state, f.Name())
			if data, err := os.ReadFile(path); err == nil {
				midRun[path+" (mid-run)"] = data
			}
		}
	}

	in := e.opOrders("secrets", 60)
	prom := filepath.Join(e.dir, "m.prom")
	code, out, errOut := e.opRun("run", "-v", "--rate", "20",
		"--metrics", prom, in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// A second run with JSON logs: reconciliation and already_ordered.
	code, out2, errOut2 := e.opRun("run", "-v", "--log-format", "json",
		"--rate", "0", in)
	if code != exitOK {
		t.Fatalf("second run: exit %d\n%s\n%s", code, out2, errOut2)
	}

	tokens := recorder.issued()
	if len(tokens) < 6 { // 3 token replies, each access + refresh
		t.Fatalf("sandbox issued %d tokens; the run did not refresh "+
			"(want at least 3 token replies)", len(tokens))
	}
	if n := strings.Count(errOut, "yeastar api call"); n < 60 {
		t.Errorf("-v logged %d API calls, want one per call (>= 60)", n)
	}

	haystacks := map[string][]byte{
		"stdout": []byte(out + out2),
		"stderr": []byte(errOut + errOut2),
	}
	files := []string{strings.TrimSuffix(in, ".csv") + ".results.csv", prom}
	state, err := os.ReadDir(e.state)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range state {
		files = append(files, filepath.Join(e.state, f.Name()))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		haystacks[f] = data
	}
	walBytes := 0
	for f, data := range midRun {
		haystacks[f] = data
		if strings.HasSuffix(f, "-wal (mid-run)") {
			walBytes = max(walBytes, len(data))
		}
	}
	if walBytes == 0 {
		t.Errorf("no mid-run copy of the ledger's WAL was taken")
	}
	needles := append([]string{secret}, tokens...)
	for where, data := range haystacks {
		for _, n := range needles {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s holds a secret or token (%.6s...)", where, n)
			}
		}
		if bytes.Contains(bytes.ToLower(data), []byte("authorization")) {
			t.Errorf("%s mentions an Authorization header", where)
		}
	}
}
