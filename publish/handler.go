package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"vigil"
	"vigil/i18n"
)

// Prefix is where the live public site is served. The researcher's
// workspace lives at /; the public site under /public/ has the same tree
// of files as the static export, so its relative links are the same.
const Prefix = "/public/"

// DefaultTTL is how long the live site and the public API reuse one
// reading of the public data at most, while the records do not change.
const DefaultTTL = 30 * time.Second

// CacheControl is the Cache-Control of every public response: anyone
// may store it, and must revalidate it (with its ETag) before each use.
const CacheControl = "public, no-cache"

// Cache keeps one reading of the public data, so that a busy public site
// does not read the whole public record on every request. A reading
// serves until the store's generation (vigil.AuditService.Generation)
// moves, which every committed mutation does, in this process or another
// on the same database: a record withdrawn from public is gone from the
// next response. The ttl bounds a reading's age besides, for changes
// that bypass the store (a database edited by hand).
type Cache struct {
	st   Store
	opts Options
	ttl  time.Duration
	now  func() time.Time

	mu    sync.Mutex
	gen   *generation
	loads int
}

// generation is one reading of the data and the files made from it.
type generation struct {
	d     *Data
	seq   int64 // the store's generation, read before the data
	at    time.Time
	files map[string]File
	mu    sync.Mutex
	made  map[string][]byte
}

// NewCache returns a cache over st; ttl 0 reads afresh on every request
// (tests), a negative ttl means DefaultTTL.
func NewCache(st Store, opts Options, ttl time.Duration) *Cache {
	if ttl < 0 {
		ttl = DefaultTTL
	}
	return &Cache{st: st, opts: opts, ttl: ttl, now: time.Now}
}

// Data returns the public data, read again once the store has changed
// or the reading is older than the cache's ttl.
func (c *Cache) Data(ctx context.Context) (*Data, error) {
	g, err := c.generation(ctx, nil)
	if err != nil {
		return nil, err
	}
	return g.d, nil
}

// generation returns the current generation, reading the data again when
// it is stale; site, when given, lists its files.
func (c *Cache) generation(ctx context.Context, site *Site) (*generation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	// The generation is read before the data, so that a reading is at
	// least as new as the generation it is kept under: a change that
	// commits in between makes the next request read again.
	seq, err := c.st.Generation(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish: read the store's generation: %w", err)
	}
	if c.gen == nil || c.ttl == 0 || now.Sub(c.gen.at) >= c.ttl || seq != c.gen.seq {
		d, err := Load(ctx, c.st, c.opts)
		if err != nil {
			return nil, err
		}
		c.gen = &generation{d: d, seq: seq, at: now, made: map[string][]byte{}}
		c.loads++
	}
	if site != nil && c.gen.files == nil {
		files, err := site.Files(c.gen.d, true)
		if err != nil {
			return nil, err
		}
		c.gen.files = map[string]File{}
		for _, f := range files {
			c.gen.files[f.Path] = f
		}
	}
	return c.gen, nil
}

// file makes (once per generation) the bytes of the file at p.
func (g *generation) file(p string) (File, []byte, bool, error) {
	f, ok := g.files[p]
	if !ok {
		return File{}, nil, false, nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if b, ok := g.made[p]; ok {
		return f, b, true, nil
	}
	b, err := f.Make()
	if err != nil {
		return f, nil, true, err
	}
	g.made[p] = b
	return f, b, true, nil
}

// Stats returns the public total for f: computed as the anonymous viewer
// over public incidents, whoever asks.
func (c *Cache) Stats(ctx context.Context, f vigil.StatsFilter) (*vigil.Stats, error) {
	d, err := c.Data(ctx)
	if err != nil {
		return nil, err
	}
	return d.computeStats(ctx, c.st, f)
}

// Handler serves the live public site: anonymous, read-only, public
// records only, whoever asks (a signed-in viewer sees the same pages).
type Handler struct {
	site  *Site
	cache *Cache
	log   func(r *http.Request, msg string, err error)
}

// NewHandler returns the live public site over cache. logError, when not
// nil, logs the internal errors of requests; the server passes
// httpserver.LogError, which keeps the request's secrets out of the log.
func NewHandler(site *Site, cache *Cache, logError func(r *http.Request, msg string, err error)) *Handler {
	if logError == nil {
		logError = func(*http.Request, string, error) {}
	}
	return &Handler{site: site, cache: cache, log: logError}
}

// Register adds GET /public/… to mux. It is an httpserver.Registrar.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"{path...}", h.serve)
}

