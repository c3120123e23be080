// Package progress draws a one-line progress display of a run on a
// terminal: numbers answered, their rate and, when the size of the input
// is known, a bar with the share done and the time left.
package progress

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Counts reports how far a run is: the numbers answered, and the position
// in the input their answers reach, in the unit of Options.Total.
type Counts func() (numbers, position int64)

// Options configures a Display.
type Options struct {
	// Total is the size of the input (bytes, or arguments), 0 if unknown.
	Total int64
	// Color draws the bar in colour.
	Color bool
	// Force draws on a writer that is not a terminal.
	Force bool
}

// refresh is how often the display is redrawn.
const refresh = 150 * time.Millisecond

// Display is a progress line being drawn.
type Display struct {
	progress *mpb.Progress
	bar      *mpb.Bar
	stop     chan struct{}
	stopped  chan struct{}
}

// Start draws the progress of a run on w until Stop.
func Start(w io.Writer, counts Counts, opts Options) *Display {
	container := []mpb.ContainerOption{mpb.WithOutput(w), mpb.WithWidth(80), mpb.WithRefreshRate(refresh)}
	if opts.Force {
		container = append(container, mpb.WithAutoRefresh())
	}
	d := &Display{progress: mpb.New(container...), stop: make(chan struct{}), stopped: make(chan struct{})}
	start := time.Now()
	numbers := decor.Any(func(decor.Statistics) string {
		n, _ := counts()
		rate := float64(n) / max(time.Since(start).Seconds(), 1e-3)
		return fmt.Sprintf("%d numbers  %.0f/s", n, rate)
	}, decor.WC{C: decor.DindentRight | decor.DextraSpace})
	if opts.Total <= 0 {
		d.bar = d.progress.New(0, mpb.SpinnerStyle(), mpb.PrependDecorators(numbers), mpb.AppendDecorators(decor.Elapsed(decor.ET_STYLE_GO)))
		close(d.stopped)
		return d
	}
	style := mpb.BarStyle()
	if opts.Color {
		style = style.FillerMeta(green).TipMeta(green)
	}
	d.bar = d.progress.New(opts.Total, style,
		mpb.PrependDecorators(numbers),
		mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5}), decor.Name(" ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
	go d.follow(counts)
	return d
}

// green colours a part of the bar.
func green(s string) string { return "\x1b[32m" + s + "\x1b[0m" }

// follow moves the bar to the position the run has reached.
func (d *Display) follow(counts Counts) {
	defer close(d.stopped)
	tick := time.NewTicker(refresh)
	defer tick.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-tick.C:
			_, position := counts()
			d.bar.SetCurrent(position)
		}
	}
}

// Stop removes the line from the terminal.
func (d *Display) Stop() {
	close(d.stop)
	<-d.stopped
	d.bar.Abort(true)
	d.progress.Wait()
}

// Above returns a writer whose lines appear above the progress line, each
// whole, until Stop; a last line without its newline is written at Flush.
func (d *Display) Above() *LineWriter { return &LineWriter{out: d.progress} }

// LineWriter passes on whole lines only, so that another writer may draw
// between two of its writes without cutting a line.
type LineWriter struct {
	out  io.Writer
	tail []byte
}

// Write passes on the whole lines of what was written so far.
func (w *LineWriter) Write(p []byte) (int, error) {
	end := bytes.LastIndexByte(p, '\n')
	if end < 0 {
		w.tail = append(w.tail, p...)
		return len(p), nil
	}
	if len(w.tail) > 0 {
		w.tail = append(w.tail, p[:end+1]...)
		if _, err := w.out.Write(w.tail); err != nil {
			return 0, err
		}
	} else if _, err := w.out.Write(p[:end+1]); err != nil {
		return 0, err
	}
	w.tail = append(w.tail[:0], p[end+1:]...)
	return len(p), nil
}

// Flush passes on a last line without its newline.
func (w *LineWriter) Flush() error {
	if len(w.tail) == 0 {
		return nil
	}
	_, err := w.out.Write(w.tail)
	w.tail = w.tail[:0]
	return err
}
