package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gocarina/gocsv"
)

// WriteTable prints a slice of structs tagged for gocsv as an aligned
// table, so that the CSV and the table of a lookup come from one
// definition. A table is read on a terminal, so its cells are shown as
// they are; the CSV form is the one to defuse.
func WriteTable(w io.Writer, rows any) error {
	text, err := gocsv.MarshalString(rows)
	if err != nil {
		return fmt.Errorf("format table: %w", err)
	}
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return fmt.Errorf("format table: %w", err)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, rec := range records {
		for j := range rec {
			rec[j] = strings.ReplaceAll(rec[j], "\t", " ")
			if i == 0 {
				rec[j] = strings.ToUpper(rec[j])
			}
		}
		fmt.Fprintln(tw, strings.Join(rec, "\t"))
	}
	return tw.Flush()
}
