package cluster

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// Reservation holds loopback addresses for the members of a cluster on
// one machine (tests, bench) until Release.
type Reservation struct {
	// Addresses are the reserved HOST:PORT addresses.
	Addresses []string
	locks     []*os.File
}

// ReserveAddresses reserves n loopback addresses whose port and health
// port are free, for members that a child process starts later: the
// automanaged provider needs every member's port before any starts, so
// port 0 will not do. A port picked with port 0 and released can be
// taken by anything before the child binds it; these cannot. They lie
// below the kernel's ephemeral range, which neither port-0 binds nor
// outgoing connections ever use, and each is locked (a lock file in the
// temp dir, released with the reservation or the process) against every
// other process that reserves ports this way. So a member can also be
// started again at its address after it died.
func ReserveAddresses(n int) (*Reservation, error) {
	lo, hi := reservableRange()
	if hi-lo < 100 {
		return nil, fmt.Errorf("reserve ports: no room below the ephemeral ports (%d..%d)", lo, hi)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("actorfactor-ports-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("reserve ports: %w", err)
	}
	r := &Reservation{}
	for port, tries := lo+rand.N(hi-lo), 0; len(r.Addresses) < n; port, tries = lo+(port-lo+1)%(hi-lo), tries+1 {
		if tries == hi-lo {
			r.Release()
			return nil, errors.New("reserve ports: none free")
		}
		lock, ok := lockPort(dir, port)
		if !ok {
			continue
		}
		if !bindable(port) || !bindable(HealthPort(port)) {
			lock.Close()
			continue
		}
		r.locks = append(r.locks, lock)
		r.Addresses = append(r.Addresses, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	}
	return r, nil
}

// Release gives the addresses back.
func (r *Reservation) Release() {
	for _, l := range r.locks {
		l.Close()
	}
	r.locks = nil
}

// reservableRange returns the ports [lo, hi) whose health ports lie below
// the ephemeral range too, above the well-known services.
func reservableRange() (lo, hi int) {
	ephemeral := 32768 // Linux's default
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		fmt.Sscan(string(b), &ephemeral)
	}
	return 12000, ephemeral - 10000
}

// lockPort takes the lock of port, unless another reservation holds it.
func lockPort(dir string, port int) (*os.File, bool) {
	f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(port)), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return f, true
}

// bindable reports whether a loopback listener can bind port now.
func bindable(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}
