package report

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestChooseProgress(t *testing.T) {
	tests := []struct {
		setting  string
		terminal bool
		want     ProgressMode
	}{
		{"auto", true, ProgressBar},
		{"auto", false, ProgressLines},
		{"always", false, ProgressBar},
		{"always", true, ProgressBar},
		{"never", true, ProgressLines},
		{"never", false, ProgressLines},
	}
	for _, tt := range tests {
		got, err := ChooseProgress(tt.setting, tt.terminal)
		if err != nil || got != tt.want {
			t.Errorf("ChooseProgress(%q, %v) = %v, %v; want %v",
				tt.setting, tt.terminal, got, err, tt.want)
		}
	}
	if _, err := ChooseProgress("sometimes", true); err == nil {
		t.Error(`ChooseProgress("sometimes") = nil error, want one`)
	}
}

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestProgressLinesEveryTick(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)}
	ticks := make(chan time.Time)
	lines := make(chan Snapshot)
	var interval time.Duration
	stopped := false
	p := NewProgress(ProgressOptions{
		Mode: ProgressLines,
		Line: func(s Snapshot) { lines <- s },
		Now:  clock.Now,
		NewTicker: func(d time.Duration) (<-chan time.Time, func()) {
			interval = d
			return ticks, func() { stopped = true }
		},
	})
	p.Start()
	if interval != 10*time.Second {
		t.Errorf("ticker interval = %v, want 10s", interval)
	}

	// Rows finish from several goroutines, as the worker pool does.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { p.Add(1) })
	}
	wg.Wait()
	clock.advance(10 * time.Second)
	ticks <- clock.Now()
	got := <-lines
	want := Snapshot{Done: 20, Elapsed: 10 * time.Second, Rate: 2}
	if got != want {
		t.Errorf("first line = %+v, want %+v (total not known yet)", got, want)
	}

	p.SetTotal(100)
	clock.advance(10 * time.Second)
	ticks <- clock.Now()
	got = <-lines
	want = Snapshot{Done: 20, Total: 100, Elapsed: 20 * time.Second,
		Rate: 1, ETA: 80 * time.Second}
	if got != want {
		t.Errorf("second line = %+v, want %+v", got, want)
	}

	p.Stop()
	if !stopped {
		t.Error("Stop did not stop the ticker")
	}
}

func TestProgressBarDrawsAndClears(t *testing.T) {
	var buf syncBuffer
	p := NewProgress(ProgressOptions{Mode: ProgressBar, Writer: &buf,
		Description: "ordering"})
	p.Start()
	p.SetTotal(4)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { p.Add(1) })
	}
	wg.Wait()
	log := p.Writer(&buf)
	log.Write([]byte("level=WARN msg=hello\n"))
	p.Stop()

	out := buf.String()
	if !strings.Contains(out, "ordering") || !strings.Contains(out, "/4") {
		t.Errorf("bar output %q lacks the description or the total", out)
	}
	// The log line starts on a cleared line, not inside a bar frame.
	if !strings.Contains(out, "\r\nlevel=WARN") &&
		!strings.Contains(out, "\rlevel=WARN") {
		t.Errorf("log line was not preceded by a clear: %q", out)
	}
	if !strings.HasSuffix(out, "\r") {
		t.Errorf("Stop left the bar on screen: %q", out[max(0, len(out)-80):])
	}
}

func TestProgressWriterWithoutBar(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(ProgressOptions{Mode: ProgressLines})
	p.Writer(&buf).Write([]byte("plain\n"))
	if buf.String() != "plain\n" {
		t.Errorf("Writer in line mode wrote %q, want it unchanged", buf.String())
	}
	p.Stop() // never started: must not hang
}

func TestSnapshotETAUnknown(t *testing.T) {
	clock := &fakeClock{now: time.Unix(0, 0)}
	p := NewProgress(ProgressOptions{Mode: ProgressLines, Now: clock.Now})
	p.Start()
	clock.advance(time.Second)
	if s := p.Snapshot(); s.ETA != 0 || s.Rate != 0 {
		t.Errorf("no rows done: Snapshot() = %+v, want no rate or ETA", s)
	}
	p.Stop()
}

// syncBuffer is a bytes.Buffer safe for the bar and the test at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
