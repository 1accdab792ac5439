package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"vigil"
	"vigil/exchange"
	"vigil/httpserver"
	"vigil/publish"
)

// The public API (/api/v1/public/…) is read-only and serves the public
// projection of package publish, whoever asks: a token changes nothing.
// Responses carry an ETag of their bytes and Cache-Control: public,
// no-cache (store, but revalidate before each use), and answer
// If-None-Match with 304. They come from the publish.Cache, which reads
// the data again after every committed change.
//
// It is registered when the service also keeps reports and exports
// (publish.Store; store.Store does), together with the report endpoints
// and the exports in every format.

// publicDoc documents a public or publication route.
func publicDoc(op, summary string, params []docParam, responses func(g *schemaGen) map[string]any) routeDoc {
	return routeDoc{op: op, res: "public", build: func(g *schemaGen) map[string]any {
		o := map[string]any{"operationId": op, "summary": summary, "tags": []string{"public"}, "responses": responses(g)}
		var ps []any
		for _, p := range params {
			ps = append(ps, map[string]any{"name": p.Name, "in": p.In, "required": p.In == "path", "description": p.Doc, "schema": map[string]any{"type": p.Type}})
		}
		if ps != nil {
			o["parameters"] = ps
		}
		return o
	}}
}

// docParam is a documented parameter of a public route.
type docParam struct{ Name, In, Type, Doc string }

func cached(desc string, content map[string]any) map[string]any {
	return map[string]any{"description": desc + " Cache-Control: " + publish.CacheControl + " (revalidate with the ETag of the body).", "content": content,
		"headers": map[string]any{"ETag": map[string]any{"schema": map[string]any{"type": "string"}}}}
}

func notModified() map[string]any {
	return map[string]any{"description": "Not modified: the If-None-Match ETag is current."}
}

