package archive_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"vigil/archive"
	"vigil/seal"
)

func TestGuardCheck(t *testing.T) {
	cases := []struct {
		name  string
		guard archive.Guard
		ip    string
		ok    bool
	}{
		{"public IPv4", archive.Guard{}, "8.8.8.8", true},
		{"public IPv6", archive.Guard{}, "2001:4860:4860::8888", true},
		{"loopback", archive.Guard{}, "127.0.0.1", false},
		{"loopback elsewhere in 127/8", archive.Guard{}, "127.10.0.3", false},
		{"IPv6 loopback", archive.Guard{}, "::1", false},
		{"IPv4-mapped loopback", archive.Guard{}, "::ffff:127.0.0.1", false},
		{"RFC 1918 10/8", archive.Guard{}, "10.1.2.3", false},
		{"RFC 1918 172.16/12", archive.Guard{}, "172.16.0.1", false},
		{"RFC 1918 192.168/16", archive.Guard{}, "192.168.1.1", false},
		{"cloud metadata (link-local)", archive.Guard{}, "169.254.169.254", false},
		{"IPv6 link-local", archive.Guard{}, "fe80::1", false},
		{"unique-local IPv6", archive.Guard{}, "fd00::1", false},
		{"carrier-grade NAT", archive.Guard{}, "100.64.0.1", false},
		{"unspecified", archive.Guard{}, "0.0.0.0", false},
		{"this network", archive.Guard{}, "0.1.2.3", false},
		{"multicast", archive.Guard{}, "224.0.0.1", false},
		{"broadcast", archive.Guard{}, "255.255.255.255", false},
		{"documentation", archive.Guard{}, "192.0.2.1", false},
		{"NAT64 of a private address", archive.Guard{}, "64:ff9b::a00:1", false},
		{"NAT64 of a public address", archive.Guard{}, "64:ff9b::808:808", true},
		{"IPv4-compatible loopback", archive.Guard{}, "::7f00:1", false},
		{"loopback allowed", archive.Guard{AllowLoopback: true}, "127.0.0.1", true},
		{"loopback allowance is not private", archive.Guard{AllowLoopback: true}, "10.0.0.1", false},
		{"private allowed", archive.Guard{AllowPrivate: true}, "192.168.1.1", true},
		{"private allowance is not loopback", archive.Guard{AllowPrivate: true}, "127.0.0.1", false},
		{"private allowance is not multicast", archive.Guard{AllowPrivate: true}, "224.0.0.1", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.guard.Check(netip.MustParseAddr(c.ip))
			if c.ok && err != nil {
				t.Fatalf("%s refused: %v", c.ip, err)
			}
			if !c.ok && !errors.Is(err, archive.ErrBlocked) {
				t.Fatalf("%s: got %v, want a refusal wrapping ErrBlocked", c.ip, err)
			}
		})
	}
}

