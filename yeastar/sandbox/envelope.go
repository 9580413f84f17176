package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
)

// Envelope codes the sandbox answers with.
const (
	codeSuccess      = "success"
	codeValidation   = "parameter_validation_failed"
	codeInvalidToken = "invalid_token"
	codeBadClient    = "invalid_client"
	codeBadGrant     = "invalid_grant"
	codeTooMany      = "too_many_requests"
	codeBalance      = "insufficient_balance"
	codeNotFound     = "resource_not_found"
	codeInternal     = "internal_error"
	codeUnavailable  = "service_unavailable"
)

// envelope is the wrapper around every reply of the API.
type envelope struct {
	Code          string `json:"code"`
	DetailMessage string `json:"detailMessage"`
	RequestID     string `json:"requestId"`
	Result        any    `json:"result"`
	Status        int    `json:"status"`
}

// fieldError is the result of a parameter_validation_failed reply.
type fieldError struct {
	Field   string `json:"field"`
	Tag     string `json:"tag"`
	message string
}

// newFieldError names the bad field, the rule it broke and why.
func newFieldError(field, tag, message string) *fieldError {
	return &fieldError{Field: field, Tag: tag, message: message}
}

// writeOK sends a success envelope around result.
func writeOK(w http.ResponseWriter, result any) {
	writeEnvelope(w, http.StatusOK, codeSuccess, "", result)
}

// writeError sends a failure envelope with no result.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeEnvelope(w, status, code, msg, nil)
}

// writeInvalid sends 400 parameter_validation_failed for fe.
func writeInvalid(w http.ResponseWriter, fe *fieldError) {
	writeEnvelope(w, http.StatusBadRequest, codeValidation, fe.message, fe)
}

// writeEnvelope sends one envelope with a fresh requestId.
func writeEnvelope(w http.ResponseWriter, status int, code, msg string,
	result any) {
	body, err := json.Marshal(envelope{
		Code: code, DetailMessage: msg, RequestID: newRequestID(),
		Result: result, Status: status,
	})
	if err != nil {
		// Every result is built from plain values; this cannot happen.
		panic("sandbox: encode reply: " + err.Error())
	}

	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// newRequestID returns 32 random hex characters.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
