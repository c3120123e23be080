package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scrapeOnWrite is a stdout that fetches a URL named on stderr at its
// first write, while the run goes on.
type scrapeOnWrite struct {
	bytes.Buffer
	stderr  *bytes.Buffer
	scraped string
	err     error
}

var metricsURL = regexp.MustCompile(`metrics at (http://\S+)`)

func (w *scrapeOnWrite) Write(p []byte) (int, error) {
	if w.scraped == "" && w.err == nil {
		w.scraped, w.err = get(metricsURL.FindStringSubmatch(w.stderr.String())[1])
	}
	return w.Buffer.Write(p)
}

func get(url string) (string, error) {
	res, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return string(body), err
}

func TestMetricsAreServedDuringTheRun(t *testing.T) {
	input, answer := batch(t, 2000)
	var stderr bytes.Buffer
	stdout := &scrapeOnWrite{stderr: &stderr}
	err := Run(context.Background(), []string{"--web-addr", "127.0.0.1:0", "--chunk", "8", "--chaos-panic-rate", "0.05"},
		IO{Stdin: strings.NewReader(input), Stdout: stdout, Stderr: &stderr})
	require.NoError(t, err, stderr.String())
	require.NoError(t, stdout.err)
	assert.Equal(t, answer, stdout.String())
	for _, metric := range []string{
		`actorfactor_numbers_total \d+`,
		`actorfactor_chunks_dispatched_total [1-9]\d*`,
		`actorfactor_chunks_in_flight \d+`,
		`actorfactor_chunk_latency_seconds_count [1-9]\d*`,
		`go_goroutines \d+`,
	} {
		assert.Regexp(t, "(?m)^"+metric+"$", stdout.scraped)
	}
	n := metricsURL.FindStringSubmatch(stderr.String())[1]
	_, err = get(n)
	assert.Error(t, err, "the server is gone with the run")
}

func TestAWebAddressMustBeHostAndPort(t *testing.T) {
	r := invoke(t, "", "--web-addr", "9090", "4")
	assert.Equal(t, ExitUsage, r.code)
	assert.Contains(t, r.stderr, `--web-addr "9090": want HOST:PORT`)
}
