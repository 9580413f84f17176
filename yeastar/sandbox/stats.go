package sandbox

import (
	"encoding/json"
	"net/http"
)

// stats is the reply of GET /_sandbox/stats.
type stats struct {
	Calls  map[string]int `json:"calls"`
	Orders []CreatedOrder `json:"orders"`
}

// handleStats serves the calls per endpoint and every created order,
// without a token, so a test in another process can check what a run
// did (e.g. count orders per poNumber). It is not part of the real API
// and no knob applies to it.
//
// TODO: it needs no token, so anyone who can reach the port can read
// every order; Start does not refuse an address beyond loopback.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	body, err := json.Marshal(stats{Calls: s.Calls(), Orders: s.Orders()})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
