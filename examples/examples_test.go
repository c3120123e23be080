// Package examples checks the example programs the way a module outside
// this one would use them: each is copied into a fresh module that
// requires this one through a replace directive, built and run.
package examples

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExamplesBuildAndRunInAModuleOfTheirOwn(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	want := "12: 2 2 3\n35: 5 7\n1000001: 101 9901\n18446744073709551617: 274177 67280421310721\n"
	for _, name := range []string{"router", "supervision"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			program, err := os.ReadFile(filepath.Join(name, "main.go"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), program, 0o644))
			mod := "module example.com/" + name + "\n\ngo 1.26\n\n" +
				"require github.com/actorfactor/actorfactor v0.0.0\n\n" +
				"replace github.com/actorfactor/actorfactor => " + root + "\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sums, 0o644))

			args := []string{"build", "-o", name}
			if raceBuild {
				args = append(args, "-race") // the packages are built so already
			}
			build := exec.Command(goTool, args...)
			build.Dir = dir
			build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
			out, err := build.CombinedOutput()
			require.NoError(t, err, "go build: %s", out)

			run := exec.Command(filepath.Join(dir, name))
			run.Stdin = strings.NewReader("12 35\n1000001\n18446744073709551617\n")
			var stdout, stderr bytes.Buffer
			run.Stdout, run.Stderr = &stdout, &stderr
			require.NoError(t, run.Run(), "stderr: %s", stderr.String())
			assert.Equal(t, want, stdout.String())
		})
	}
}
