package bench

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTheThroughputChartDrawsABarPerRunAndALinePerBaseline(t *testing.T) {
	rows := sampleResults().Rows[:5]
	var buf bytes.Buffer
	require.NoError(t, WriteThroughputSVG(&buf, rows))

	// Well-formed XML, with a titled bar for each actors row.
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	var titles []string
	inTitle := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			inTitle = tok.Name.Local == "title"
		case xml.CharData:
			if inTitle {
				titles = append(titles, string(tok))
			}
		case xml.EndElement:
			inTitle = false
		}
	}
	assert.Equal(t, []string{"round-robin, chunk auto, 2 workers: 800", "work-pulling, chunk auto, 2 workers: 1200"}, titles)
	svg := buf.String()
	assert.Contains(t, svg, "seed: 10 numbers")
	for _, baseline := range []string{"single goroutine, 1 worker", "goroutine pool, 2 workers", "GNU factor, 1 worker"} {
		assert.Contains(t, svg, baseline)
	}
	assert.Equal(t, 3*2, strings.Count(svg, "stroke-dasharray"), "each baseline: its line and its legend's")
}

func TestNiceTicksReachPastTheTop(t *testing.T) {
	for _, top := range []float64{0.5, 1, 7, 99, 800, 1200, 31_989, 1_694_418} {
		step, ticks := niceTicks(top)
		assert.Greater(t, step*float64(ticks), top, "top %v", top)
		assert.LessOrEqual(t, ticks, 12, "top %v", top)
		mantissa := step
		for mantissa >= 10 {
			mantissa /= 10
		}
		for mantissa < 1 {
			mantissa *= 10
		}
		assert.Contains(t, []float64{1, 2, 5}, mantissa, "top %v: step %v", top, step)
	}
}
