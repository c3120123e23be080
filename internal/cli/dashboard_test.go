package cli

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dashboardPNG, when set, also receives the screenshot (the README's:
// go test ./internal/cli -run Dashboard -dashboard.png=$PWD/internal/dashboard/dashboard.png).
var dashboardPNG = flag.String("dashboard.png", "", "write the dashboard's screenshot to this file too")

// chromium returns the path of a Chromium, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("no Chromium (apt-get install chromium)")
	return ""
}

var dashboardURL = regexp.MustCompile(`dashboard at (http://\S+/),`)

func TestTheDashboardShowsWorkersAndRestartsInABrowser(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	stdin, _ := clusterBatch(t, 3000)
	run := start(t, stdin, "--web-addr", "127.0.0.1:0", "--web-hold", "30s", "--chaos-panic-rate", "0.05",
		"--chaos-delay", "1ms", "--workers", "3")
	url := dashboardURL.FindStringSubmatch(run.waitFor(t, "dashboard at"))
	require.NotNil(t, url, run.stderrText())

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser),
		chromedp.NoSandbox, chromedp.WindowSize(1280, 860))
	allocator, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(allocator)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 40*time.Second)
	defer cancel()

	_, err := chromedp.Run(ctx, chromedp.Navigate(url[1]))
	require.NoError(t, err)
	// Wait until the page, fed by the event stream, shows a restart.
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](
		`[...document.querySelectorAll("tr.worker")].some(r => Number(r.dataset.restarts) > 0)`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "the page shows a restart")
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#plot polyline") !== null`,
		chromedp.WithPollingTimeout(30*time.Second)))
	require.NoError(t, err, "the page plots the throughput")
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("tr.worker")].map(r => r.dataset.name)`))
	require.NoError(t, err)
	restarts, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`[...document.querySelectorAll("tr.worker")].reduce((n, r) => n + Number(r.dataset.restarts), 0)`))
	require.NoError(t, err)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	assert.Subset(t, names, []string{"worker-1", "worker-2", "worker-3"}, "the three workers, and any that replaced them")
	assert.Positive(t, restarts)
	require.NoError(t, os.WriteFile(filepath.Join(t.TempDir(), "dashboard.png"), png, 0o644))
	if *dashboardPNG != "" {
		require.NoError(t, os.WriteFile(*dashboardPNG, png, 0o644))
	}
}
