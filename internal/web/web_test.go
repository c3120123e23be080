package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnEmptyHostIsLoopback(t *testing.T) {
	s, err := Listen(":0", nil)
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, strings.HasPrefix(s.Addr(), "127.0.0.1:"), s.Addr())
}

func TestOnlyTheRoutesAreServed(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("m")) })
	s, err := Listen("127.0.0.1:0", map[string]http.Handler{"/metrics": ok, "/{$}": ok})
	require.NoError(t, err)
	defer s.Close()
	for path, status := range map[string]int{"/metrics": http.StatusOK, "/": http.StatusOK, "/other": http.StatusNotFound} {
		res, err := http.Get("http://" + s.Addr() + path)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, status, res.StatusCode, path)
	}
}
