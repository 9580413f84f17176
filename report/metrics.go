package report

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Metrics are one run's figures in the Prometheus text format, for
// node_exporter's textfile collector.
type Metrics struct {
	Finished time.Time // when the run ended: the last run timestamp
	ExitCode int       // 0 also moves the last success timestamp
	// Statuses are the rows per status; list every status, with 0 for
	// none, so that a series never disappears between runs.
	Statuses []StatusCount
	Orders   int
	Quantity int
	Duration time.Duration
}

// metricsMode lets node_exporter, which runs as its own user, read the
// file; it holds counts and timestamps only, nothing secret.
const metricsMode = 0o644

const lastSuccess = "yeastar_bulk_last_success_timestamp_seconds"

// WriteMetrics writes m to path atomically: a temporary file beside it,
// renamed into place, so the collector never reads half a file. When
// the run did not succeed, the last success timestamp is carried over
// from the file already there (0 if there is none: never succeeded).
func WriteMetrics(path string, m Metrics) error {
	success := float64(0)
	if m.ExitCode == 0 {
		success = seconds(m.Finished)
	} else {
		success = previousSuccess(path)
	}
	return writeAtomic(path, formatMetrics(m, success), metricsMode)
}

// formatMetrics renders the file's text.
func formatMetrics(m Metrics, success float64) []byte {
	var b bytes.Buffer
	gauge := func(name, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name)
	}
	gauge("yeastar_bulk_last_run_timestamp_seconds",
		"When the last run ended, in Unix seconds.")
	fmt.Fprintf(&b, "yeastar_bulk_last_run_timestamp_seconds %s\n",
		num(seconds(m.Finished)))
	gauge(lastSuccess, "When the last run that exited 0 ended, "+
		"in Unix seconds; 0 if none has.")
	fmt.Fprintf(&b, "%s %s\n", lastSuccess, num(success))
	gauge("yeastar_bulk_last_exit_code", "Exit code of the last run.")
	fmt.Fprintf(&b, "yeastar_bulk_last_exit_code %d\n", m.ExitCode)
	gauge("yeastar_bulk_rows", "Rows of the last run, by the status "+
		"they ended in.")
	for _, c := range m.Statuses {
		fmt.Fprintf(&b, "yeastar_bulk_rows{status=%q} %d\n",
			c.Status, c.Rows)
	}
	gauge("yeastar_bulk_orders_placed", "Orders the last run placed.")
	fmt.Fprintf(&b, "yeastar_bulk_orders_placed %d\n", m.Orders)
	gauge("yeastar_bulk_quantity_ordered", "Quantity the last run "+
		"ordered, summed over its orders.")
	fmt.Fprintf(&b, "yeastar_bulk_quantity_ordered %d\n", m.Quantity)
	gauge("yeastar_bulk_duration_seconds", "How long the last run took.")
	fmt.Fprintf(&b, "yeastar_bulk_duration_seconds %s\n",
		num(m.Duration.Round(time.Millisecond).Seconds()))
	return b.Bytes()
}

func seconds(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixMilli()) / 1000
}

func num(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// previousSuccess reads the last success timestamp from an earlier
// file; a missing or unreadable one counts as never.
func previousSuccess(path string) float64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		value, ok := strings.CutPrefix(sc.Text(), lastSuccess+" ")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || v < 0 {
			return 0
		}
		return v
	}
	return 0
}

// writeAtomic puts data at path through a temporary file in the same
// directory. The temporary name does not end in .prom, so the textfile
// collector ignores it.
func writeAtomic(path string, data []byte, mode os.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write metrics: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write metrics: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write metrics: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write metrics: %w", err)
	}
	return nil
}
