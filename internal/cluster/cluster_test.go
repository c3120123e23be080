package cluster

import (
	"net"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigNamesEveryMistake(t *testing.T) {
	ok := DefaultConfig()
	ok.Name, ok.Peers = "c", []string{"127.0.0.1:7420"}
	assert.NoError(t, ok.Validate())
	for name, c := range map[string]struct {
		edit func(*Config)
		says string
	}{
		"no name":          {func(c *Config) { c.Name = "" }, "needs a name"},
		"no port":          {func(c *Config) { c.Listen = "127.0.0.1" }, `address "127.0.0.1"`},
		"no such port":     {func(c *Config) { c.Listen = "127.0.0.1:65536" }, "PORT in 0..65535"},
		"port 0 for peers": {func(c *Config) { c.Listen = "127.0.0.1:0" }, "--listen port 0 needs --etcd"},
		"peer on port 0":   {func(c *Config) { c.Peers = []string{"127.0.0.1:0"} }, "PORT in 1..65535"},
		"no stall limit":   {func(c *Config) { c.StallLimit = 0 }, "stall limit must be positive"},
		"no membership":    {func(c *Config) { c.Peers = nil }, "needs its members' --peers or an --etcd"},
		"both memberships": {func(c *Config) { c.Etcd = []string{"127.0.0.1:2379"} }, "--peers and --etcd exclude each other"},
		"bad peer":         {func(c *Config) { c.Peers = []string{"nowhere"} }, `peer: address "nowhere"`},
		"half of TLS":      {func(c *Config) { c.TLS.Cert = "cert.pem" }, "--tls-cert, --tls-key and --tls-ca together"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := ok
			c.edit(&cfg)
			assert.ErrorContains(t, cfg.Validate(), c.says)
		})
	}
}

func TestReservedAddressesAreFreeAndHandedOutOnce(t *testing.T) {
	a, err := ReserveAddresses(3)
	require.NoError(t, err)
	defer a.Release()
	b, err := ReserveAddresses(3)
	require.NoError(t, err)
	defer b.Release()
	seen := map[string]bool{}
	for _, addr := range append(a.Addresses, b.Addresses...) {
		assert.False(t, seen[addr], "%s handed out twice", addr)
		seen[addr] = true
		_, p, err := net.SplitHostPort(addr)
		require.NoError(t, err)
		port, _ := strconv.Atoi(p)
		assert.Less(t, HealthPort(port), 32768, "below the ephemeral ports")
		assert.True(t, bindable(port) && bindable(HealthPort(port)), "%s is free", addr)
	}
}
