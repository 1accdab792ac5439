package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Defaults of FetchOptions.
const (
	DefaultTimeout  = 20 * time.Second
	DefaultMaxBytes = 10 << 20
	MaxRedirects    = 5
	DefaultAgent    = "vigil-archiver/1 (+evidence preservation for human-rights documentation)"
)

// ErrTooLarge is wrapped when a body is over the size limit.
var ErrTooLarge = errors.New("response body over the size limit")

// FetchOptions configure a Fetcher. The zero value is safe: public
// addresses only, DefaultTimeout and DefaultMaxBytes.
type FetchOptions struct {
	Guard Guard
	// Timeout bounds a whole fetch, redirects and body included.
	Timeout time.Duration
	// MaxBytes bounds a body; a larger one fails with ErrTooLarge.
	MaxBytes  int64
	UserAgent string
	// Now is the clock of retrieval times; it defaults to time.Now.
	Now func() time.Time
}

// Fetcher gets web resources for the archive and the feed poller. It is
// safe for concurrent use.
type Fetcher struct {
	opts   FetchOptions
	client *http.Client
}

// NewFetcher returns a fetcher whose every connection is checked by the
// guard. Proxies from the environment are ignored: a proxy would make
// the dialled address the proxy's, and the guard blind.
func NewFetcher(opts FetchOptions) *Fetcher {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultAgent
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: opts.Guard.control}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            blockedByHost(dialer.DialContext),
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           32,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        60 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  15 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	f := &Fetcher{opts: opts}
	f.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= MaxRedirects {
				return fmt.Errorf("more than %d redirects", MaxRedirects)
			}
			return f.checkURL(req.URL)
		},
	}
	return f
}

// Guard returns the fetcher's address policy.
func (f *Fetcher) Guard() Guard { return f.opts.Guard }

// MaxBytes returns the body size limit.
func (f *Fetcher) MaxBytes() int64 { return f.opts.MaxBytes }

// checkURL refuses schemes other than http(s), credentials in the URL,
// and literal IP hosts the guard refuses (a clear early error; the dial
// check stays the one that counts).
func (f *Fetcher) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme %q (only http and https are fetched)", ErrBlocked, u.Scheme)
	}
	if u.User != nil {
		return fmt.Errorf("%w: credentials in the URL", ErrBlocked)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: no host", ErrBlocked)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return nil // a name: checked on its resolved address at dial time
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	ap, err := netip.ParseAddrPort(net.JoinHostPort(ip.String(), port))
	if err != nil {
		return fmt.Errorf("%w: bad port %q", ErrBlocked, port)
	}
	if f.opts.Guard.CheckAddrPort(ap) != nil {
		return &BlockedError{Host: host}
	}
	return nil
}

// blockedByHost wraps a dial function so that a refusal by the guard,
// whose error (a *net.OpError around Guard.Check's) names the resolved
// address, comes back as a BlockedError naming the host that was asked
// for.
func blockedByHost(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil && errors.Is(err, ErrBlocked) {
			host, _, serr := net.SplitHostPort(addr)
			if serr != nil {
				host = addr
			}
			_, perr := netip.ParseAddr(host)
			return nil, &BlockedError{Host: host, Resolved: perr != nil}
		}
		return conn, err
	}
}

// Conditional carries the validators of a conditional GET.
type Conditional struct {
	ETag         string
	LastModified string
}

// Response is a fetched resource.
type Response struct {
	// URL is the address asked for; FinalURL is where redirects ended.
	URL, FinalURL string
	Status        int
	Header        http.Header
	// Body holds the bytes as delivered (after transfer decoding).
	Body        []byte
	RetrievedAt time.Time
}

// Fetch gets rawURL with a GET, following at most MaxRedirects
// redirects, each re-checked. It returns any HTTP status as a Response;
// errors are refusals (wrapping ErrBlocked), bodies over the limit
// (ErrTooLarge), timeouts and network failures.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, cond *Conditional) (*Response, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("fetch %q: not a URL: %w", rawURL, err)
	}
	if err := f.checkURL(u); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", "*/*")
	if cond != nil {
		if cond.ETag != "" {
			req.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			req.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), cleanErr(err))
	}
	defer res.Body.Close()
	if res.ContentLength > f.opts.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w (%d bytes announced, limit %d)", u.Redacted(), ErrTooLarge, res.ContentLength, f.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: read body: %w", u.Redacted(), cleanErr(err))
	}
	if int64(len(body)) > f.opts.MaxBytes {
		return nil, fmt.Errorf("fetch %s: %w (limit %d bytes)", u.Redacted(), ErrTooLarge, f.opts.MaxBytes)
	}
	return &Response{
		URL: u.String(), FinalURL: res.Request.URL.String(), Status: res.StatusCode,
		Header: res.Header, Body: body, RetrievedAt: f.opts.Now().UTC(),
	}, nil
}

// cleanErr unwraps *url.Error, whose text repeats the URL.
func cleanErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("timed out: %w", ue.Err)
		}
		return ue.Err
	}
	return err
}