// Routes lists the patterns Register adds.
func (h *Handler) Routes() []string { return []string{"GET " + Prefix + "{path...}"} }

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) {
	p := r.PathValue("path")
	if p == "" {
		lang := i18n.Negotiate(cookieLang(r), r.Header.Get("Accept-Language"))
		http.Redirect(w, r, Prefix+lang+"/index.html", http.StatusSeeOther)
		return
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if i18n.Supported(p) {
		http.Redirect(w, r, Prefix+p+"/index.html", http.StatusSeeOther)
		return
	}
	g, err := h.cache.generation(r.Context(), h.site)
	if err != nil {
		h.fail(w, r, p, err)
		return
	}
	q := r.URL.Query()
	if lang, rest, _ := strings.Cut(p, "/"); rest == "totals/index.html" && i18n.Supported(lang) && (q.Get("from") != "" || q.Get("to") != "") {
		h.period(w, r, g.d, lang, q)
		return
	}
	f, b, ok, err := g.file(p)
	if !ok {
		h.fail(w, r, p, vigil.Errorf(vigil.ENOTFOUND, "no page at %s", p))
		return
	}
	if err != nil {
		h.fail(w, r, p, err)
		return
	}
	writeCached(w, r, f.Type, langOf(p), b)
}

// period serves the totals page of a period chosen with the form.
func (h *Handler) period(w http.ResponseWriter, r *http.Request, d *Data, lang string, q url.Values) {
	p := lang + "/totals/index.html"
	from, to := q.Get("from"), q.Get("to")
	for _, day := range []string{from, to} {
		if _, err := time.Parse(time.DateOnly, day); day != "" && err != nil {
			h.fail(w, r, p, &vigil.Error{Code: vigil.EINVALID, Message: h.site.T(lang, "pub.error.day", day)})
			return
		}
	}
	stats := map[vigil.EventType]*vigil.Stats{}
	for _, ev := range Events {
		s, err := d.computeStats(r.Context(), h.cache.st, vigil.StatsFilter{Event: ev, From: from, To: to})
		if err != nil {
			h.fail(w, r, p, err)
			return
		}
		stats[ev] = s
	}
	period := Period{Key: "custom", From: from, To: to}
	totals, err := h.site.totals(lang, func(ev vigil.EventType) *vigil.Stats { return stats[ev] }, from, to)
	if err == nil {
		var data *totalsPage
		if data, err = h.site.totalsPage(d, lang, period, totals, true); err == nil {
			f := h.site.page(lang, "totals/index.html", "totals", "public_totals", func(l string) string { return h.site.T(l, "pub.totals.title") },
				func(string) (any, error) { return data, nil }, true)
			var b []byte
			if b, err = f.Make(); err == nil {
				writeCached(w, r, f.Type, lang, b)
				return
			}
		}
	}
	h.fail(w, r, p, err)
}

// writeCached writes b with an ETag of its bytes, or 304 when the client
// has it. Browsers and shared caches may keep b but must ask again before
// each use (no-cache): a record withdrawn from public must not live on
// in them, and asking with the ETag costs a 304.
func writeCached(w http.ResponseWriter, r *http.Request, contentType, lang string, b []byte) {
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	hdr := w.Header()
	hdr.Set("ETag", etag)
	hdr.Set("Cache-Control", CacheControl)
	hdr.Set("Vary", "Accept-Encoding")
	if lang != "" {
		hdr.Set("Content-Language", lang)
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", contentType)
	_, _ = w.Write(b)
}

// etagMatches reads an If-None-Match header (a list, or *).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// WriteCached writes a public response body with its ETag and cache
// headers; the public API uses it too.
func WriteCached(w http.ResponseWriter, r *http.Request, contentType string, b []byte) {
	writeCached(w, r, contentType, "", b)
}

// fail shows the public error page in the language of the path.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, p string, err error) {
	lang := langOf(p)
	if lang == "" {
		lang = i18n.Negotiate(cookieLang(r), r.Header.Get("Accept-Language"))
	}
	status := http.StatusInternalServerError
	msg := h.site.T(lang, "pub.error.internal")
	switch vigil.ErrorCode(err) {
	case vigil.ENOTFOUND:
		status, msg = http.StatusNotFound, h.site.T(lang, "pub.error.not_found")
	case vigil.EINVALID:
		status, msg = http.StatusBadRequest, vigil.ErrorMessage(err)
	default:
		h.log(r, "publish: internal error", err)
	}
	// The page is rendered at the path asked for, so its relative links
	// resolve from there.
	v := &view{Lang: lang, Path: p, Title: h.site.T(lang, "pub.error.title"), Data: msg}
	b, rerr := h.site.render("public_error", v)
	if rerr != nil {
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func langOf(p string) string {
	if lang, _, ok := strings.Cut(p, "/"); ok && i18n.Supported(lang) {
		return lang
	}
	return ""
}

func cookieLang(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil {
		return c.Value
	}
	return ""
}
