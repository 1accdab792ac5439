// Package archive preserves web pages as evidence and fetches what the
// feed poller reads: an HTTP client that refuses private-network targets
// (checked on the resolved address at dial time, so DNS rebinding cannot
// slip past it), with timeouts, size limits and re-checked redirects; a
// content-addressed blob store; and an HTML-to-text extractor. Network
// I/O lives only here, in feed and in httpserver. docs/monitoring.md
// describes the policy.
package archive

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// ErrBlocked is wrapped by every refusal of a target address.
var ErrBlocked = errors.New("target address not allowed")

// BlockedError is the Fetcher's refusal of a host the guard does not
// allow. Its text names the host as the URL gave it and one class for
// every refused kind of address ("a private or local address"), never
// the address a name resolved to: the text reaches users (the archive
// form, a feed's stored error, the triage inbox), and a resolved address
// would tell whoever submits URLs what internal names resolve to. It
// wraps ErrBlocked.
type BlockedError struct {
	// Host is the host of the refused URL (or redirect target), a name or
	// a literal address.
	Host string
	// Resolved is true when Host is a name that was refused on an
	// address it resolved to.
	Resolved bool
}

func (e *BlockedError) Error() string {
	if e.Resolved {
		return fmt.Sprintf("%s: %s resolves to a private or local address", ErrBlocked, e.Host)
	}
	return fmt.Sprintf("%s: %s is a private or local address", ErrBlocked, e.Host)
}

// Unwrap returns ErrBlocked.
func (e *BlockedError) Unwrap() error { return ErrBlocked }

// Guard decides which addresses the fetcher may connect to. The zero
// value allows public unicast addresses only.
type Guard struct {
	// AllowLoopback permits 127.0.0.0/8 and ::1. Tests need it, because
	// their servers listen on loopback; production never should.
	AllowLoopback bool
	// AllowPrivate permits RFC 1918, unique-local, carrier-grade NAT and
	// link-local addresses: an administrator's choice for an intranet.
	AllowPrivate bool
	// Allow lists exact addresses (IP and port) permitted whatever their
	// kind: one intranet service an administrator trusts, or a test's
	// server while its neighbours on loopback stay refused.
	Allow []netip.AddrPort
}

// CheckAddrPort is Check for one address and port, honouring Allow.
func (g Guard) CheckAddrPort(ap netip.AddrPort) error {
	for _, a := range g.Allow {
		if a.Addr().Unmap() == ap.Addr().Unmap() && a.Port() == ap.Port() {
			return nil
		}
	}
	return g.Check(ap.Addr())
}

// Ranges refused besides what netip classifies (loopback, private,
// link-local, multicast, unspecified): special-purpose blocks of the
// IANA registries that no public web page lives in.
var (
	sharedNAT = []netip.Prefix{
		netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT (RFC 6598)
	}
	reserved = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
		netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
		netip.MustParsePrefix("100::/64"),        // discard-only
		netip.MustParsePrefix("2001:db8::/32"),   // documentation
		netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	}
	// nat64 embeds an IPv4 address in its last 32 bits (RFC 6052); the
	// embedded address is what is reached, so it is checked too.
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
)

// Check returns nil when the fetcher may connect to ip, or an error
// wrapping ErrBlocked that says why not. Its text names ip and its kind,
// for a caller that knows ip already; the Fetcher replaces it with a
// BlockedError before anyone sees it.
func (g Guard) Check(ip netip.Addr) error {
	ip = ip.Unmap()
	if ip.Zone() != "" {
		ip = ip.WithZone("")
	}
	if nat64.Contains(ip) {
		b := ip.As16()
		return g.Check(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	if ip.Is6() && !ip.Is4In6() {
		// IPv4-compatible ::a.b.c.d (deprecated) reaches a.b.c.d on some stacks.
		b := ip.As16()
		if [12]byte(b[:12]) == [12]byte{} && !ip.IsLoopback() && !ip.IsUnspecified() {
			return g.Check(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		}
	}
	kind := ""
	switch {
	case !ip.IsValid():
		kind = "an invalid address"
	case ip.IsUnspecified():
		kind = "the unspecified address"
	case ip.IsLoopback():
		if g.AllowLoopback {
			return nil
		}
		kind = "a loopback address"
	case ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsLinkLocalMulticast():
		kind = "a multicast address"
	case ip.IsLinkLocalUnicast():
		if g.AllowPrivate {
			return nil
		}
		kind = "a link-local address"
	case ip.IsPrivate() || inAny(ip, sharedNAT):
		if g.AllowPrivate {
			return nil
		}
		kind = "a private-network address"
	case inAny(ip, reserved):
		kind = "a reserved address"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s is %s", ErrBlocked, ip, kind)
}

func inAny(ip netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// control is a net.Dialer Control function: it runs after the name is
// resolved, on the very address about to be connected, so a host name
// that resolves differently between a check and the connection (DNS
// rebinding) is still checked on what is actually dialled.
func (g Guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q is not an IP address and port", ErrBlocked, address)
	}
	return g.CheckAddrPort(ap)
}