func listOf(g *schemaGen, t reflect.Type) map[string]any {
	return jsonContent(map[string]any{"type": "object", "required": []string{"items", "total", "limit", "offset"},
		"properties": map[string]any{"items": map[string]any{"type": "array", "items": g.ref(t)}, "total": map[string]any{"type": "integer"},
			"limit": map[string]any{"type": "integer"}, "offset": map[string]any{"type": "integer"}}})
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// registerPublication adds the public API, the report endpoints and the
// exports, when the service supports them.
func (a *API) registerPublication() {
	st, ok := a.svc.(publish.Store)
	if !ok {
		return
	}
	if a.cache == nil {
		a.cache = publish.NewCache(st, publish.Options{}, publish.DefaultTTL)
	}
	pageQ := []docParam{{"limit", "query", "integer", "page size, 1–500 (default 50)"}, {"offset", "query", "integer", "items to skip"}}
	idP := docParam{"id", "path", "integer", "record id"}
	list := func(name string, t reflect.Type, extra ...docParam) routeDoc {
		return publicDoc("public_list_"+name, "Public "+name+", in the public site's order.", append(extra, pageQ...), func(g *schemaGen) map[string]any {
			return merge(map[string]any{"200": cached("A page of public "+name+".", listOf(g, t)), "304": notModified()}, errorResponses("400"))
		})
	}
	get := func(name string, t reflect.Type) routeDoc {
		return publicDoc("public_get_"+name, "One public "+name+".", []docParam{idP}, func(g *schemaGen) map[string]any {
			return merge(map[string]any{"200": cached("The record.", jsonContent(g.ref(t))), "304": notModified()}, errorResponses("400", "404"))
		})
	}
	a.handle("GET /api/v1/public/incidents", a.publicIncidents, list("incidents", reflect.TypeFor[publish.Incident](),
		docParam{"event", "query", "string", "event type"}))
	a.handle("GET /api/v1/public/incidents/{id}", a.publicIncident, get("incident", reflect.TypeFor[publish.Incident]()))
	a.handle("GET /api/v1/public/reports", a.publicReports, list("reports", reflect.TypeFor[publish.Report](),
		docParam{"lang", "query", "string", "ko or en"}))
	a.handle("GET /api/v1/public/reports/{id}", a.publicReport, get("report", reflect.TypeFor[publish.Report]()))
	a.handle("GET /api/v1/public/sources", a.publicSources, list("sources", reflect.TypeFor[publish.Source]()))
	a.handle("GET /api/v1/public/actors", a.publicActors, list("actors", reflect.TypeFor[publish.Actor]()))
	a.handle("GET /api/v1/public/stats", a.publicStats, publicDoc("public_stats", "An honest total over public incidents (low/best/high) with the incidents behind it.",
		[]docParam{{"event", "query", "string", "event type (required)"}, {"from", "query", "string", "earliest day on or after (YYYY-MM-DD)"}, {"to", "query", "string", "earliest day on or before (YYYY-MM-DD)"}},
		func(g *schemaGen) map[string]any {
			return merge(map[string]any{"200": cached("The total.", jsonContent(g.ref(reflect.TypeFor[vigil.Stats]()))), "304": notModified()}, errorResponses("400"))
		}))
	a.handle("GET /api/v1/public/exports/{format}", a.publicExport, publicDoc("public_export", "Every public record in one of the export formats (docs/formats.md).",
		[]docParam{{"format", "path", "string", "json, csv, hxl, acled, ucdp, geojson or popolo"}}, func(g *schemaGen) map[string]any {
			return merge(map[string]any{"200": cached("The file.", exportContent()), "304": notModified()}, errorResponses("400"))
		}))
	a.handle("GET /api/v1/export", a.handleExport, routeDoc{op: "export", res: "export", build: func(g *schemaGen) map[string]any {
		return map[string]any{"operationId": "export", "tags": []string{"export"},
			"summary":    "Every record your clearance allows, in one of the export formats (anonymous: public records only).",
			"parameters": []any{map[string]any{"name": "format", "in": "query", "required": true, "schema": map[string]any{"type": "string", "enum": exchange.ExportFormatNames()}}},
			"responses":  merge(map[string]any{"200": map[string]any{"description": "The file.", "content": exportContent()}}, errorResponses("400"))}
	}})
	a.registerReports(st)
}

// exportContent documents the media types of the export formats.
func exportContent() map[string]any {
	out := map[string]any{}
	for _, f := range exchange.ExportFormats {
		mt := f.MediaType
		if i := bytes.IndexByte([]byte(mt), ';'); i >= 0 {
			mt = mt[:i]
		}
		out[mt] = map[string]any{"schema": map[string]any{}}
	}
	return out
}

// writePublic writes v as JSON with the cache headers.
func writePublic(w http.ResponseWriter, r *http.Request, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	publish.WriteCached(w, r, "application/json; charset=utf-8", b.Bytes())
	return nil
}

// publicPage writes one page of items, by limit and offset.
func publicPage[T any](w http.ResponseWriter, r *http.Request, items []*T, allowed ...string) error {
	q := query{r.URL.Query()}
	if err := q.only(append(allowed, "limit", "offset")...); err != nil {
		return err
	}
	pg, err := q.page()
	if err != nil {
		return err
	}
	if err := pg.Normalize(); err != nil {
		return err
	}
	out := []*T{}
	if pg.Offset < len(items) {
		out = items[pg.Offset:min(len(items), pg.Offset+pg.Limit)]
	}
	return writePublic(w, r, ListResponse[T]{Items: out, Total: len(items), Limit: pg.Limit, Offset: pg.Offset})
}

func (a *API) publicData(ctx context.Context) (*publish.Data, error) { return a.cache.Data(ctx) }

func (a *API) publicIncidents(w http.ResponseWriter, r *http.Request) error {
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	q := query{r.URL.Query()}
	ev, err := q.event("event")
	if err != nil {
		return err
	}
	var items []*publish.Incident
	for _, inc := range d.Incidents {
		if ev == "" || inc.Event == ev {
			items = append(items, inc)
		}
	}
	return publicPage(w, r, items, "event")
}

func (a *API) publicIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	inc := d.Incident(id)
	if inc == nil {
		return vigil.Errorf(vigil.ENOTFOUND, "incident %d not found", id)
	}
	return writePublic(w, r, inc)
}

