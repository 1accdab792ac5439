package api

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"vigil"
	"vigil/archive"
	"vigil/triage"
)

// Monitor configures the monitoring endpoints: feeds, the triage inbox
// and archives. Without it (Options.Monitor nil) they are not served.
type Monitor struct {
	Desk  *triage.Desk
	Blobs *archive.Blobs
}

// customDoc documents an endpoint that is not plain CRUD.
type customDoc struct {
	id, summary string
	pathID      bool
	query       []param
	request     reflect.Type // nil: no body
	status      int
	response    reflect.Type // nil: no JSON body
	list        bool         // the response is a ListResponse of response
	errors      []string
	write       bool // needs a token
}

// registerMonitoring adds the monitoring routes when the API has a
// Monitor and its service implements vigil.MonitorService.
func (a *API) registerMonitoring() {
	if a.monitor == nil || a.monitor.Desk == nil {
		return
	}
	m := a.monitor.Desk.Svc
	feeds := &resource[vigil.Feed]{
		path: "feeds", name: "feed", sorts: []string{"id", "title", "updated_at"},
		filters: []param{{"active", "boolean", "only active (true) or inactive (false) feeds"}},
		newT:    func() *vigil.Feed { return &vigil.Feed{} },
		meta:    func(f *vigil.Feed) *vigil.Meta { return &f.Meta },
		find:    m.FindFeedByID,
		list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Feed, int, error) {
			active, err := q.boolPtr("active")
			if err != nil {
				return nil, 0, err
			}
			return m.FindFeeds(ctx, vigil.FeedFilter{Page: pg, Active: active})
		},
		create: m.CreateFeed, update: m.UpdateFeed, del: m.DeleteFeed,
	}
	feeds.register(a)
	item := reflect.TypeFor[vigil.FeedItem]()
	snap := reflect.TypeFor[vigil.Snapshot]()
	a.handle("GET /api/v1/inbox", a.handleInbox, routeDoc{res: "inbox", custom: &customDoc{id: "list_inbox",
		summary: "Feed items waiting for triage (by default: new items that matched a keyword rule). Coalition clearance.",
		query:   []param{{"status", "string", "new (default), accepted, dismissed, or all"}, {"feed", "integer", "feed id"}, {"all", "boolean", "include items no rule matched"}, {"limit", "integer", "page size"}, {"offset", "integer", "rows to skip"}, {"sort", "string", "id, published or created_at; prefix - for descending"}},
		status:  200, response: item, list: true, errors: []string{"400"}}})
	a.handle("GET /api/v1/inbox/{id}", a.handleInboxEntry, routeDoc{res: "inbox", custom: &customDoc{id: "get_inbox_item",
		summary: "An item with its candidate claims (spans, figure, event, date, place, sentence) and the incidents each may belong to, ranked.",
		pathID:  true, status: 200, response: reflect.TypeFor[triage.Entry](), errors: []string{"400", "404"}}})
	a.handle("POST /api/v1/inbox/{id}/accept", a.handleAccept, routeDoc{res: "inbox", custom: &customDoc{id: "accept_inbox_item",
		summary: "Accept one candidate claim: archive the page (first time), create the source, its snapshot, a new incident if asked, and the claim.",
		pathID:  true, request: reflect.TypeFor[triage.AcceptRequest](), status: 201, response: reflect.TypeFor[triage.Accepted](),
		errors: []string{"400", "401", "403", "404", "409", "413", "422"}, write: true}})
	a.handle("POST /api/v1/inbox/{id}/dismiss", a.handleDismiss, routeDoc{res: "inbox", custom: &customDoc{id: "dismiss_inbox_item",
		summary: "Set an item aside with a reason.", pathID: true, request: reflect.TypeFor[DismissRequest](), status: 200, response: item,
		errors: []string{"400", "401", "403", "404", "409", "413"}, write: true}})
	a.handle("POST /api/v1/archives", a.handleArchive, routeDoc{res: "archives", custom: &customDoc{id: "create_archive",
		summary: "Fetch a URL (public addresses only) and preserve it: bytes in the blob store under their SHA-256, text, status, headers, time.",
		request: reflect.TypeFor[ArchiveRequest](), status: 201, response: snap, errors: []string{"400", "401", "403", "413", "422"}, write: true}})
	a.handle("GET /api/v1/archives", a.handleArchives, routeDoc{res: "archives", custom: &customDoc{id: "list_archives",
		summary: "Snapshots visible to you (a snapshot of a source needs clearance for the source).",
		query:   []param{{"source", "integer", "source id"}, {"sha256", "string", "blob name"}, {"limit", "integer", "page size"}, {"offset", "integer", "rows to skip"}, {"sort", "string", "id or retrieved_at; prefix - for descending"}},
		status:  200, response: snap, list: true, errors: []string{"400"}}})
	a.handle("GET /api/v1/archives/{id}", a.handleSnapshot, routeDoc{res: "archives", custom: &customDoc{id: "get_archive",
		summary: "One snapshot with its SHA-256, status, headers and extracted text.", pathID: true, status: 200, response: snap, errors: []string{"400", "404"}}})
	a.handle("GET /api/v1/archives/{id}/content", a.handleSnapshotContent, routeDoc{res: "archives", custom: &customDoc{id: "get_archive_content",
		summary: "The preserved bytes as fetched, served as an attachment (application/octet-stream).", pathID: true, status: 200, errors: []string{"400", "404"}}})
}

