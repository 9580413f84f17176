package report

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testStatuses = []StatusCount{
	{"ordered", 58}, {"already_ordered", 0}, {"failed", 1},
	{"invalid", 1}, {"unknown", 0}, {"not_attempted", 0},
}

func TestWriteMetricsExact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yeastar_bulk.prom")
	m := Metrics{
		Finished: time.Date(2026, 12, 3, 2, 0, 12, 345e6, time.UTC),
		ExitCode: 0,
		Statuses: testStatuses,
		Orders:   58,
		Quantity: 117,
		Duration: 12*time.Second + 345*time.Millisecond,
	}
	if err := WriteMetrics(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `# HELP yeastar_bulk_last_run_timestamp_seconds When the last run ended, in Unix seconds.
# TYPE yeastar_bulk_last_run_timestamp_seconds gauge
yeastar_bulk_last_run_timestamp_seconds 1796263212.345
# HELP yeastar_bulk_last_success_timestamp_seconds When the last run that exited 0 ended, in Unix seconds; 0 if none has.
# TYPE yeastar_bulk_last_success_timestamp_seconds gauge
yeastar_bulk_last_success_timestamp_seconds 1796263212.345
# HELP yeastar_bulk_last_exit_code Exit code of the last run.
# TYPE yeastar_bulk_last_exit_code gauge
yeastar_bulk_last_exit_code 0
# HELP yeastar_bulk_rows Rows of the last run, by the status they ended in.
# TYPE yeastar_bulk_rows gauge
yeastar_bulk_rows{status="ordered"} 58
yeastar_bulk_rows{status="already_ordered"} 0
yeastar_bulk_rows{status="failed"} 1
yeastar_bulk_rows{status="invalid"} 1
yeastar_bulk_rows{status="unknown"} 0
yeastar_bulk_rows{status="not_attempted"} 0
# HELP yeastar_bulk_orders_placed Orders the last run placed.
# TYPE yeastar_bulk_orders_placed gauge
yeastar_bulk_orders_placed 58
# HELP yeastar_bulk_quantity_ordered Quantity the last run ordered, summed over its orders.
# TYPE yeastar_bulk_quantity_ordered gauge
yeastar_bulk_quantity_ordered 117
# HELP yeastar_bulk_duration_seconds How long the last run took.
# TYPE yeastar_bulk_duration_seconds gauge
yeastar_bulk_duration_seconds 12.345
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("metrics file (-want +got):\n%s", diff)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("metrics file mode = %04o, want 0644", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the metrics file "+
			"(no temporary left behind)", len(entries))
	}
}

func TestWriteMetricsKeepsLastSuccess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yeastar_bulk.prom")
	first := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	if err := WriteMetrics(path, Metrics{Finished: first}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []int{3, 1, 130} {
		later := first.Add(time.Duration(code) * time.Hour)
		if err := WriteMetrics(path, Metrics{Finished: later, ExitCode: code}); err != nil {
			t.Fatal(err)
		}
		if got := previousSuccess(path); got != seconds(first) {
			t.Errorf("after exit %d: last success = %v, want %v (kept)",
				code, got, seconds(first))
		}
	}
	ok := first.Add(48 * time.Hour)
	if err := WriteMetrics(path, Metrics{Finished: ok}); err != nil {
		t.Fatal(err)
	}
	if got := previousSuccess(path); got != seconds(ok) {
		t.Errorf("after exit 0: last success = %v, want %v", got, seconds(ok))
	}
}

func TestWriteMetricsNeverSucceeded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yeastar_bulk.prom")
	m := Metrics{Finished: time.Unix(1796263212, 0), ExitCode: 1}
	if err := WriteMetrics(path, m); err != nil {
		t.Fatal(err)
	}
	if got := previousSuccess(path); got != 0 {
		t.Errorf("first run failed: last success = %v, want 0", got)
	}
}

func TestWriteMetricsMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "m.prom")
	if err := WriteMetrics(path, Metrics{}); err == nil {
		t.Error("WriteMetrics into a missing directory = nil, want an error")
	}
}
