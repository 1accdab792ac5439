package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"vigil"
	"vigil/photo"
	"vigil/seal"
)

var events = &table[vigil.Event]{
	name: "events",
	noun: "event",
	cols: append(append(append([]string{"campaign_id", "kind"}, namesCols("title")...), namesCols("summary")...),
		"date", "date_start", "date_end", "place_id", "place_text", "organizer_ids", "participants", "participants_low", "participants_best", "participants_high", "notes"),
	args: func(e *vigil.Event) []any {
		fig, _ := json.Marshal(e.Participants)
		var lo, best, hi any
		if iv := e.ParticipantsInterval; iv != nil {
			lo, best, hi = ptrArg(iv.Low), iv.Best, ptrArg(iv.High)
		}
		return append(append(append([]any{ptrArg(e.CampaignID), string(e.Kind)}, namesArgs(e.Title)...), namesArgs(e.Summary)...),
			e.Date, nullStr(e.DateStart), nullStr(e.DateEnd), ptrArg(e.PlaceID), e.PlaceText, jsonArg(e.OrganizerIDs), string(fig), lo, best, hi, e.Notes)
	},
	dest: func(e *vigil.Event) []any {
		return append(append(append([]any{i64Ptr{&e.CampaignID}, &e.Kind}, namesDest(&e.Title)...), namesDest(&e.Summary)...),
			&e.Date, strCol{&e.DateStart}, strCol{&e.DateEnd}, i64Ptr{&e.PlaceID}, &e.PlaceText, jsonCol{&e.OrganizerIDs}, jsonCol{&e.Participants},
			discard{}, discard{}, discard{}, &e.Notes)
	},
	meta: func(e *vigil.Event) *vigil.Meta { return &e.Meta },
	refs: func(e *vigil.Event) []ref {
		rs := []ref{refTo("campaign_id", "campaigns", "campaign", e.CampaignID), refTo("place_id", "places", "place", e.PlaceID)}
		for _, id := range e.OrganizerIDs {
			rs = append(rs, refID("organizer_ids", "actors", "actor", id))
		}
		return rs
	},
	usedBy: []backref{{"photos", "event_id"}, {"campaign_actions", "event_id"}},
	keep: func(rec, cur *vigil.Event, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: func(e *vigil.Event, v vigil.Viewer) {
		if !seesNotes(v) {
			e.Notes = ""
		}
	},
	// A restricted event (a meeting with witnesses, say) is described by
	// its words and its place as written.
	seal: restrictedOnly(func(e *vigil.Event) *vigil.Meta { return &e.Meta }, func(e *vigil.Event) {
		e.Title, e.Summary, e.PlaceText, e.Notes = vigil.Names{}, vigil.Names{}, "", ""
	}, "title_ko", "title_en", "title_zh", "summary_ko", "summary_en", "summary_zh", "place_text", "notes"),
	// The participants' interval is the store policy's reading of the
	// figure, like a claim's; the stored low/best/high serve SQL only.
	load: func(_ context.Context, t *txn, recs []*vigil.Event) error {
		for _, e := range recs {
			e.ParticipantsInterval = nil
			if e.Participants.Text == "" && e.Participants.Qualifier == "" {
				continue
			}
			if iv, err := t.s.policy.Interval(e.Participants); err == nil {
				e.ParticipantsInterval = &iv
			}
		}
		return nil
	},
}

// discard is a scan target that drops the value.
type discard struct{}

func (discard) Scan(any) error { return nil }

// FindEventByID returns event id if the viewer may see it.
func (s *Store) FindEventByID(ctx context.Context, id int64) (*vigil.Event, error) {
	return findByID(ctx, s, events, id)
}

// FindEvents lists the visible events matching f.
func (s *Store) FindEvents(ctx context.Context, f vigil.EventFilter) ([]*vigil.Event, int, error) {
	var w where
	if f.CampaignID != nil {
		w.add("t.campaign_id = ?", *f.CampaignID)
	}
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	return findList(ctx, s, events, w, f.Page, map[string]string{"date": "t.date_start", "updated_at": "t.updated_at"})
}

// CreateEvent validates and stores an event; its participants figure is
// read under the store's policy.
func (s *Store) CreateEvent(ctx context.Context, e *vigil.Event) (err error) {
	defer restore(e, &err)()
	return create(ctx, s, events, e, func() error { return e.Validate(s.policy) })
}

// UpdateEvent stores e over the version it carries.
func (s *Store) UpdateEvent(ctx context.Context, e *vigil.Event) (err error) {
	defer restore(e, &err)()
	return change(ctx, s, events, e, func() error { return e.Validate(s.policy) })
}

// DeleteEvent deletes an event without photos or timeline entries.
func (s *Store) DeleteEvent(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, events, id, version)
}