// customOperation documents a customDoc route.
func (a *API) customOperation(g *schemaGen, d routeDoc) map[string]any {
	c := d.custom
	op := map[string]any{"tags": []string{d.res}, "operationId": c.id, "summary": c.summary}
	var params []any
	if c.pathID {
		params = append(params, map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}})
	}
	for _, p := range c.query {
		params = append(params, map[string]any{"name": p.Name, "in": "query", "required": false, "description": p.Doc, "schema": map[string]any{"type": p.Type}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if c.write {
		op["security"] = []any{map[string]any{"bearer": []any{}}}
	}
	if c.request != nil {
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.ref(c.request))}
	}
	responses := errorResponses(c.errors...)
	if _, ok := responses["422"]; ok {
		responses["422"].(map[string]any)["description"] = "The page could not be fetched or preserved (refused address, timeout, too large, HTTP error)."
	}
	ok := map[string]any{"description": "Success."}
	switch {
	case c.list:
		ok["content"] = jsonContent(map[string]any{
			"type": "object", "required": []string{"items", "total", "limit", "offset"},
			"properties": map[string]any{"items": map[string]any{"type": "array", "items": g.ref(c.response)}, "total": map[string]any{"type": "integer"}, "limit": map[string]any{"type": "integer"}, "offset": map[string]any{"type": "integer"}},
		})
	case c.response != nil:
		ok["content"] = jsonContent(g.ref(c.response))
	default:
		ok["description"] = c.summary
	}
	responses[strconv.Itoa(c.status)] = ok
	op["responses"] = responses
	return op
}

func (a *API) handleInbox(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("status", "feed", "all", "limit", "offset", "sort"); err != nil {
		return err
	}
	pg, err := q.page()
	if err != nil {
		return err
	}
	f := vigil.FeedItemFilter{Page: pg, Inbox: true, Status: vigil.ItemNew}
	switch s := q.str("status"); s {
	case "", "new":
	case "all":
		f.Status = ""
	case string(vigil.ItemAccepted), string(vigil.ItemDismissed):
		f.Status = vigil.ItemStatus(s)
	default:
		return invalidParam("status", "%q is not new, accepted, dismissed or all", s)
	}
	all, err := q.boolPtr("all")
	if err != nil {
		return err
	}
	f.Inbox = all == nil || !*all
	if f.FeedID, err = q.id("feed"); err != nil {
		return err
	}
	items, total, err := a.monitor.Desk.Svc.FindFeedItems(r.Context(), f)
	if err != nil {
		return err
	}
	if pg.Limit == 0 {
		pg.Limit = vigil.DefaultLimit
	}
	writeJSON(w, http.StatusOK, ListResponse[vigil.FeedItem]{Items: items, Total: total, Limit: pg.Limit, Offset: pg.Offset})
	return nil
}

func (a *API) handleInboxEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := a.monitor.Desk.Entry(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}