func (a *API) publicReports(w http.ResponseWriter, r *http.Request) error {
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	var items []*publish.Report
	for _, rep := range d.Reports {
		if lang == "" || rep.Lang == lang {
			items = append(items, rep)
		}
	}
	return publicPage(w, r, items, "lang")
}

func (a *API) publicReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	for _, rep := range d.Reports {
		if rep.ID == id {
			return writePublic(w, r, rep)
		}
	}
	return vigil.Errorf(vigil.ENOTFOUND, "report %d not found", id)
}

func (a *API) publicSources(w http.ResponseWriter, r *http.Request) error {
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	return publicPage(w, r, d.Sources)
}

func (a *API) publicActors(w http.ResponseWriter, r *http.Request) error {
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	return publicPage(w, r, d.Actors)
}

func (a *API) publicStats(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("event", "from", "to"); err != nil {
		return err
	}
	var f vigil.StatsFilter
	err := collect(
		func() (err error) { f.Event, err = q.event("event"); return },
		func() (err error) { f.From, err = q.day("from"); return },
		func() (err error) { f.To, err = q.day("to"); return },
	)
	if err != nil {
		return err
	}
	if f.Event == "" {
		return invalidParam("event", "is required: totals are per event type (%s)", eventList())
	}
	s, err := a.cache.Stats(r.Context(), f)
	if err != nil {
		return err
	}
	return writePublic(w, r, s)
}

func (a *API) publicExport(w http.ResponseWriter, r *http.Request) error {
	format := r.PathValue("format")
	f, ok := exchange.FindExportFormat(format)
	if !ok {
		return invalidParam("format", "%q is not one of %v", format, exchange.ExportFormatNames())
	}
	d, err := a.publicData(r.Context())
	if err != nil {
		return err
	}
	b, err := publish.Export(d, format)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="vigil-public`+f.Ext+`"`)
	publish.WriteCached(w, r, f.MediaType, b)
	return nil
}

// handleExport exports what the viewer's clearance allows, as the CLI's
// vigil export does.
func (a *API) handleExport(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("format"); err != nil {
		return err
	}
	f, ok := exchange.FindExportFormat(q.str("format"))
	if !ok {
		return invalidParam("format", "%q is not one of %v", q.str("format"), exchange.ExportFormatNames())
	}
	ex, ok := a.svc.(vigil.ExchangeService)
	if !ok {
		return vigil.Errorf(vigil.ENOTIMPLEMENTED, "this server does not export")
	}
	v := vigil.ViewerFrom(r.Context())
	var b bytes.Buffer
	fw := f.New(&b, exchange.WriterOptions{ExportedAt: a.now(), Clearance: v.Clearance})
	if v.Clearance == vigil.Public {
		// Public clearance gets the public projection, as the public
		// site's downloads do.
		d, err := a.publicData(r.Context())
		if err != nil {
			return err
		}
		if err := exchange.WriteDataset(fw, publish.Dataset(d)); err != nil {
			return err
		}
	} else {
		if _, err := ex.Export(r.Context(), fw, vigil.ExportOptions{}); err != nil {
			return err
		}
		if err := fw.Close(); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", f.MediaType)
	w.Header().Set("Content-Disposition", `attachment; filename="vigil-`+string(v.Clearance)+`-`+a.now().UTC().Format("20060102")+f.Ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b.Bytes())
	return err
}

