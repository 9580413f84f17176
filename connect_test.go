package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

func TestMissingCredentials(t *testing.T) {
	tests := []struct {
		name       string
		id, secret string
		want       string
	}{
		{"none", "", "", "set YEASTAR_CLIENT_ID and YEASTAR_CLIENT_SECRET (or YEASTAR_CLIENT_SECRET_FILE)"},
		{"no secret", "someone", "", "set YEASTAR_CLIENT_SECRET (or YEASTAR_CLIENT_SECRET_FILE) in"},
		{"no id", "", "x", "set YEASTAR_CLIENT_ID in"},
		{"blank secret", "someone", "  \n", "set YEASTAR_CLIENT_SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newOpEnv(t, sandbox.Options{}, nil)
			t.Setenv("YEASTAR_CLIENT_ID", tt.id)
			t.Setenv("YEASTAR_CLIENT_SECRET", tt.secret)
			in := e.opOrders("creds", 1)
			code, _, errOut := e.opRun("run", in)
			if code != exitFatal || !strings.Contains(errOut, tt.want) ||
				!strings.Contains(errOut, "missing credentials") {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errOut, tt.want)
			}
			if len(e.srv.Orders()) != 0 || e.srv.Calls()["token"] != 0 {
				t.Errorf("missing credentials still called the API: %v", e.srv.Calls())
			}
		})
	}
}

func TestRefusedCredentials(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	t.Setenv("YEASTAR_CLIENT_SECRET", "wrong-secret-0123456789")
	in := e.opOrders("refused", 2)
	code, out, errOut := e.opRun("run", in)
	if code != exitFatal {
		t.Errorf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "401") {
		t.Errorf("stderr does not say the credentials were refused: %s", errOut)
	}
	if strings.Contains(out+errOut, "wrong-secret-0123456789") {
		t.Errorf("the refused secret was printed:\n%s%s", out, errOut)
	}
}

func TestSecretFile(t *testing.T) {
	tests := []struct {
		mode os.FileMode
		warn bool
	}{
		{0o600, false},
		{0o400, false},
		{0o640, true},
		{0o644, true},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			e := newOpEnv(t, sandbox.Options{}, nil)
			file := e.opFile("secret", sandbox.DemoClientSecret+"\n")
			if err := os.Chmod(file, tt.mode); err != nil {
				t.Fatal(err)
			}
			t.Setenv("YEASTAR_CLIENT_SECRET", "")
			t.Setenv("YEASTAR_CLIENT_SECRET_FILE", file)
			in := e.opOrders("file", 1)
			code, out, errOut := e.opRun("run", "--rate", "0", in)
			if code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
			warned := strings.Contains(errOut, "can be read by other users")
			if warned != tt.warn {
				t.Errorf("mode %04o: warned = %v, want %v\n%s", tt.mode, warned, tt.warn, errOut)
			}
		})
	}
}

func TestSecretFileMissing(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	t.Setenv("YEASTAR_CLIENT_SECRET", "")
	t.Setenv("YEASTAR_CLIENT_SECRET_FILE", filepath.Join(e.dir, "nope"))
	code, _, errOut := e.opRun("run", e.opOrders("x", 1))
	if code != exitFatal || !strings.Contains(errOut, "YEASTAR_CLIENT_SECRET_FILE") {
		t.Errorf("exit %d, stderr %q; want 1 naming the variable", code, errOut)
	}
}

// A plain-http base URL to another host is a usage error, found before
// credentials are even read.
func TestBaseURLMustBeHTTPS(t *testing.T) {
	t.Setenv("YEASTAR_CLIENT_ID", "")
	t.Setenv("YEASTAR_CLIENT_SECRET", "")
	t.Setenv("YEASTAR_BASE_URL", "")
	in := filepath.Join(t.TempDir(), "o.csv")
	os.WriteFile(in, []byte("customer,quantity,billing\nA,1,B\n"), 0o600)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--base-url", "http://openapi.partner.yeastar.com", in},
			"plain http is allowed only to a loopback host; use https"},
		{[]string{"lookup", "--base-url", "ftp://example.com", "partners"},
			"scheme must be https"},
		{[]string{"doctor", "--base-url", "http://10.0.0.1:8080"},
			"plain http is allowed only to a loopback host"},
		{[]string{"plan", "--base-url", "https://", in}, "has no host"},
	}
	for _, tt := range tests {
		code, _, errOut := opCLI(tt.args...)
		if code != exitUsage || !strings.Contains(errOut, "--base-url") ||
			!strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q",
				tt.args, code, errOut, tt.want)
		}
	}
	t.Setenv("YEASTAR_BASE_URL", "http://example.com")
	if code, _, errOut := opCLI("lookup", "services"); code != exitUsage {
		t.Errorf("YEASTAR_BASE_URL=http://example.com: exit %d\n%s", code, errOut)
	}
}

func TestFileModes(t *testing.T) {
	e := newOpEnv(t, sandbox.Options{}, nil)
	in := e.opOrders("modes", 2)
	if code, out, errOut := e.opRun("run", "--rate", "0", in); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	results := strings.TrimSuffix(in, ".csv") + ".results.csv"
	checks := map[string]os.FileMode{
		results:                                  0o640,
		filepath.Join(e.state, "ledger.db"):      0o600,
		filepath.Join(e.state, "ledger.db.lock"): 0o600,
		e.state:                                  0o700,
	}
	for path, want := range checks {
		info, err := os.Stat(path)
		if err != nil {
			t.Error(err)
			continue
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
		}
	}
}
