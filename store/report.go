package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"vigil"
	"vigil/photo"
)

var _ vigil.ReportService = (*Store)(nil)

var reports = &table[vigil.Report]{
	name: "reports",
	noun: "report",
	cols: []string{"slug", "lang", "title", "summary", "body", "byline", "report_date", "status", "published_at", "photos"},
	args: func(r *vigil.Report) []any {
		return []any{r.Slug, r.Lang, r.Title, r.Summary, r.Body, r.Byline, r.Date, string(r.Status), timeArg(r.PublishedAt), jsonArg(r.Photos)}
	},
	dest: func(r *vigil.Report) []any {
		return []any{&r.Slug, &r.Lang, &r.Title, &r.Summary, &r.Body, &r.Byline, &r.Date, &r.Status, timePtr{&r.PublishedAt}, jsonCol{&r.Photos}}
	},
	meta: func(r *vigil.Report) *vigil.Meta { return &r.Meta },
	// How consent was given stays as stored for a writer who cannot read
	// it, photo by photo (by image).
	keep: func(rec, cur *vigil.Report, v vigil.Viewer) {
		if seesNotes(v) {
			return
		}
		notes := map[string]string{}
		for _, p := range cur.Photos {
			notes[p.Image] = p.ConsentNote
		}
		for n := range rec.Photos {
			rec.Photos[n].ConsentNote = notes[rec.Photos[n].Image]
		}
	},
	project: func(r *vigil.Report, v vigil.Viewer) {
		if r.Photos == nil {
			r.Photos = []vigil.ReportPhoto{}
		}
		// How consent was given is internal, like notes.
		if !seesNotes(v) {
			for n := range r.Photos {
				r.Photos[n].ConsentNote = ""
			}
		}
	},
	before: beforeReport,
	// A report is published public; a restricted one is a draft whose
	// words and photo captions and credits can name people.
	seal: restrictedOnly(func(r *vigil.Report) *vigil.Meta { return &r.Meta }, func(r *vigil.Report) {
		r.Title, r.Summary, r.Body, r.Byline, r.Photos = "", "", "", "", nil
	}, "title", "summary", "body", "byline", "photos"),
}

// reportSorts maps vigil.ReportSorts to SQL.
var reportSorts = map[string]string{
	"date":       "t.report_date",
	"slug":       "t.slug",
	"updated_at": "t.updated_at",
}

// beforeReport keeps the publication time, and runs the pre-publication
// check whenever the report is (or stays) published: an editor publishes,
// and only a report that passes.
func beforeReport(ctx context.Context, t *txn, r, cur *vigil.Report) error {
	r.PublishedAt = nil
	if cur != nil {
		r.PublishedAt = cur.PublishedAt
	}
	if r.Status != vigil.ReportPublished {
		return nil
	}
	if err := canEdit(t.v, "publish a report"); err != nil {
		return err
	}
	probs, err := checkReport(ctx, t, r)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		e := &vigil.Error{Code: vigil.EINVALID, Message: "the report may not be published", Fields: map[string]string{}}
		for _, p := range probs {
			if prev, dup := e.Fields[p.Field]; dup {
				e.Fields[p.Field] = prev + "; " + p.Reason
			} else {
				e.Fields[p.Field] = p.Reason
			}
		}
		return e
	}
	if r.PublishedAt == nil {
		now := t.now
		r.PublishedAt = &now
	}
	return nil
}