var photos = &table[vigil.Photo]{
	name: "photos",
	noun: "photo",
	cols: append(append([]string{"event_id"}, namesCols("caption")...), "photographer_id", "credit", "consent", "risk_check", "risk_note",
		"checked_by", "checked_at", "content_type", "width", "height", "bytes", "sha256", "data_key"),
	args: func(p *vigil.Photo) []any {
		return append(append([]any{p.EventID}, namesArgs(p.Caption)...), ptrArg(p.PhotographerID), p.Credit, string(p.Consent), string(p.RiskCheck), p.RiskNote,
			p.CheckedBy, timeArg(p.CheckedAt), p.ContentType, p.Width, p.Height, p.Bytes, p.SHA256, p.DataKey)
	},
	dest: func(p *vigil.Photo) []any {
		return append(append([]any{&p.EventID}, namesDest(&p.Caption)...), i64Ptr{&p.PhotographerID}, &p.Credit, &p.Consent, &p.RiskCheck, &p.RiskNote,
			&p.CheckedBy, timePtr{&p.CheckedAt}, &p.ContentType, &p.Width, &p.Height, &p.Bytes, &p.SHA256, &p.DataKey)
	},
	// A restricted photo's caption, credit (the photographer may be at
	// risk) and risk note are sealed, and so is the key its image is
	// encrypted with (CreatePhoto): the image bytes are never stored in
	// the clear.
	seal: restrictedOnly(func(p *vigil.Photo) *vigil.Meta { return &p.Meta }, func(p *vigil.Photo) {
		p.Caption, p.Credit, p.RiskNote, p.DataKey = vigil.Names{}, "", "", ""
	}, "caption_ko", "caption_en", "caption_zh", "credit", "risk_note", "data_key"),
	meta: func(p *vigil.Photo) *vigil.Meta { return &p.Meta },
	refs: func(p *vigil.Photo) []ref {
		return []ref{refID("event_id", "events", "event", p.EventID), refTo("photographer_id", "actors", "actor", p.PhotographerID)}
	},
	parents: []parentCol{{"event_id", "events"}},
	visible: "EXISTS (SELECT 1 FROM events e WHERE e.id = t.event_id AND e.sensitivity_rank <= ?)",
	keep: func(rec, cur *vigil.Photo, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.RiskNote = cur.RiskNote
		}
	},
	project: func(p *vigil.Photo, v vigil.Viewer) {
		if !seesNotes(v) {
			p.RiskNote, p.CheckedBy = "", ""
		}
	},
	// The risk check is an editorial decision; the image's facts are the
	// store's.
	before: func(_ context.Context, t *txn, p, cur *vigil.Photo) error {
		if cur == nil {
			if p.RiskCheck != vigil.RiskPending && !t.v.CanEdit() {
				return vigil.Errorf(vigil.EFORBIDDEN, "you may not set a photo's risk check: an editor or admin role is required")
			}
			if p.RiskCheck != vigil.RiskPending {
				p.CheckedBy, p.CheckedAt = t.v.Actor, &t.now
			}
			return nil
		}
		p.ContentType, p.Width, p.Height, p.Bytes, p.SHA256, p.DataKey = cur.ContentType, cur.Width, cur.Height, cur.Bytes, cur.SHA256, cur.DataKey
		p.CheckedBy, p.CheckedAt = cur.CheckedBy, cur.CheckedAt
		if p.EventID != cur.EventID {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid photo", Fields: map[string]string{"event_id": "cannot change; upload the photo to the other event"}}
		}
		if p.RiskCheck != cur.RiskCheck || p.RiskNote != cur.RiskNote {
			if !t.v.CanEdit() {
				return vigil.Errorf(vigil.EFORBIDDEN, "you may not change a photo's risk check: an editor or admin role is required")
			}
			p.CheckedBy, p.CheckedAt = t.v.Actor, &t.now
		}
		return nil
	},
}

// FindPhotoByID returns photo id's record if the viewer may see it and
// its event.
func (s *Store) FindPhotoByID(ctx context.Context, id int64) (*vigil.Photo, error) {
	return findByID(ctx, s, photos, id)
}

// FindPhotos lists the visible photos matching f.
func (s *Store) FindPhotos(ctx context.Context, f vigil.PhotoFilter) ([]*vigil.Photo, int, error) {
	var w where
	if f.EventID != nil {
		w.add("t.event_id = ?", *f.EventID)
	}
	return findList(ctx, s, photos, w, f.Page, nil)
}

// MaxPhotoBytes bounds an uploaded image.
const MaxPhotoBytes = 20 << 20

