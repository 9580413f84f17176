package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// Summary is what a run, a plan or a report prints at the end: plain
// numbers, so that this package needs nothing of the batch package.
type Summary struct {
	Command string // run, plan or report
	// Statuses are the rows per status, in the order to print them;
	// a status with no rows is listed with 0 so the shape never changes.
	Statuses []StatusCount
	Rows     int
	// Quantity is the quantity ordered (run) or to order (plan), with
	// the same per service name and per billing contact.
	Quantity          int
	QuantityByService map[string]int
	QuantityByBilling map[string]int
	Orders            int    // orders placed by this run
	Results           string // path of the results file
	Started, Finished time.Time
	// Ordering is the time from the first order sent to the last answer,
	// which leaves out start-up and any wait to reconcile at the end.
	Ordering time.Duration
	ExitCode int
}

// StatusCount is the number of rows that ended in one status.
type StatusCount struct {
	Status string
	Rows   int
}

// Duration is how long the run took.
func (s Summary) Duration() time.Duration {
	return s.Finished.Sub(s.Started)
}

// OrderRate is the orders placed per second while the run was
// ordering (the whole run when that is not known); 0 when none.
func (s Summary) OrderRate() float64 {
	d := s.Duration().Seconds()
	if s.Ordering > 0 {
		d = s.Ordering.Seconds()
	}
	if s.Orders == 0 || d <= 0 {
		return 0
	}
	return float64(s.Orders) / d
}

// WriteText prints the summary for a person.
func (s Summary) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s: %d rows in %s\n", s.Command, s.Rows,
		s.Duration().Round(time.Millisecond))
	for _, c := range s.Statuses {
		fmt.Fprintf(tw, "  %s\t%d\n", c.Status, c.Rows)
	}
	fmt.Fprintf(tw, "%s\t%d\n", s.quantityLabel(), s.Quantity)
	if s.Command == "run" {
		fmt.Fprintf(tw, "orders placed\t%d (%.1f orders/s)\n",
			s.Orders, s.OrderRate())
	}
	fmt.Fprintf(tw, "results\t%s\n", s.Results)
	if s.Command == "plan" {
		writeBreakdown(tw, "quantity per service", s.QuantityByService)
		writeBreakdown(tw, "quantity per billing contact",
			s.QuantityByBilling)
	}
	return tw.Flush()
}

func (s Summary) quantityLabel() string {
	switch s.Command {
	case "plan":
		return "quantity to order"
	case "report":
		return "quantity ordered"
	}
	return "quantity ordered"
}

// writeBreakdown prints a quantity per name, largest first.
func writeBreakdown(w io.Writer, title string, m map[string]int) {
	if len(m) == 0 {
		return
	}
	fmt.Fprintf(w, "%s:\n", title)
	for _, name := range sortedByQuantity(m) {
		fmt.Fprintf(w, "  %s\t%d\n", Printable(name), m[name])
	}
}

func sortedByQuantity(m map[string]int) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return names
}

// Printable keeps names from the API from moving the cursor or
// breaking a table on a terminal: control characters and tabs become
// spaces.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// summaryJSON is the shape --json prints; keep it stable for scripts.
type summaryJSON struct {
	Command           string         `json:"command"`
	ExitCode          int            `json:"exit_code"`
	Rows              int            `json:"rows"`
	ByStatus          map[string]int `json:"by_status"`
	Quantity          int            `json:"quantity"`
	QuantityByService map[string]int `json:"quantity_by_service"`
	QuantityByBilling map[string]int `json:"quantity_by_billing_contact"`
	OrdersPlaced      int            `json:"orders_placed"`
	OrdersPerSecond   float64        `json:"orders_per_second"`
	DurationSeconds   float64        `json:"duration_seconds"`
	Started           string         `json:"started_at"`
	Finished          string         `json:"finished_at"`
	Results           string         `json:"results_file"`
}

// WriteJSON prints the summary as one JSON object, for scripts.
func (s Summary) WriteJSON(w io.Writer) error {
	byStatus := make(map[string]int, len(s.Statuses))
	for _, c := range s.Statuses {
		byStatus[c.Status] = c.Rows
	}
	v := summaryJSON{
		Command:           s.Command,
		ExitCode:          s.ExitCode,
		Rows:              s.Rows,
		ByStatus:          byStatus,
		Quantity:          s.Quantity,
		QuantityByService: nonNil(s.QuantityByService),
		QuantityByBilling: nonNil(s.QuantityByBilling),
		OrdersPlaced:      s.Orders,
		OrdersPerSecond:   round3(s.OrderRate()),
		DurationSeconds:   round3(s.Duration().Seconds()),
		Started:           s.Started.UTC().Format(time.RFC3339Nano),
		Finished:          s.Finished.UTC().Format(time.RFC3339Nano),
		Results:           s.Results,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}
