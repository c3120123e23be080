package bench

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
)

// The chart is written as SVG by hand: a plotting library's fonts and
// package initialisation cost every run of the command about 7 ms of
// start-up, bench or not.

// Sizes of a throughput chart, in SVG user units (pixels).
const (
	barWidth    = 26.0
	groupGap    = 30.0
	plotHeight  = 300.0
	marginLeft  = 80.0
	marginRight = 20.0
	marginTop   = 40.0
	legendLine  = 16.0
	axisBelow   = 40.0
)

// palette colours the series of bars; dashes tell the baselines apart.
var (
	palette = []string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"}
	dashes  = []string{"6,3", "2,3", "8,3,2,3", "1,2", "10,4"}
)

// chart is what WriteThroughputSVG draws: groups of bars and baselines.
type chart struct {
	title     string
	routers   []string
	series    []string
	values    map[string]map[string]float64 // series → router → numbers/s
	baselines []baseline
	top       float64
}

// baseline is a horizontal line across the chart.
type baseline struct {
	label string
	value float64
}

// WriteThroughputSVG draws the numbers/s of one workload's rows as an SVG
// bar chart: one group per router, one bar per chunking and worker count,
// and one dashed horizontal line per baseline.
func WriteThroughputSVG(w io.Writer, rows []Row) error {
	c := throughputChart(rows)
	bw := bufio.NewWriter(w)
	c.write(bw)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("plot %s: %w", rows[0].Workload, err)
	}
	return nil
}

// throughputChart gathers the chart of WriteThroughputSVG from rows.
func throughputChart(rows []Row) *chart {
	c := &chart{
		title:  fmt.Sprintf("%s: %d numbers", rows[0].Workload, rows[0].Numbers),
		values: make(map[string]map[string]float64),
	}
	for _, r := range rows {
		c.top = max(c.top, r.NumbersPerSecond)
		if r.Mode != ModeActors {
			c.baselines = append(c.baselines, baseline{r.Mode + ", " + workersLabel(r.Workers), r.NumbersPerSecond})
			continue
		}
		s := fmt.Sprintf("chunk %s, %s", r.Chunking, workersLabel(r.Workers))
		if !slices.Contains(c.routers, r.Router) {
			c.routers = append(c.routers, r.Router)
		}
		if c.values[s] == nil {
			c.series = append(c.series, s)
			c.values[s] = make(map[string]float64)
		}
		c.values[s][r.Router] = r.NumbersPerSecond
	}
	return c
}

// write renders the chart; w's error is the caller's to check.
func (c *chart) write(w io.Writer) {
	groupWidth := float64(max(len(c.series), 1))*barWidth + groupGap
	legend := float64(len(c.series)+len(c.baselines)) * legendLine
	width := max(marginLeft+float64(max(len(c.routers), 1))*groupWidth+marginRight, 420)
	height := marginTop + legend + plotHeight + axisBelow
	step, ticks := niceTicks(c.top)
	yMax := step * float64(ticks)
	bottom := marginTop + legend + plotHeight
	y := func(v float64) float64 { return bottom - v/yMax*plotHeight }

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-family="sans-serif" font-size="12">`+"\n", width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%.0f" y="20" text-anchor="middle" font-size="14">%s</text>`+"\n", width/2, html.EscapeString(c.title))
	for i, s := range c.series {
		ly := marginTop + float64(i)*legendLine
		fmt.Fprintf(w, `<rect x="%.0f" y="%.0f" width="12" height="10" fill="%s"/>`, marginLeft, ly-9, palette[i%len(palette)])
		fmt.Fprintf(w, `<text x="%.0f" y="%.0f">%s</text>`+"\n", marginLeft+18, ly, html.EscapeString(s))
	}
	for i, b := range c.baselines {
		ly := marginTop + float64(len(c.series)+i)*legendLine
		fmt.Fprintf(w, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black" stroke-width="1.5" stroke-dasharray="%s"/>`, marginLeft, ly-4, marginLeft+12, ly-4, dashes[i%len(dashes)])
		fmt.Fprintf(w, `<text x="%.0f" y="%.0f">%s</text>`+"\n", marginLeft+18, ly, html.EscapeString(b.label))
	}
	for t := 0; t <= ticks; t++ {
		v := step * float64(t)
		fmt.Fprintf(w, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/>`, marginLeft, y(v), width-marginRight, y(v))
		fmt.Fprintf(w, `<text x="%.0f" y="%.1f" text-anchor="end">%.0f</text>`+"\n", marginLeft-6, y(v)+4, v)
	}
	fmt.Fprintf(w, `<text x="16" y="%.0f" transform="rotate(-90 16 %.0f)" text-anchor="middle">numbers/s</text>`+"\n", bottom-plotHeight/2, bottom-plotHeight/2)
	for g, router := range c.routers {
		x0 := marginLeft + groupGap/2 + float64(g)*groupWidth
		for i, s := range c.series {
			v := c.values[s][router]
			fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.1f" fill="%s"><title>%s, %s: %.0f</title></rect>`+"\n",
				x0+float64(i)*barWidth, y(v), barWidth, bottom-y(v), palette[i%len(palette)], html.EscapeString(router), html.EscapeString(s), v)
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%.0f" text-anchor="middle">%s</text>`+"\n", x0+float64(len(c.series))*barWidth/2, bottom+18, html.EscapeString(router))
	}
	for i, b := range c.baselines {
		fmt.Fprintf(w, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="black" stroke-width="1.5" stroke-dasharray="%s"/>`+"\n", marginLeft, y(b.value), width-marginRight, y(b.value), dashes[i%len(dashes)])
	}
	fmt.Fprintf(w, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black"/>`+"\n", marginLeft, bottom, width-marginRight, bottom)
	fmt.Fprintln(w, `</svg>`)
}

// niceTicks returns a step of 1, 2 or 5 times a power of ten and how many
// such steps reach past top, with room above it for the tallest bar.
func niceTicks(top float64) (step float64, ticks int) {
	if top <= 0 {
		return 1, 1
	}
	raw := top * 1.1 / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * pow; step >= raw {
			break
		}
	}
	return step, int(math.Ceil(top * 1.1 / step))
}

// workersLabel renders a worker count, e.g. "1 worker", "4 workers".
func workersLabel(n int) string {
	if n == 1 {
		return "1 worker"
	}
	return fmt.Sprintf("%d workers", n)
}