// CreatePhoto strips image of every metadata block by re-encoding it
// (package photo), then stores it with ph. The original bytes are never
// written anywhere.
func (s *Store) CreatePhoto(ctx context.Context, ph *vigil.Photo, image []byte) (err error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "upload a photo"); err != nil {
		return err
	}
	defer restore(ph, &err)()
	if len(image) > MaxPhotoBytes {
		return vigil.Errorf(vigil.ETOOLARGE, "the image is larger than %d MiB", MaxPhotoBytes>>20)
	}
	img, err := photo.Strip(image)
	if err != nil {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid photo", Fields: map[string]string{"image": "must be a JPEG or PNG image (" + err.Error() + ")"}}
	}
	ph.ContentType, ph.Width, ph.Height, ph.Bytes, ph.SHA256 = img.ContentType, img.Width, img.Height, len(img.Data), img.SHA256
	ph.CheckedBy, ph.CheckedAt = "", nil
	// The image is stored encrypted under a key of its own, kept in
	// data_key: sealed with the photo's other fields when it is
	// restricted, so that a copy of the database shows no face.
	key, err := seal.NewKey()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	data, err := seal.SealBlob(key, photoAAD(img.SHA256), img.Data)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	ph.DataKey = key.Encode()
	if err := ph.Validate(); err != nil {
		return err
	}
	if err := checkClearance(v, ph.Sensitivity, "photo"); err != nil {
		return err
	}
	if err := checkPublish(v, ph.Sensitivity, nil, "photo"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		if err := checkRefs(ctx, t, "photo", photos.refs(ph)); err != nil {
			return err
		}
		if err := atLeastParents(ctx, t, photos, ph, nil); err != nil {
			return err
		}
		if err := photos.before(ctx, t, ph, nil); err != nil {
			return err
		}
		ph.ID, ph.Version, ph.CreatedAt, ph.UpdatedAt = 0, 1, t.now, t.now
		if err := insertRow(ctx, t, photos, ph); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE photos SET data = ? WHERE id = ?", data, ph.ID); err != nil {
			return fmt.Errorf("store: store image of photo %d: %w", ph.ID, err)
		}
		return auditRecord(ctx, t, photos, vigil.ActionCreate, ph)
	})
}

// UpdatePhoto stores ph over the version it carries. Changing the risk
// check needs an editing role; a public photo must have cleared it and
// have consent.
func (s *Store) UpdatePhoto(ctx context.Context, ph *vigil.Photo) (err error) {
	defer restore(ph, &err)()
	return change(ctx, s, photos, ph, ph.Validate)
}

// DeletePhoto deletes a photo and its image.
func (s *Store) DeletePhoto(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, photos, id, version)
}

// PhotoImage returns the stored, stripped image of photo id if the viewer
// may see the photo.
func (s *Store) PhotoImage(ctx context.Context, id int64) ([]byte, string, error) {
	var data []byte
	var ct string
	err := s.read(ctx, func(t *txn) error {
		p, err := get(ctx, t, photos, id)
		if err != nil {
			return err
		}
		ct = p.ContentType
		err = t.queryRow(ctx, "SELECT data FROM photos WHERE id = ?", id).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("photo", id)
		} else if err != nil {
			return fmt.Errorf("store: image of photo %d: %w", id, err)
		}
		if p.DataKey == "" {
			return nil // stored before images were encrypted
		}
		key, err := seal.ParseKey(p.DataKey)
		if err != nil {
			return fmt.Errorf("store: key of photo %d: %w", id, err)
		}
		if data, err = seal.OpenBlob(key, photoAAD(p.SHA256), data); err != nil {
			return fmt.Errorf("store: image of photo %d: %w", id, err)
		}
		return nil
	})
	return data, ct, err
}

// encryptStoredImages encrypts the images stored before images were
// encrypted, each under a key of its own in data_key (which reseal then
// seals for a restricted photo). It returns how many it encrypted.
func (t *txn) encryptStoredImages(ctx context.Context) (int, error) {
	rows, err := t.query(ctx, "SELECT id, sha256 FROM photos WHERE data_key = '' AND data IS NOT NULL ORDER BY id")
	if err != nil {
		return 0, fmt.Errorf("store: encrypt stored images: %w", err)
	}
	type photoRow struct {
		id  int64
		sum string
	}
	var todo []photoRow
	for rows.Next() {
		var r photoRow
		if err := rows.Scan(&r.id, &r.sum); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: encrypt stored images: %w", err)
		}
		todo = append(todo, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return 0, fmt.Errorf("store: encrypt stored images: %w", err)
	}
	rows.Close()
	for _, r := range todo {
		var data []byte
		if err := t.queryRow(ctx, "SELECT data FROM photos WHERE id = ?", r.id).Scan(&data); err != nil {
			return 0, fmt.Errorf("store: encrypt image of photo %d: %w", r.id, err)
		}
		key, err := seal.NewKey()
		if err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
		if data, err = seal.SealBlob(key, photoAAD(r.sum), data); err != nil {
			return 0, fmt.Errorf("store: %w", err)
		}
		if _, err := t.exec(ctx, "UPDATE photos SET data = ?, data_key = ? WHERE id = ?", data, key.Encode(), r.id); err != nil {
			return 0, fmt.Errorf("store: encrypt image of photo %d: %w", r.id, err)
		}
	}
	return len(todo), nil
}

// photoAAD binds an encrypted image to the SHA-256 of its bytes.
func photoAAD(sum string) string { return "photos.data:" + sum }
