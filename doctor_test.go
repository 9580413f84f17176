package main

import (
	"strings"
	"testing"

	"github.com/yeastar-bulk/yeastar-bulk/batch"
	"github.com/yeastar-bulk/yeastar-bulk/yeastar/sandbox"
)

func TestDoctor(t *testing.T) {
	tests := []struct {
		name     string
		opts     sandbox.Options
		orders   int // rows run before the doctor looks
		wantCode int
		want     []string
	}{
		{"no orders yet", sandbox.Options{}, 0, exitOK, []string{
			"✓ credentials found in the environment",
			"✓ base URL http://127.0.0.1:",
			"✓ credentials accepted",
			"✓ partner list decodes: 7 customer(s)",
			"✓ billing contact list decodes: 4 contact(s)",
			"✓ product list decodes: 8 product(s), including 19 Add-on Service",
			"✓ services of product 19 decode: Custom Domain Name, PCE White Label, YCM White Label",
			`✓ default service "Custom Domain Name" found`,
			"? order list decodes but holds no orders yet",
			"does not exist yet; the first run creates it",
			"all checks passed",
		}},
		{"poNumber listed", sandbox.Options{}, 2, exitOK, []string{
			"✓ order list carries poNumber",
			"✓ ledger reads; no unknown rows",
			"all checks passed",
		}},
		{"poNumber hidden", sandbox.Options{HidePONumber: true}, 2, exitOK, []string{
			"! order list decodes (2 orders) but carries no poNumber",
			"settle",
			"all checks passed",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newOpEnv(t, tt.opts, nil)
			if tt.orders > 0 {
				in := e.opOrders("doc", tt.orders)
				if code, out, errOut := e.opRun("run", "--rate", "0", in); code != exitOK {
					t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
				}
			}
			before := len(e.srv.Orders())
			code, out, errOut := e.opRun("doctor", "--rate", "0")
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("doctor output lacks %q:\n%s", w, out)
				}
			}
			if len(e.srv.Orders()) != before {
				t.Errorf("doctor placed an order")
			}
		})
	}
}

func TestDoctorFailures(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		e := newOpEnv(t, sandbox.Options{}, nil)
		t.Setenv("YEASTAR_CLIENT_SECRET", "not-it")
		code, out, _ := e.opRun("doctor", "--rate", "0")
		if code != exitFatal || !strings.Contains(out, "✗ credentials refused") ||
			strings.Contains(out, "partner list") {
			t.Errorf("exit %d, want 1 and no further API checks:\n%s", code, out)
		}
	})
	t.Run("unknown service", func(t *testing.T) {
		e := newOpEnv(t, sandbox.Options{}, nil)
		code, out, _ := e.opRun("doctor", "--rate", "0", "--service", "Fax to Email")
		if code != exitFatal || !strings.Contains(out, `✗ default service "Fax to Email"`) {
			t.Errorf("exit %d, want 1 naming the service:\n%s", code, out)
		}
	})
	t.Run("ledger locked", func(t *testing.T) {
		e := newOpEnv(t, sandbox.Options{}, nil)
		l, err := batch.OpenLedger(e.state, "ledger.db")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		code, out, _ := e.opRun("doctor", "--rate", "0")
		if code != exitFatal || !strings.Contains(out, "is locked by a run (pid ") {
			t.Errorf("exit %d, want 1 naming the holder:\n%s", code, out)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		e := newOpEnv(t, sandbox.Options{}, nil)
		t.Setenv("YEASTAR_CLIENT_ID", "")
		code, out, _ := e.opRun("doctor")
		if code != exitFatal || !strings.Contains(out, "✗ credentials: missing credentials") {
			t.Errorf("exit %d, want 1:\n%s", code, out)
		}
	})
}
