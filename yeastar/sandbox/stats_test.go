package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

func TestStats(t *testing.T) {
	e := newEnv(t, Options{})
	tok := e.token()
	for _, po := range []string{"PO-A", "PO-A", "PO-B"} {
		e.save(tok, orderBody("", TutorialBillingID, CustomDomainNameID,
			1, po))
	}
	e.get(partnerPath, "")

	resp, err := http.Get(e.srv.URL + "/_sandbox/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}

	perPO := map[string]int{}
	for _, o := range st.Orders {
		perPO[o.PONumber]++
	}
	if perPO["PO-A"] != 2 || perPO["PO-B"] != 1 {
		t.Errorf("orders per poNumber = %v, want PO-A 2, PO-B 1", perPO)
	}
	want := map[string]int{"token": 1, "order_save": 3, "partner_list": 1}
	for k, n := range want {
		if st.Calls[k] != n {
			t.Errorf("calls[%s] = %d, want %d", k, st.Calls[k], n)
		}
	}
}

func TestStart(t *testing.T) {
	s := New(Options{})
	base, stop, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/_sandbox/stats")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := stop(context.Background()); err != nil {
		t.Errorf("stop: %v", err)
	}
	if _, err := http.Get(base + "/_sandbox/stats"); err == nil {
		t.Error("server still answers after stop")
	}
}
