package sandbox

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
)

// maxPONumber is the longest poNumber accepted.
// TODO: the guide documents no limit; 64 is a guess, so a longer
// reference passes here and may fail on the real API, or the reverse.
const maxPONumber = 64

// orderInput is a validated order save request.
type orderInput struct {
	partnerID, billingID, serviceID string
	quantity                        int
	poNumber                        string
}

// saveResult is the result of a created order; every field is a string.
type saveResult struct {
	InstanceID    string `json:"instanceId"`
	OrderID       string `json:"orderId"`
	OrderNo       string `json:"orderNo"`
	OrderStatus   string `json:"orderStatus"`
	ProductNo     string `json:"productNo"`
	TransactionNo string `json:"transactionNo"`
}

// productNo is the product number every order reports, the tutorial's.
const productNo = "3076913644890832896"

// handleSave serves POST /order/openapi/order/v1/save: validate, refuse
// on business rules, create, then reply or (DropRate) drop the line.
func (s *Server) handleSave(w http.ResponseWriter, r *http.Request) {
	body, fe := decodeJSONObject(r)
	if fe != nil {
		writeInvalid(w, fe)
		return
	}
	in, fe := s.validateSave(body)
	if fe != nil {
		writeInvalid(w, fe)
		return
	}
	if in.partnerID != "" && in.partnerID == s.opts.InsufficientBalancePartner {
		writeError(w, http.StatusBadRequest, codeBalance,
			"insufficient balance to complete the purchase")
		return
	}

	o := s.book.create(in, s.now())
	if s.chance(s.opts.DropRate) {
		dropConnection(w)
		return
	}
	writeOK(w, saveResult{
		InstanceID: o.InstanceID, OrderID: o.ID, OrderNo: o.OrderNo,
		OrderStatus: "succeed", ProductNo: productNo,
		TransactionNo: o.TransactionNo,
	})
}

// decodeJSONObject reads a JSON object body, keeping numbers as
// json.Number so that no ID passes through a float64.
func decodeJSONObject(r *http.Request) (map[string]any, *fieldError) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return nil, newFieldError("Content-Type", "json",
			"the request body must be application/json")
	}

	dec := json.NewDecoder(r.Body) // bufferBody capped its size
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		return nil, newFieldError("body", "json",
			"the request body is not a JSON object")
	}
	if dec.More() {
		return nil, newFieldError("body", "json",
			"the request body holds more than one JSON value")
	}
	return body, nil
}

// validateSave checks an order save body against the tutorial's rules.
func (s *Server) validateSave(m map[string]any) (orderInput, *fieldError) {
	var in orderInput
	if fe := wantString(m, "operationType", "purchase_service"); fe != nil {
		return in, fe
	}
	if fe := wantNumber(m, "productId", "19"); fe != nil {
		return in, fe
	}

	var fe *fieldError
	if in.partnerID, fe = s.partner(m); fe != nil {
		return in, fe
	}
	if in.billingID, fe = s.billing(m); fe != nil {
		return in, fe
	}
	if in.poNumber, fe = poNumber(m); fe != nil {
		return in, fe
	}
	item, fe := onlyService(m)
	if fe != nil {
		return in, fe
	}
	in.serviceID, in.quantity, fe = s.serviceItem(item)
	return in, fe
}

// partner checks partnerId and assignId: both optional, equal when both
// are present, and a known subordinate. "" means the reseller's own.
func (s *Server) partner(m map[string]any) (string, *fieldError) {
	p, fe := optionalString(m, "partnerId", "partnerId")
	if fe != nil {
		return "", fe
	}
	a, fe := optionalString(m, "assignId", "assignId")
	if fe != nil {
		return "", fe
	}
	if p != "" && a != "" && p != a {
		return "", newFieldError("assignId", "eqfield",
			"assignId must equal partnerId")
	}

	id := p
	if id == "" {
		id = a
	}
	if _, ok := s.seed.partnerByID[id]; id != "" && !ok {
		return "", newFieldError("partnerId", "exists",
			"no subordinate user with partnerId "+id)
	}
	return id, nil
}

// billing checks billingId: a JSON number naming a billing contact.
func (s *Server) billing(m map[string]any) (string, *fieldError) {
	id, fe := integer(m, "billingId", "billingId")
	if fe != nil {
		return "", fe
	}
	if _, ok := s.seed.billingByID[id]; !ok {
		return "", newFieldError("billingId", "exists",
			"no billing contact with billingContactId "+id)
	}
	return id, nil
}

// poNumber checks the optional poNumber text.
func poNumber(m map[string]any) (string, *fieldError) {
	po, fe := optionalString(m, "poNumber", "poNumber")
	if fe == nil && len(po) > maxPONumber {
		fe = newFieldError("poNumber", "max", fmt.Sprintf(
			"poNumber must be at most %d characters", maxPONumber))
	}
	return po, fe
}

// onlyService returns the single item of serviceList.
// TODO: a real order may carry several services; the sandbox takes
// exactly one, as the tutorial does, and refuses more.
func onlyService(m map[string]any) (map[string]any, *fieldError) {
	list, ok := m["serviceList"].([]any)
	if !ok {
		return nil, newFieldError("serviceList", "required",
			"serviceList must be an array")
	}
	if len(list) != 1 {
		return nil, newFieldError("serviceList", "len",
			"serviceList must hold exactly one service")
	}
	item, ok := list[0].(map[string]any)
	if !ok {
		return nil, newFieldError("serviceList[0]", "object",
			"serviceList[0] must be an object")
	}
	return item, nil
}

// serviceItem checks one serviceList item: the fixed fields of the
// tutorial, a product-19 serviceId and a whole quantity of at least 1.
func (s *Server) serviceItem(item map[string]any) (string, int,
	*fieldError) {
	const at = "serviceList[0]."
	fixed := []struct{ key, want string }{
		{"serviceType", "service"}, {"purchaseType", "purchase"},
		{"billingModel", "recurring"}, {"billingCycle", "annually"},
	}
	for _, f := range fixed {
		if fe := wantStringAt(item, at, f.key, f.want); fe != nil {
			return "", 0, fe
		}
	}
	if fe := wantNumberAt(item, at, "multiCycle", "0"); fe != nil {
		return "", 0, fe
	}

	id, fe := integer(item, "serviceId", at+"serviceId")
	if fe != nil {
		return "", 0, fe
	}
	if _, ok := s.seed.serviceByID[id]; !ok {
		return "", 0, newFieldError(at+"serviceId", "exists",
			"no service "+id+" under product 19")
	}
	q, fe := quantity(item, at+"quantity")
	return id, q, fe
}

// quantity checks a whole number of at least 1.
func quantity(item map[string]any, field string) (int, *fieldError) {
	digits, fe := integer(item, "quantity", field)
	if fe != nil {
		return 0, fe
	}
	q, err := strconv.Atoi(digits)
	if err != nil || q < 1 {
		return 0, newFieldError(field, "min",
			field+" must be a whole number of at least 1")
	}
	return q, nil
}
