package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkOrderSave measures order saves per second through a real
// HTTP server and client, as a client test would drive the sandbox.
func BenchmarkOrderSave(b *testing.B) {
	clock := newFakeClock()
	sb := New(Options{Seed: 1, Now: clock.Now})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: 64,
	}, Timeout: 10 * time.Second}

	form := credentials().Encode()
	resp, err := client.Post(srv.URL+tokenPath,
		"application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		b.Fatal(err)
	}
	var tr tokenResult
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var env struct{ Result *tokenResult }
	env.Result = &tr
	mustUnmarshalB(b, raw, &env)

	body := orderBody(DemoPartners[0].PartnerID, TutorialBillingID,
		CustomDomainNameID, 2, "PO-BENCH")
	var failed atomic.Int64

	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if !postOrder(client, srv.URL, tr.Token, body) {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()

	if n := failed.Load(); n > 0 {
		b.Fatalf("%d saves failed", n)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}

// postOrder sends one order save and reports whether it got HTTP 200.
func postOrder(c *http.Client, base, tok, body string) bool {
	req, _ := http.NewRequest("POST", base+savePath,
		strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
