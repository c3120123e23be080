package bench

import (
	"fmt"
	"io"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Sizes of a throughput plot.
const (
	barWidth   = 7 * vg.Millimeter
	plotMargin = 60 * vg.Millimeter
	plotHeight = 120 * vg.Millimeter
)

// WriteThroughputSVG draws the numbers/s of one workload's rows as an SVG
// bar chart: one group per router, one bar per chunking and worker count,
// and one horizontal line per baseline.
func WriteThroughputSVG(w io.Writer, rows []Row) error {
	p, bars, err := throughputPlot(rows)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(max(plotHeight, plotMargin+vg.Length(bars)*barWidth*1.3), plotHeight, "svg")
	if err != nil {
		return fmt.Errorf("plot %s: %w", rows[0].Workload, err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("plot %s: %w", rows[0].Workload, err)
	}
	return nil
}

// throughputPlot builds the chart of WriteThroughputSVG and counts its bars.
func throughputPlot(rows []Row) (*plot.Plot, int, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: %d numbers", rows[0].Workload, rows[0].Numbers)
	p.Title.Padding = 2 * vg.Millimeter
	p.Y.Label.Text = "numbers/s"
	p.Y.Min = 0
	p.Y.Tick.Marker = wholeTicks{}
	p.Legend.Top = true

	var routers, series []string
	values := make(map[string]map[string]float64) // series → router → numbers/s
	top := 0.0
	for _, r := range rows {
		top = max(top, r.NumbersPerSecond)
		if r.Mode != ModeActors {
			continue
		}
		s := fmt.Sprintf("chunk %s, %s", r.Chunking, workersLabel(r.Workers))
		if !slices.Contains(routers, r.Router) {
			routers = append(routers, r.Router)
		}
		if values[s] == nil {
			series = append(series, s)
			values[s] = make(map[string]float64)
		}
		values[s][r.Router] = r.NumbersPerSecond
	}
	for i, s := range series {
		heights := make(plotter.Values, len(routers))
		for j, router := range routers {
			heights[j] = values[s][router]
		}
		bar, err := plotter.NewBarChart(heights, barWidth)
		if err != nil {
			return nil, 0, fmt.Errorf("plot %s: %w", rows[0].Workload, err)
		}
		bar.Offset = vg.Length(2*i-len(series)+1) * barWidth / 2
		bar.Color, bar.LineStyle.Width = plotutil.Color(i), 0
		p.Add(bar)
		p.Legend.Add(s, bar)
	}
	baselines, err := addBaselines(p, rows, float64(len(routers)))
	if err != nil {
		return nil, 0, err
	}
	if len(routers) > 0 {
		p.NominalX(routers...)
	}
	// Headroom for the legend above the tallest bar.
	p.Y.Max = top * (1.2 + 0.07*float64(len(series)+baselines))
	return p, len(routers) * len(series), nil
}

// addBaselines draws each baseline row as a dashed line across the chart's
// groups and returns how many it drew.
func addBaselines(p *plot.Plot, rows []Row, groups float64) (int, error) {
	i := 0
	for _, r := range rows {
		if r.Mode == ModeActors {
			continue
		}
		i++
		y := r.NumbersPerSecond
		line, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: y}, {X: max(groups, 1) - 0.5, Y: y}})
		if err != nil {
			return 0, fmt.Errorf("plot %s: %w", r.Workload, err)
		}
		line.Color = plotutil.DarkColors[(i-1)%len(plotutil.DarkColors)]
		line.Dashes = plotutil.Dashes(i)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(r.Mode+", "+workersLabel(r.Workers), line)
	}
	return i, nil
}

// workersLabel renders a worker count, e.g. "1 worker", "4 workers".
func workersLabel(n int) string {
	if n == 1 {
		return "1 worker"
	}
	return fmt.Sprintf("%d workers", n)
}

// wholeTicks are the default ticks labelled without decimals.
type wholeTicks struct{}

// Ticks returns the default ticks between lo and hi.
func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = fmt.Sprintf("%.0f", t.Value)
		}
	}
	return ticks
}