// registerReports adds the report endpoints: CRUD, the pre-publication
// check and image upload.
func (a *API) registerReports(st publish.Store) {
	(&resource[vigil.Report]{
		path: "reports", name: "report", sorts: vigil.ReportSorts,
		filters: []param{idsParam, {"slug", "string", "the report's slug"}, {"lang", "string", "ko or en"}, {"status", "string", "draft or published"}},
		newT:    func() *vigil.Report { return &vigil.Report{} },
		meta:    func(t *vigil.Report) *vigil.Meta { return &t.Meta },
		find:    st.FindReportByID,
		list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Report, int, error) {
			f := vigil.ReportFilter{Page: pg, Slug: q.str("slug"), Lang: q.str("lang"), Status: vigil.ReportStatus(q.str("status"))}
			var err error
			if f.IDs, err = q.ids("ids"); err != nil {
				return nil, 0, err
			}
			return st.FindReports(ctx, f)
		},
		create: st.CreateReport, update: st.UpdateReport, del: st.DeleteReport,
	}).register(a)
	a.handle("POST /api/v1/report-checks", func(w http.ResponseWriter, r *http.Request) error {
		var rep vigil.Report
		if err := decodeBody(r, &rep); err != nil {
			return err
		}
		probs, err := st.CheckReport(r.Context(), &rep)
		if err != nil {
			return err
		}
		if probs == nil {
			probs = []vigil.ReportProblem{}
		}
		writeJSON(w, http.StatusOK, probs)
		return nil
	}, routeDoc{op: "check_report", res: "reports", build: func(g *schemaGen) map[string]any {
		return map[string]any{"operationId": "check_report", "tags": []string{"reports"}, "security": []any{map[string]any{"bearer": []any{}}},
			"summary":     "The pre-publication check of a report as it would be saved: the reasons it may not be published (none: it may).",
			"requestBody": map[string]any{"required": true, "content": jsonContent(g.ref(reflect.TypeFor[vigil.Report]()))},
			"responses": merge(map[string]any{"200": map[string]any{"description": "The problems.", "content": jsonContent(map[string]any{
				"type": "array", "items": g.ref(reflect.TypeFor[vigil.ReportProblem]())})}}, errorResponses("400", "401", "403"))}
	}})
	a.handle("POST /api/v1/images", func(w http.ResponseWriter, r *http.Request) error {
		if err := requireWriter(r); err != nil {
			return err
		}
		httpserver.AllowUpload(r) // an image may be larger than the general body limit
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		img, err := st.PutImage(r.Context(), r.Header.Get("Content-Type"), data)
		if err != nil {
			return err
		}
		w.Header().Set("Location", "/api/v1/images/"+img.SHA256)
		writeJSON(w, http.StatusCreated, img)
		return nil
	}, routeDoc{op: "put_image", res: "images", build: func(g *schemaGen) map[string]any {
		content := map[string]any{}
		for _, mt := range vigil.ImageMediaTypes {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		return map[string]any{"operationId": "put_image", "tags": []string{"images"}, "security": []any{map[string]any{"bearer": []any{}}},
			"summary":     "Store a photo for a report (the body is the image; at most the server's body limit). The same bytes give the same SHA-256.",
			"requestBody": map[string]any{"required": true, "content": content},
			"responses": merge(map[string]any{"201": map[string]any{"description": "Stored.", "content": jsonContent(g.ref(reflect.TypeFor[vigil.Image]()))}},
				errorResponses("400", "401", "403", "413"))}
	}})
	a.handle("GET /api/v1/images/{sha256}", func(w http.ResponseWriter, r *http.Request) error {
		img, err := st.FindImage(r.Context(), r.PathValue("sha256"))
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", img.MediaType)
		w.Header().Set("Content-Length", strconv.Itoa(len(img.Data)))
		w.Header().Set("Last-Modified", img.CreatedAt.UTC().Format(time.RFC1123))
		_, err = w.Write(img.Data)
		return err
	}, routeDoc{op: "get_image", res: "images", build: func(g *schemaGen) map[string]any {
		content := map[string]any{}
		for _, mt := range vigil.ImageMediaTypes {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		return map[string]any{"operationId": "get_image", "tags": []string{"images"},
			"summary":    "A stored photo: writers see every image, others those of the published reports they may see.",
			"parameters": []any{map[string]any{"name": "sha256", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
			"responses":  merge(map[string]any{"200": map[string]any{"description": "The image.", "content": content}}, errorResponses("404"))}
	}})
}