// counting serves body and counts the requests it got.
func counting(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// only allows exactly srv's address, as an administrator would allow one
// intranet host: its loopback neighbours stay refused.
func only(t *testing.T, srv *httptest.Server) archive.Guard {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	return archive.Guard{Allow: []netip.AddrPort{netip.MustParseAddrPort(u.Host)}}
}

func TestFetchRefusesPrivateTargets(t *testing.T) {
	target, hits := counting(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("secret")) })
	tu, _ := url.Parse(target.URL)
	cases := []struct {
		name  string
		guard archive.Guard
		url   string
	}{
		{"loopback literal without the allow option", archive.Guard{}, target.URL},
		{"a name resolving to loopback, refused at dial time", archive.Guard{}, "http://localhost:" + tu.Port() + "/"},
		{"another loopback port than the one allowed", archive.Guard{Allow: []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:1")}}, target.URL},
		{"link-local metadata address", archive.Guard{AllowLoopback: true}, "http://169.254.169.254/latest/meta-data/"},
		{"a private address", archive.Guard{AllowLoopback: true}, "http://10.0.0.1/"},
		{"a scheme other than http", archive.Guard{AllowLoopback: true}, "file:///etc/passwd"},
		{"credentials in the URL", archive.Guard{AllowLoopback: true}, "http://user:pw@" + tu.Host + "/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := archive.NewFetcher(archive.FetchOptions{Guard: c.guard, Timeout: 5 * time.Second})
			_, err := f.Fetch(context.Background(), c.url, nil)
			if !errors.Is(err, archive.ErrBlocked) {
				t.Fatalf("got %v, want a refusal", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the private target was reached %d times", n)
	}
	// With the allow option the same server is fetched.
	f := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}})
	res, err := f.Fetch(context.Background(), target.URL, nil)
	if err != nil || string(res.Body) != "secret" {
		t.Fatalf("allowed fetch: %v", err)
	}
}

func TestRedirectsAreRechecked(t *testing.T) {
	inner, hits := counting(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("internal")) })
	cases := []struct{ name, to string }{
		{"to 127.0.0.1", inner.URL + "/admin"},
		{"to localhost", strings.Replace(inner.URL, "127.0.0.1", "localhost", 1) + "/admin"},
		{"to the metadata address", "http://169.254.169.254/latest/meta-data/"},
		{"to another scheme", "ftp://example.org/x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outer, _ := counting(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, c.to, http.StatusFound) })
			f := archive.NewFetcher(archive.FetchOptions{Guard: only(t, outer), Timeout: 5 * time.Second})
			_, err := f.Fetch(context.Background(), outer.URL, nil)
			if !errors.Is(err, archive.ErrBlocked) {
				t.Fatalf("got %v, want the redirect refused", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the redirect target was reached %d times", n)
	}
}

func TestFetchLimits(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 300<<10)
	srv, _ := counting(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/huge":
			w.Write(big)
		case "/huge-chunked":
			for i := 0; i < 3; i++ {
				w.Write(big[:100<<10])
				w.(http.Flusher).Flush()
			}
		case "/redirect-loop":
			http.Redirect(w, r, "/redirect-loop", http.StatusFound)
		default:
			w.Write([]byte("ok"))
		}
	})
	f := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 300 * time.Millisecond, MaxBytes: 200 << 10})
	cases := []struct {
		path string
		want func(error) bool
	}{
		{"/slow", func(err error) bool { return err != nil && strings.Contains(err.Error(), "timed out") }},
		{"/huge", func(err error) bool { return errors.Is(err, archive.ErrTooLarge) }},
		{"/huge-chunked", func(err error) bool { return errors.Is(err, archive.ErrTooLarge) }},
		{"/redirect-loop", func(err error) bool { return err != nil && strings.Contains(err.Error(), "redirects") }},
		{"/fine", func(err error) bool { return err == nil }},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), srv.URL+c.path, nil)
			if !c.want(err) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestBlobsVerifyDetectsTampering(t *testing.T) {
	dir := t.TempDir()
	b, err := archive.OpenBlobs(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := b.Put([]byte("원문 기사 A"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := b.Put([]byte("article C"))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := b.Put([]byte("article C")); again != c {
		t.Fatalf("same bytes, different names: %s %s", again, c)
	}
	if a != archive.Sum([]byte("원문 기사 A")) {
		t.Fatalf("blob name %s is not the SHA-256 of its bytes", a)
	}
	v, err := b.Verify([]string{a, c})
	if err != nil || !v.OK() || v.Blobs != 2 {
		t.Fatalf("fresh store: %+v, %v", v, err)
	}
	path, _ := b.Path(a)
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("원문 기사 B"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := archive.Sum([]byte("never stored"))
	if err := os.WriteFile(filepath.Join(dir, "sha256", "stray.txt"), []byte("?"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err = b.Verify([]string{a, c, missing})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range v.Problems {
		got[p.Name] = p.Reason
	}
	want := map[string]string{a: "changed", missing: "missing", filepath.Join("sha256", "stray.txt"): "stray"}
	if len(got) != len(want) {
		t.Fatalf("problems %+v, want %v", v.Problems, want)
	}
	for k, r := range want {
		if got[k] != r {
			t.Errorf("%s: %q, want %q (all: %+v)", k, got[k], r, v.Problems)
		}
	}
}

func TestText(t *testing.T) {
	euckr, err := korean.EUCKR.NewEncoder().Bytes([]byte(`<html><head><meta charset="euc-kr"><title>탈북민 송환</title></head><body><p>탈북민 50명이 송환됐다.</p></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, ctype string
		body        []byte
		title, text string
	}{
		{"paragraphs and chrome", "text/html; charset=utf-8",
			[]byte(`<!doctype html><html><head><title> Report  &amp; more </title><style>p{}</style><script>var x = "<p>no</p>";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Headline</h1><p>China  repatriated <b>about 200</b>&nbsp;defectors.</p><p>Second<br>line</p>
<ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table><noscript>enable js</noscript></article></body></html>`),
			"Report & more", "Headline\nChina repatriated about 200 defectors.\nSecond\nline\none\ntwo\na b"},
		{"EUC-KR declared in a meta tag", "text/html", euckr, "탈북민 송환", "탈북민 50명이 송환됐다."},
		{"plain text", "text/plain; charset=utf-8", []byte("  line one\nline two  "), "", "line one\nline two"},
		{"sniffed HTML", "", []byte("<html><body><p>sniffed</p></body></html>"), "", "sniffed"},
		{"a PDF gives no text", "application/pdf", []byte("%PDF-1.4 ..."), "", ""},
		{"unclosed skipped element", "text/html", []byte("<p>before</p><script>never closed <p>x</p>"), "", "before"},
		{"nested svg", "text/html", []byte("<p>a<svg><svg><text>no</text></svg><text>no</text></svg>b</p>"), "", "ab"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			title, text := archive.Text(c.body, c.ctype)
			if title != c.title || text != c.text {
				t.Fatalf("got title %q text %q\nwant title %q text %q", title, text, c.title, c.text)
			}
		})
	}
}

func TestArchiveStoresBytesAndProvenance(t *testing.T) {
	page := []byte(`<html><head><title>기사</title></head><body><p>중국 공안이 탈북민 60여 명을 체포했다.</p></body></html>`)
	srv, _ := counting(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/article", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Set-Cookie", "session=secret")
		w.Header().Set("Last-Modified", "Mon, 20 May 2024 09:00:00 GMT")
		w.Write(page)
	})
	blobs, err := archive.OpenBlobs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 5, 20, 10, 0, 0, 0, time.UTC)
	a := &archive.Archiver{Fetcher: archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Now: func() time.Time { return when }}), Blobs: blobs}
	sn, err := a.Archive(context.Background(), srv.URL+"/old")
	if err != nil {
		t.Fatal(err)
	}
	if sn.SHA256 != archive.Sum(page) || sn.Size != int64(len(page)) || sn.Status != 200 || !sn.RetrievedAt.Equal(when) {
		t.Fatalf("snapshot %+v", sn)
	}
	if sn.URL != srv.URL+"/old" || sn.FinalURL != srv.URL+"/article" {
		t.Fatalf("urls %s → %s", sn.URL, sn.FinalURL)
	}
	if sn.Title != "기사" || sn.Text != "중국 공안이 탈북민 60여 명을 체포했다." {
		t.Fatalf("title %q text %q", sn.Title, sn.Text)
	}
	names := map[string]bool{}
	for _, h := range sn.Headers {
		names[h.Name] = true
	}
	if !names["Content-Type"] || !names["Last-Modified"] || names["Set-Cookie"] {
		t.Fatalf("headers kept: %v", sn.Headers)
	}
	// The page is stored encrypted under its own key: the file holds
	// neither the page nor its text, and reads back only with the key.
	r, err := blobs.Open(sn.Blob)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(r)
	r.Close()
	if sn.Blob == sn.SHA256 || archive.Sum(buf.Bytes()) != sn.Blob || bytes.Contains(buf.Bytes(), []byte("탈북민")) || bytes.Contains(buf.Bytes(), page[:20]) {
		t.Fatal("the stored blob is not the page encrypted under its own name")
	}
	if _, err := blobs.Open(sn.SHA256); err == nil {
		t.Fatal("the page is also stored in the clear under its SHA-256")
	}
	got, err := blobs.Read(sn)
	if err != nil || !bytes.Equal(got, page) {
		t.Fatalf("read the blob with its key: %v", err)
	}
	other, _ := seal.NewKey()
	wrong := *sn
	wrong.BlobKey = other.Encode()
	if _, err := blobs.Read(&wrong); !errors.Is(err, seal.ErrAuth) {
		t.Fatalf("read with another key: %v", err)
	}
	wrong = *sn
	wrong.BlobKey = ""
	if _, err := blobs.Read(&wrong); err == nil {
		t.Fatal("read without the key")
	}
	if v, err := blobs.Verify([]string{archive.Name(sn)}); err != nil || !v.OK() || v.Blobs != 1 {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	if sn.Validate() != nil {
		t.Fatalf("snapshot does not validate: %v", sn.Validate())
	}
	srv404, _ := counting(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	if _, err := a.Archive(context.Background(), srv404.URL); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("a 404 page: %v", err)
	}
}

// TestRefusalsDoNotRevealTheResolvedAddress: a refusal is shown to users
// (the archive form's error, a feed's stored error, the triage inbox), so
// it names the host as the URL gave it and the class of address, never
// the address a name resolved to: that would tell whoever submits URLs
// what internal names resolve to.
func TestRefusalsDoNotRevealTheResolvedAddress(t *testing.T) {
	inner, hits := counting(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("internal")) })
	innerPort := inner.URL[strings.LastIndex(inner.URL, ":")+1:]
	outer, _ := counting(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:"+innerPort+"/admin", http.StatusFound)
	})
	outerPort := outer.URL[strings.LastIndex(outer.URL, ":")+1:]
	cases := []struct {
		name  string
		guard archive.Guard
		url   string
		want  string
	}{
		{"a name resolving to loopback", archive.Guard{}, "http://localhost:" + innerPort + "/", "localhost resolves to a private or local address"},
		{"a name resolving to loopback, private networks allowed", archive.Guard{AllowPrivate: true}, "http://localhost:" + innerPort + "/", "localhost resolves to a private or local address"},
		{"a redirect to a name resolving to loopback", only(t, outer), "http://localhost:" + outerPort + "/", "localhost resolves to a private or local address"},
		{"a literal private address", archive.Guard{}, "http://10.0.0.1/", "10.0.0.1 is a private or local address"},
		{"a literal unique-local address", archive.Guard{}, "http://[fd12::7]/", "fd12::7 is a private or local address"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := archive.NewFetcher(archive.FetchOptions{Guard: c.guard, Timeout: 5 * time.Second})
			_, err := f.Fetch(context.Background(), c.url, nil)
			if !errors.Is(err, archive.ErrBlocked) {
				t.Fatalf("got %v, want a refusal", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) {
				t.Fatalf("refusal %q, want it to say %q", msg, c.want)
			}
			if strings.Contains(msg, "127.0.0.1") || strings.Contains(msg, "::1") {
				t.Fatalf("refusal %q reveals the resolved address", msg)
			}
			if ue := archive.UserError(err).Error(); strings.Contains(ue, "127.0.0.1") || !strings.Contains(ue, c.want) {
				t.Fatalf("user error %q", ue)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the refused server was reached %d times", n)
	}
}