// checkReport is the pre-publication check: the report itself is public,
// every record its body names is public, every photo it shows or carries
// is stored, credited and consented to, and the body shows no image
// other than its photos. It reads at full clearance, so that it can tell
// a restricted record from a missing one; the reason names the record
// but says nothing of its content.
func checkReport(ctx context.Context, t *txn, r *vigil.Report) ([]vigil.ReportProblem, error) {
	var out []vigil.ReportProblem
	add := func(field, format string, args ...any) {
		out = append(out, vigil.ReportProblem{Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if r.Sensitivity != vigil.Public {
		add("sensitivity", "a published report must be public, not %s", r.Sensitivity)
	}
	ds, err := vigil.ParseDirectives(r.Body)
	if err != nil {
		add("body", "%s", err.Error())
		return out, nil
	}
	seen := map[string]bool{}
	refCheck := func(d vigil.Directive, table, noun string, id int64) error {
		key := fmt.Sprintf("%s %d", table, id)
		if seen[key] {
			return nil
		}
		seen[key] = true
		var rank int
		err := t.queryRow(ctx, "SELECT sensitivity_rank FROM "+table+" WHERE id = ?", id).Scan(&rank)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && rank > t.clearance()):
			add("body", "line %d: there is no %s %d", d.Line, noun, id)
		case err != nil:
			return fmt.Errorf("store: check report: %s %d: %w", noun, id, err)
		case rank > 0:
			add("body", "line %d: %s %d is %s; a published report may name public records only", d.Line, noun, id, vigil.SensitivityOfRank(rank))
		}
		return nil
	}
	for _, d := range ds {
		switch d.Kind {
		case vigil.DirectiveCite:
			for _, id := range d.IDs {
				if err := refCheck(d, "sources", "source", id); err != nil {
					return nil, err
				}
			}
		case vigil.DirectiveIncident:
			if err := refCheck(d, "incidents", "incident", d.IDs[0]); err != nil {
				return nil, err
			}
		case vigil.DirectivePhoto:
			if d.Photo > len(r.Photos) {
				add("body", "line %d: {{photo %d}}, but the report has %d photos", d.Line, d.Photo, len(r.Photos))
			}
		}
	}
	if bodyHasImage(r.Body) {
		add("body", "shows an image with Markdown; attach it as a photo with credit and consent and write {{photo N}}")
	}
	for n, ph := range r.Photos {
		f := fmt.Sprintf("photos[%d]", n+1)
		if ph.Credit == "" {
			add(f+".credit", "a published photo needs a credit")
		}
		if !ph.Consent {
			add(f+".consent", "a published photo needs the consent of the people it shows")
		}
		var stored int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM images WHERE sha256 = ?", ph.Image).Scan(&stored); err != nil {
			return nil, fmt.Errorf("store: check report photo: %w", err)
		}
		if stored == 0 {
			add(f+".image", "no image %s is stored", ph.Image)
		}
	}
	return out, nil
}

// bodyHasImage reports whether Markdown shows an image: "![…](…)" or an
// <img> tag (raw HTML is not rendered, but it is refused all the same).
func bodyHasImage(body string) bool {
	b := []byte(body)
	return bytes.Contains(b, []byte("![")) || bytes.Contains(bytes.ToLower(b), []byte("<img"))
}

// FindReportByID returns report id if the viewer may see it.
func (s *Store) FindReportByID(ctx context.Context, id int64) (*vigil.Report, error) {
	return findByID(ctx, s, reports, id)
}

// FindReports lists the visible reports matching f, and their count.
func (s *Store) FindReports(ctx context.Context, f vigil.ReportFilter) ([]*vigil.Report, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.Slug != "" {
		w.add("t.slug = ?", f.Slug)
	}
	if f.Lang != "" {
		w.add("t.lang = ?", f.Lang)
	}
	if f.Status != "" {
		w.add("t.status = ?", string(f.Status))
	}
	if f.Query != "" {
		w.add(likeAny(reports.sealedCol("title"), "t.slug"), likeArg(f.Query), likeArg(f.Query))
	}
	return findList(ctx, s, reports, w, f.Page, reportSorts)
}

// CreateReport validates and stores a new report. Creating it published
// needs an editing role and passes the pre-publication check.
func (s *Store) CreateReport(ctx context.Context, r *vigil.Report) (err error) {
	defer restore(r, &err)()
	return create(ctx, s, reports, r, r.Validate)
}

// UpdateReport stores r over the version it carries (ECONFLICT when
// stale). A published report is checked again.
func (s *Store) UpdateReport(ctx context.Context, r *vigil.Report) (err error) {
	defer restore(r, &err)()
	return change(ctx, s, reports, r, r.Validate)
}

// DeleteReport deletes a report. It needs an editing role.
func (s *Store) DeleteReport(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, reports, id, version)
}

// CheckReport runs the pre-publication check on r without saving it.
func (s *Store) CheckReport(ctx context.Context, r *vigil.Report) ([]vigil.ReportProblem, error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "check a report"); err != nil {
		return nil, err
	}
	cp := *r
	cp.Photos = slices.Clone(r.Photos)
	if err := cp.Validate(); err != nil {
		var probs []vigil.ReportProblem
		for f, reason := range vigil.ErrorFields(err) {
			probs = append(probs, vigil.ReportProblem{Field: f, Reason: reason})
		}
		slices.SortFunc(probs, func(a, b vigil.ReportProblem) int { return compareStrings(a.Field, b.Field) })
		return probs, nil
	}
	var out []vigil.ReportProblem
	err := s.read(ctx, func(t *txn) error {
		var err error
		out, err = checkReport(ctx, t, &cp)
		return err
	})
	return out, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// PutImage stores an image by the SHA-256 of its bytes.