func (a *API) handleAccept(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req triage.AcceptRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	out, err := a.monitor.Desk.Accept(r.Context(), id, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// DismissRequest sets an inbox item aside.
type DismissRequest struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

func (a *API) handleDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req DismissRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	svc := a.monitor.Desk.Svc
	if err := svc.DismissFeedItem(r.Context(), id, req.Version, req.Reason); err != nil {
		return err
	}
	it, err := svc.FindFeedItemByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

// ArchiveRequest asks to preserve a URL, optionally as a snapshot of an
// existing source.
type ArchiveRequest struct {
	URL      string `json:"url"`
	SourceID *int64 `json:"source_id"`
	// Sensitivity of the snapshot; empty means restricted. A snapshot of
	// a source is at least as sensitive as the source.
	Sensitivity vigil.Sensitivity `json:"sensitivity"`
}

func (a *API) handleArchive(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	var req ArchiveRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	sn, err := ArchiveURL(r.Context(), a.monitor.Desk, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/archives/"+strconv.FormatInt(sn.ID, 10))
	writeJSON(w, http.StatusCreated, sn)
	return nil
}

// ArchiveURL fetches and preserves req.URL and saves its snapshot. The
// role and the URL are checked before any network I/O, and the snapshot
// is saved after it, in its own short transaction.
func ArchiveURL(ctx context.Context, d *triage.Desk, req ArchiveRequest) (*vigil.Snapshot, error) {
	if !vigil.ViewerFrom(ctx).CanWrite() {
		return nil, vigil.Errorf(vigil.EFORBIDDEN, "you may not archive pages: a contributor, editor or admin role is required")
	}
	p := vigil.Problems{}
	rawURL := strings.TrimSpace(req.URL)
	if u, err := url.Parse(rawURL); rawURL == "" {
		p.Add("url", "is required")
	} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add("url", "%q is not an http(s) URL", rawURL)
	}
	sens := req.Sensitivity
	if sens == "" {
		sens = vigil.Restricted
	}
	if !sens.Valid() {
		p.Add("sensitivity", "%q is not one of public, coalition, restricted", sens)
	}
	if err := p.Err("archive request"); err != nil {
		return nil, err
	}
	if req.SourceID != nil {
		if _, err := d.Svc.FindSourceByID(ctx, *req.SourceID); err != nil {
			return nil, err
		}
	}
	sn, err := d.Archiver.Archive(ctx, rawURL)
	if err != nil {
		return nil, archive.UserError(err)
	}
	sn.Sensitivity, sn.SourceID = sens, req.SourceID
	if err := d.Svc.CreateSnapshot(ctx, sn); err != nil {
		return nil, err
	}
	return sn, nil
}

func (a *API) handleArchives(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("source", "sha256", "limit", "offset", "sort"); err != nil {
		return err
	}
	pg, err := q.page()
	if err != nil {
		return err
	}
	f := vigil.SnapshotFilter{Page: pg, SHA256: q.str("sha256")}
	if f.SourceID, err = q.id("source"); err != nil {
		return err
	}
	items, total, err := a.monitor.Desk.Svc.FindSnapshots(r.Context(), f)
	if err != nil {
		return err
	}
	if pg.Limit == 0 {
		pg.Limit = vigil.DefaultLimit
	}
	writeJSON(w, http.StatusOK, ListResponse[vigil.Snapshot]{Items: items, Total: total, Limit: pg.Limit, Offset: pg.Offset})
	return nil
}

func (a *API) handleSnapshot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sn, err := a.monitor.Desk.Svc.FindSnapshotByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sn)
	return nil
}

// handleSnapshotContent serves a snapshot's bytes, only to viewers who
// may see the snapshot (and so its source), as an attachment that a
// browser will not render: the bytes are someone else's page.
func (a *API) handleSnapshotContent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sn, err := a.monitor.Desk.Svc.FindSnapshotByID(r.Context(), id)
	if err != nil {
		return err
	}
	if a.monitor.Blobs == nil {
		return vigil.Errorf(vigil.ENOTIMPLEMENTED, "this server has no blob store")
	}
	// The bytes are decrypted with the snapshot's key, which the store
	// gave only because the viewer may see the snapshot, and checked
	// against its SHA-256.
	data, err := a.monitor.Blobs.Read(sn)
	if errors.Is(err, fs.ErrNotExist) {
		return vigil.Errorf(vigil.ENOTFOUND, "the bytes of snapshot %d (%s) are missing from the blob store; run vigil archive verify", id, sn.SHA256)
	} else if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="snapshot-`+strconv.FormatInt(id, 10)+`-`+sn.SHA256[:12]+`.bin"`)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Vigil-SHA256", sn.SHA256)
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(data)
	return err
}
