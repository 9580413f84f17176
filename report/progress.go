package report

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// ProgressMode is how a run shows its progress.
type ProgressMode int

const (
	// ProgressLines hands a Snapshot to a callback at a fixed interval,
	// for a log that a person reads the next morning.
	ProgressLines ProgressMode = iota
	// ProgressBar draws a bar, for a person watching a terminal.
	ProgressBar
)

// ChooseProgress turns a --progress setting into a mode: "auto" draws a
// bar only when the output is a terminal, so that a cron log never holds
// bar frames; "always" draws one anyway; "never" never does.
func ChooseProgress(setting string, terminal bool) (ProgressMode, error) {
	switch setting {
	case "auto":
		if terminal {
			return ProgressBar, nil
		}
		return ProgressLines, nil
	case "always":
		return ProgressBar, nil
	case "never":
		return ProgressLines, nil
	}
	return 0, fmt.Errorf("progress %q: want auto, always or never", setting)
}

// Snapshot is the progress of a run at one moment.
type Snapshot struct {
	Done    int           // rows finished
	Total   int           // rows in the file; 0 while not yet counted
	Elapsed time.Duration // since Start
	Rate    float64       // rows finished per second since Start
	ETA     time.Duration // time left at Rate; 0 when unknown
}

// ProgressOptions configure a Progress. Only Mode and, per mode, Writer
// or Line matter; the rest have defaults.
type ProgressOptions struct {
	Mode ProgressMode
	// Writer is where the bar draws (stderr).
	Writer io.Writer
	// Description is shown before the bar, e.g. "ordering".
	Description string
	// Line is called with a Snapshot every Interval in line mode.
	Line func(Snapshot)
	// Interval between lines; 0 means 10 s.
	Interval time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// NewTicker starts the line ticker; nil means time.NewTicker. Tests
	// pass a channel they send on, so that they never sleep.
	NewTicker func(d time.Duration) (<-chan time.Time, func())
}

// Progress follows the rows of one run. Add and SetTotal are safe for
// concurrent use; Start and Stop are called once each, in that order.
type Progress struct {
	opt   ProgressOptions
	mu    sync.Mutex // guards everything below and every bar call
	bar   *progressbar.ProgressBar
	done  int
	total int
	start time.Time
	quit  chan struct{}
	wg    sync.WaitGroup
	// redraw brings the bar back after a log line, once the bar's
	// throttle allows; nil when none is pending.
	redraw *time.Timer
}

// redrawDelay is a little over the bar's throttle.
const redrawDelay = 150 * time.Millisecond

// NewProgress returns a Progress that shows nothing until Start.
func NewProgress(opt ProgressOptions) *Progress {
	if opt.Interval <= 0 {
		opt.Interval = 10 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.NewTicker == nil {
		opt.NewTicker = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	return &Progress{opt: opt, quit: make(chan struct{})}
}

// Start begins the clock and shows the bar, or starts the line ticker.
func (p *Progress) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.start = p.opt.Now()
	if p.opt.Mode == ProgressBar {
		p.bar = p.newBar()
		p.bar.RenderBlank()
		return
	}
	if p.opt.Line == nil {
		return
	}
	tick, stop := p.opt.NewTicker(p.opt.Interval)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer stop()
		for {
			select {
			case <-p.quit:
				return
			case <-tick:
				p.opt.Line(p.Snapshot())
			}
		}
	}()
}

// newBar makes a bar of p.total rows, or a spinner while the total is
// not known. The spinner's own redraw goroutine is turned off: it reads
// the bar's state without a lock, and Add redraws often enough.
func (p *Progress) newBar() *progressbar.ProgressBar {
	max := int64(-1)
	if p.total > 0 {
		max = int64(p.total)
	}
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(p.opt.Writer),
		progressbar.OptionSetDescription(p.opt.Description),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionClearOnFinish(),
	)
}

// Add counts n more finished rows.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.done += n
	if p.bar != nil {
		p.bar.Add(n)
	}
}

// SetTotal gives the number of rows once it is known. The bar, a
// spinner until then, becomes a bar with a percentage and an ETA.
func (p *Progress) SetTotal(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.total = n
	if p.bar == nil || n <= 0 {
		return
	}
	// A spinner counts modulo its width, so the bar is redrawn afresh
	// rather than converted.
	p.bar.Clear()
	p.bar.Exit()
	p.bar = p.newBar()
	p.bar.Add(p.done)
}

// Snapshot returns the progress now.
func (p *Progress) Snapshot() Snapshot {
	p.mu.Lock()
	defer p.mu.Unlock()

	s := Snapshot{Done: p.done, Total: p.total}
	if !p.start.IsZero() {
		s.Elapsed = p.opt.Now().Sub(p.start)
	}
	if s.Elapsed > 0 {
		s.Rate = float64(s.Done) / s.Elapsed.Seconds()
	}
	if s.Total > 0 && s.Rate > 0 && s.Done <= s.Total {
		left := float64(s.Total-s.Done) / s.Rate
		s.ETA = time.Duration(left * float64(time.Second))
	}
	return s
}

// Stop ends the line ticker and clears the bar, so that what is printed
// next starts on a clean line. It waits for a Line call in progress.
func (p *Progress) Stop() {
	close(p.quit)
	p.wg.Wait()

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.redraw != nil {
		p.redraw.Stop()
	}
	if p.bar != nil {
		p.bar.Clear()
		p.bar.Exit()
		p.bar = nil
	}
}

// Writer returns w wrapped so that, while the bar is shown, each write
// (a log line) first clears the bar and then redraws it below, instead
// of landing in the middle of it. Give it to the logger.
func (p *Progress) Writer(w io.Writer) io.Writer {
	return &aroundBar{p: p, w: w}
}

type aroundBar struct {
	p *Progress
	w io.Writer
}

func (a *aroundBar) Write(b []byte) (int, error) {
	a.p.mu.Lock()
	defer a.p.mu.Unlock()

	if a.p.bar == nil {
		return a.w.Write(b)
	}
	a.p.bar.Clear()
	n, err := a.w.Write(b)
	a.p.bar.RenderBlank()
	a.p.redrawSoon()
	return n, err
}

// redrawSoon redraws the bar shortly, since a log line may come inside
// the throttle and leave no bar on screen until the next row. Called
// with p.mu held.
func (p *Progress) redrawSoon() {
	if p.redraw != nil {
		return
	}
	p.redraw = time.AfterFunc(redrawDelay, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.redraw = nil
		if p.bar != nil {
			p.bar.Add(0)
		}
	})
}