func (s *Store) PutImage(ctx context.Context, mediaType string, data []byte) (*vigil.Image, error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "store an image"); err != nil {
		return nil, err
	}
	p := vigil.Problems{}
	if !slices.Contains(vigil.ImageMediaTypes, mediaType) {
		p.Add("media_type", "%q is not one of %v", mediaType, vigil.ImageMediaTypes)
	} else if sniffed := http.DetectContentType(data); sniffed != mediaType {
		p.Add("data", "the bytes are %s, not %s", sniffed, mediaType)
	}
	if len(data) == 0 {
		p.Add("data", "is empty")
	} else if len(data) > vigil.MaxImageBytes {
		p.Add("data", "is %d bytes; at most %d", len(data), vigil.MaxImageBytes)
	}
	if err := p.Err("image"); err != nil {
		return nil, err
	}
	// A photo of a demonstration can carry the GPS position and the
	// camera's owner: publish only the pixels.
	clean, err := photo.Strip(data)
	if err != nil {
		return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid image", Fields: map[string]string{"data": err.Error()}}
	}
	img := &vigil.Image{SHA256: clean.SHA256, MediaType: clean.ContentType, Size: int64(len(clean.Data)), Data: clean.Data}
	err = s.write(ctx, func(t *txn) error {
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM images WHERE sha256 = ?", img.SHA256).Scan(&n); err != nil {
			return fmt.Errorf("store: find image: %w", err)
		}
		if n > 0 {
			return nil
		}
		img.CreatedAt = t.now
		if _, err := t.exec(ctx, "INSERT INTO images (sha256, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?)",
			img.SHA256, img.MediaType, img.Size, img.Data, fmtTime(img.CreatedAt)); err != nil {
			return mapWriteErr(fmt.Errorf("store: insert image: %w", err), "image")
		}
		// The audit entry names the image; the bytes are addressed by it.
		return t.audit(ctx, vigil.ActionCreate, "images", 0, 1, img)
	})
	if err != nil {
		return nil, err
	}
	return s.FindImage(ctx, img.SHA256)
}

// FindImage returns an image with its bytes, if the viewer may see it.
func (s *Store) FindImage(ctx context.Context, sum string) (*vigil.Image, error) {
	v := vigil.ViewerFrom(ctx)
	var img *vigil.Image
	err := s.read(ctx, func(t *txn) error {
		if !v.CanWrite() {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM reports WHERE status = 'published' AND sensitivity_rank <= ? AND photos LIKE ?`,
				t.clearance(), "%\"image\":\""+sum+"\"%").Scan(&n); err != nil {
				return fmt.Errorf("store: find image %s: %w", sum, err)
			}
			if n == 0 {
				return vigil.Errorf(vigil.ENOTFOUND, "image %s not found", sum)
			}
		}
		img = &vigil.Image{}
		err := t.queryRow(ctx, "SELECT sha256, media_type, size, data, created_at FROM images WHERE sha256 = ?", sum).
			Scan(&img.SHA256, &img.MediaType, &img.Size, &img.Data, timeCol{&img.CreatedAt})
		if errors.Is(err, sql.ErrNoRows) {
			return vigil.Errorf(vigil.ENOTFOUND, "image %s not found", sum)
		}
		if err != nil {
			return fmt.Errorf("store: find image %s: %w", sum, err)
		}
		return nil
	})
	return img, err
}

// FindNewlyPublic lists public incidents by when they last became public.
func (s *Store) FindNewlyPublic(ctx context.Context, limit int) ([]vigil.PublicSince, error) {
	if limit <= 0 || limit > vigil.MaxLimit {
		return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid limit", Fields: map[string]string{"limit": fmt.Sprintf("must be between 1 and %d", vigil.MaxLimit)}}
	}
	out := []vigil.PublicSince{}
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, `SELECT p.entity_id, p.since FROM public_since p JOIN incidents i ON i.id = p.entity_id
			WHERE p.entity = 'incidents' AND i.sensitivity_rank = 0 ORDER BY p.since DESC, p.entity_id DESC LIMIT ?`, limit)
		if err != nil {
			return fmt.Errorf("store: newly public incidents: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ps vigil.PublicSince
			if err := rows.Scan(&ps.EntityID, timeCol{&ps.Since}); err != nil {
				return fmt.Errorf("store: newly public incidents: %w", err)
			}
			out = append(out, ps)
		}
		return rows.Err()
	})
	return out, err
}
