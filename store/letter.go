package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"vigil"
)

// currentSig is the SQL condition (aliases s for signatures, l for
// letters) of a signature that counts: bound to the letter's frozen hash
// and not withdrawn.
const currentSig = "s.withdrawn_at IS NULL AND l.text_hash <> '' AND s.text_hash = l.text_hash"

var letters = &table[vigil.Letter]{
	name: "letters",
	noun: "letter",
	cols: append(append([]string{"campaign_id"}, append(namesCols("title"), namesCols("addressed_to")...)...),
		"status", "current_version", "frozen_version", "text_hash", "frozen_at", "delivered_at"),
	args: func(l *vigil.Letter) []any {
		return append(append([]any{ptrArg(l.CampaignID)}, append(namesArgs(l.Title), namesArgs(l.AddressedTo)...)...),
			string(l.Status), l.CurrentVersion, l.FrozenVersion, l.TextHash, timeArg(l.FrozenAt), timeArg(l.DeliveredAt))
	},
	dest: func(l *vigil.Letter) []any {
		return append(append([]any{i64Ptr{&l.CampaignID}}, append(namesDest(&l.Title), namesDest(&l.AddressedTo)...)...),
			&l.Status, &l.CurrentVersion, &l.FrozenVersion, &l.TextHash, timePtr{&l.FrozenAt}, timePtr{&l.DeliveredAt})
	},
	meta: func(l *vigil.Letter) *vigil.Meta { return &l.Meta },
	refs: func(l *vigil.Letter) []ref {
		return []ref{refTo("campaign_id", "campaigns", "campaign", l.CampaignID)}
	},
	usedBy: []backref{{"signatures", "letter_id"}, {"deliveries", "letter_id"}, {"campaign_actions", "letter_id"}, {"invitations", "letter_id"}},
	// The store owns status, versions, hash and dates: an update keeps the
	// stored ones, whatever the caller sent.
	before: func(_ context.Context, _ *txn, l, cur *vigil.Letter) error {
		if cur == nil {
			return nil
		}
		l.Status, l.CurrentVersion, l.FrozenVersion, l.TextHash = cur.Status, cur.CurrentVersion, cur.FrozenVersion, cur.TextHash
		l.FrozenAt, l.DeliveredAt, l.Text = cur.FrozenAt, cur.DeliveredAt, nil
		return nil
	},
	load: loadSignatureCounts,
	// A restricted letter's title and addressee are sealed, and so are its
	// texts and comments (letterVersionSeal, letterCommentSeal), which
	// follow the letter when its sensitivity changes.
	seal: restrictedOnly(func(l *vigil.Letter) *vigil.Meta { return &l.Meta }, func(l *vigil.Letter) {
		l.Title, l.AddressedTo, l.Text = vigil.Names{}, vigil.Names{}, nil
	}, "title_ko", "title_en", "title_zh", "addressed_to_ko", "addressed_to_en", "addressed_to_zh"),
	after: func(ctx context.Context, t *txn, l, cur *vigil.Letter) error {
		if cur == nil {
			return nil
		}
		if err := followParent(ctx, t, letterVersionSeal, l.ID, &cur.Meta, l.Sensitivity); err != nil {
			return err
		}
		return followParent(ctx, t, letterCommentSeal, l.ID, &cur.Meta, l.Sensitivity)
	},
}

// loadSignatureCounts fills Letter.Signatures for a page of letters in
// one query.
func loadSignatureCounts(ctx context.Context, t *txn, recs []*vigil.Letter) error {
	if len(recs) == 0 {
		return nil
	}
	byID := map[int64]*vigil.Letter{}
	var w where
	ids := make([]int64, len(recs))
	for i, l := range recs {
		byID[l.ID], ids[i] = l, l.ID
	}
	w.in("l.id", ids)
	rows, err := t.query(ctx, "SELECT l.id, COUNT(*) FROM signatures s JOIN letters l ON l.id = s.letter_id WHERE "+w.sql()+" AND "+currentSig+" GROUP BY l.id", w.args...)
	if err != nil {
		return fmt.Errorf("store: count signatures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return fmt.Errorf("store: count signatures: %w", err)
		}
		byID[id].Signatures = n
	}
	return rows.Err()
}

// FindLetterByID returns letter id if the viewer may see it.
func (s *Store) FindLetterByID(ctx context.Context, id int64) (*vigil.Letter, error) {
	return findByID(ctx, s, letters, id)
}

// FindLetters lists the visible letters matching f.
func (s *Store) FindLetters(ctx context.Context, f vigil.LetterFilter) ([]*vigil.Letter, int, error) {
	var w where
	if f.CampaignID != nil {
		w.add("t.campaign_id = ?", *f.CampaignID)
	}
	if f.Status != "" {
		w.add("t.status = ?", string(f.Status))
	}
	return findList(ctx, s, letters, w, f.Page, map[string]string{"updated_at": "t.updated_at"})
}

// CreateLetter validates and stores a letter with its first text, in one
// transaction.
func (s *Store) CreateLetter(ctx context.Context, l *vigil.Letter, text *vigil.LetterVersion) (err error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "create a letter"); err != nil {
		return err
	}
	defer restore(l, &err)()
	defer restore(text, &err)()
	p := vigil.Problems{}
	for _, e := range []error{l.Validate(), text.Validate()} {
		for k, r := range vigil.ErrorFields(e) {
			p.Add(k, "%s", r)
		}
	}
	if err := p.Err("letter"); err != nil {
		return err
	}
	if err := checkClearance(v, l.Sensitivity, "letter"); err != nil {
		return err
	}
	if err := checkPublish(v, l.Sensitivity, nil, "letter"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		if err := checkRefs(ctx, t, "letter", letters.refs(l)); err != nil {
			return err
		}
		l.ID, l.Version, l.CreatedAt, l.UpdatedAt = 0, 1, t.now, t.now
		l.Status, l.CurrentVersion, l.FrozenVersion, l.TextHash, l.FrozenAt, l.DeliveredAt, l.Signatures, l.Text = vigil.LetterDraft, 1, 0, "", nil, nil, 0, nil
		if err := insertRow(ctx, t, letters, l); err != nil {
			return err
		}
		if err := auditRecord(ctx, t, letters, vigil.ActionCreate, l); err != nil {
			return err
		}
		return insertVersion(ctx, t, l, 1, text)
	})
}

// insertVersion stores text as version n of letter l and audits it. The
// text of a restricted letter is sealed (letterVersionSeal): the row is
// inserted without it, then it is written sealed for the row. The hash is
// of the plaintext, so that signers can check it.
func insertVersion(ctx context.Context, t *txn, l *vigil.Letter, n int, text *vigil.LetterVersion) error {
	id := l.ID
	text.LetterID, text.Number, text.Author, text.CreatedAt, text.Hash = id, n, t.v.Actor, t.now, text.TextHash()
	err := t.queryRow(ctx, `INSERT INTO letter_versions (letter_id, number, title_ko, title_en, body_ko, body_en, note, author, created_at, hash)
		VALUES (?, ?, '', '', '', '', '', ?, ?, ?) RETURNING id`,
		id, n, text.Author, fmtTime(t.now), text.Hash).Scan(&text.ID)
	if err != nil {
		return mapWriteErr(fmt.Errorf("store: save version %d of letter %d: %w", n, id, err), "letter version")
	}
	sealed := l.Sensitivity == vigil.Restricted
	vals := []string{text.Title.Ko, text.Title.En, text.Body.Ko, text.Body.En, text.Note}
	args := make([]any, len(vals))
	for i, v := range vals {
		if args[i], err = t.sealedOrClear(ctx, sealed, letterVersionSeal.table, letterVersionSeal.cols[i], text.ID, v); err != nil {
			return err
		}
	}
	if _, err := t.exec(ctx, "UPDATE letter_versions SET title_ko = ?, title_en = ?, body_ko = ?, body_en = ?, note = ? WHERE id = ?", append(args, text.ID)...); err != nil {
		return fmt.Errorf("store: save version %d of letter %d: %w", n, id, err)
	}
	if !sealed {
		return t.audit(ctx, vigil.ActionCreate, "letter_versions", text.ID, 1, text)
	}
	img := *text
	img.Title, img.Body, img.Note = vigil.Names{}, vigil.Names{}, ""
	plain := map[string]string{}
	for i, col := range letterVersionSeal.cols {
		plain[col] = vals[i]
	}
	return t.auditSealed(ctx, vigil.ActionCreate, "letter_versions", text.ID, 1, &img, plain)
}

// openVersion opens the sealed text of a restricted letter's version.
func openVersion(ctx context.Context, t *txn, v *vigil.LetterVersion) error {
	for i, p := range []*string{&v.Title.Ko, &v.Title.En, &v.Body.Ko, &v.Body.En, &v.Note} {
		var err error
		if *p, err = t.openIfSealed(ctx, letterVersionSeal.table, letterVersionSeal.cols[i], v.ID, *p); err != nil {
			return err
		}
	}
	return nil
}

// UpdateLetter changes a letter's title, campaign and addressee over the
// version it carries; status, text and hash are the store's.
func (s *Store) UpdateLetter(ctx context.Context, l *vigil.Letter) (err error) {
	defer restore(l, &err)()
	return change(ctx, s, letters, l, l.Validate)
}

// DeleteLetter deletes a letter nobody signed, invited or received, with
// its versions and comments. It needs an editing role.
func (s *Store) DeleteLetter(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, letters, id, version)
}

// lockedLetter reads letter id for a change of its text or signatures, and
// refuses a stale version and a delivered letter.
func lockedLetter(ctx context.Context, t *txn, id int64, version int) (*vigil.Letter, error) {
	cur, err := get(ctx, t, letters, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && cur.Version != version {
		return nil, stale("letter", id, cur.Version, version)
	}
	if cur.Status == vigil.LetterDelivered {
		return nil, vigil.Errorf(vigil.EUNPROCESSABLE, "letter %d was delivered; its text and signatures can no longer change", id)
	}
	return cur, nil
}

// SaveLetterText saves text as the next version of letter id. A frozen
// letter becomes a draft again: its hash is cleared, and the signatures
// on the old hash no longer count until the signers sign the new text.
func (s *Store) SaveLetterText(ctx context.Context, id int64, version int, text *vigil.LetterVersion) (out *vigil.Letter, err error) {
	if err := canWrite(vigil.ViewerFrom(ctx), "edit a letter"); err != nil {
		return nil, err
	}
	defer restore(text, &err)()
	if err := text.Validate(); err != nil {
		return nil, err
	}
	err = s.write(ctx, func(t *txn) error {
		cur, err := lockedLetter(ctx, t, id, version)
		if err != nil {
			return err
		}
		var last string
		if err := t.queryRow(ctx, "SELECT hash FROM letter_versions WHERE letter_id = ? AND number = ?", id, cur.CurrentVersion).Scan(&last); err != nil {
			return fmt.Errorf("store: read version %d of letter %d: %w", cur.CurrentVersion, id, err)
		}
		if last == text.TextHash() {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid letter text", Fields: map[string]string{"body": fmt.Sprintf("is the same as version %d; nothing to save", cur.CurrentVersion)}}
		}
		n := cur.CurrentVersion + 1
		if err := insertVersion(ctx, t, cur, n, text); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE letters SET current_version = ?, status = 'draft', frozen_version = 0, text_hash = '', frozen_at = NULL, version = version + 1, updated_at = ? WHERE id = ?",
			n, fmtTime(t.now), id); err != nil {
			return fmt.Errorf("store: move letter %d to version %d: %w", id, n, err)
		}
		return t.reauditLetter(ctx, id, &out)
	})
	return out, err
}

// reauditLetter reads letter id after a change, audits it and returns it
// in *out.
func (t *txn) reauditLetter(ctx context.Context, id int64, out **vigil.Letter) error {
	l, err := getAs(ctx, t, letters, id, rankAll, true)
	if err != nil {
		return err
	}
	if err := auditRecord(ctx, t, letters, vigil.ActionUpdate, l); err != nil {
		return err
	}
	*out = l
	return nil
}

// FindLetterVersions returns every version of letter id, oldest first.
func (s *Store) FindLetterVersions(ctx context.Context, letterID int64) ([]*vigil.LetterVersion, error) {
	var out []*vigil.LetterVersion
	err := s.read(ctx, func(t *txn) error {
		if _, err := get(ctx, t, letters, letterID); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT id, letter_id, number, title_ko, title_en, body_ko, body_en, note, author, created_at, hash FROM letter_versions WHERE letter_id = ? ORDER BY number", letterID)
		if err != nil {
			return fmt.Errorf("store: versions of letter %d: %w", letterID, err)
		}
		defer rows.Close()
		for rows.Next() {
			v := &vigil.LetterVersion{}
			if err := rows.Scan(&v.ID, &v.LetterID, &v.Number, &v.Title.Ko, &v.Title.En, &v.Body.Ko, &v.Body.En, &v.Note, &v.Author, timeCol{&v.CreatedAt}, &v.Hash); err != nil {
				return fmt.Errorf("store: versions of letter %d: %w", letterID, err)
			}
			if !seesNotes(t.v) {
				v.Author = ""
			}
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: versions of letter %d: %w", letterID, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: versions of letter %d: %w", letterID, err)
		}
		for _, v := range out {
			if err := openVersion(ctx, t, v); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// letterVersion reads version n of letter id.
func letterVersion(ctx context.Context, t *txn, id int64, n int) (*vigil.LetterVersion, error) {
	v := &vigil.LetterVersion{}
	err := t.queryRow(ctx, "SELECT id, letter_id, number, title_ko, title_en, body_ko, body_en, note, author, created_at, hash FROM letter_versions WHERE letter_id = ? AND number = ?", id, n).
		Scan(&v.ID, &v.LetterID, &v.Number, &v.Title.Ko, &v.Title.En, &v.Body.Ko, &v.Body.En, &v.Note, &v.Author, timeCol{&v.CreatedAt}, &v.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "letter %d has no version %d", id, n)
	} else if err != nil {
		return nil, fmt.Errorf("store: read version %d of letter %d: %w", n, id, err)
	}
	if err := openVersion(ctx, t, v); err != nil {
		return nil, err
	}
	return v, nil
}

// FreezeLetter locks the current version of letter id and stores its
// hash; signing opens. It needs an editing role.
func (s *Store) FreezeLetter(ctx context.Context, id int64, version int) (*vigil.Letter, error) {
	if err := canEdit(vigil.ViewerFrom(ctx), "freeze a letter"); err != nil {
		return nil, err
	}
	var out *vigil.Letter
	err := s.write(ctx, func(t *txn) error {
		cur, err := lockedLetter(ctx, t, id, version)
		if err != nil {
			return err
		}
		if cur.Status == vigil.LetterFrozen {
			return vigil.Errorf(vigil.ECONFLICT, "letter %d is already frozen at version %d", id, cur.FrozenVersion)
		}
		text, err := letterVersion(ctx, t, id, cur.CurrentVersion)
		if err != nil {
			return err
		}
		if text.Hash != text.TextHash() {
			return fmt.Errorf("store: version %d of letter %d does not match its stored hash", text.Number, id)
		}
		if _, err := t.exec(ctx, "UPDATE letters SET status = 'frozen', frozen_version = ?, text_hash = ?, frozen_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
			text.Number, text.Hash, fmtTime(t.now), fmtTime(t.now), id); err != nil {
			return fmt.Errorf("store: freeze letter %d: %w", id, err)
		}
		return t.reauditLetter(ctx, id, &out)
	})
	return out, err
}

// AddLetterComment stores a comment on a version of a letter; version 0
// means the current one. Comments need a writing role and coalition
// clearance.
func (s *Store) AddLetterComment(ctx context.Context, c *vigil.LetterComment) (err error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "comment on a letter"); err != nil {
		return err
	}
	defer restore(c, &err)()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		l, err := get(ctx, t, letters, c.LetterID)
		if err != nil {
			return err
		}
		if c.Version == 0 {
			c.Version = l.CurrentVersion
		} else if c.Version > l.CurrentVersion {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid comment", Fields: map[string]string{"version": fmt.Sprintf("letter %d has versions 1 to %d", l.ID, l.CurrentVersion)}}
		}
		c.Author, c.CreatedAt = t.v.Actor, t.now
		if err := t.queryRow(ctx, "INSERT INTO letter_comments (letter_id, version, lang, body, author, created_at) VALUES (?, ?, ?, '', ?, ?) RETURNING id",
			c.LetterID, c.Version, c.Lang, c.Author, fmtTime(t.now)).Scan(&c.ID); err != nil {
			return mapWriteErr(fmt.Errorf("store: add comment to letter %d: %w", c.LetterID, err), "comment")
		}
		// A comment on a restricted letter is sealed for its row.
		sealed := l.Sensitivity == vigil.Restricted
		body, err := t.sealedOrClear(ctx, sealed, letterCommentSeal.table, "body", c.ID, c.Body)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE letter_comments SET body = ? WHERE id = ?", body, c.ID); err != nil {
			return fmt.Errorf("store: add comment to letter %d: %w", c.LetterID, err)
		}
		if sealed {
			img := *c
			img.Body = ""
			return t.auditSealed(ctx, vigil.ActionCreate, "letter_comments", c.ID, 1, &img, map[string]string{"body": c.Body})
		}
		return t.audit(ctx, vigil.ActionCreate, "letter_comments", c.ID, 1, c)
	})
}

// FindLetterComments lists the comments on letter id, oldest first. They
// are internal: below coalition clearance the list is empty.
func (s *Store) FindLetterComments(ctx context.Context, letterID int64) ([]*vigil.LetterComment, error) {
	out := []*vigil.LetterComment{}
	err := s.read(ctx, func(t *txn) error {
		if _, err := get(ctx, t, letters, letterID); err != nil {
			return err
		}
		if !seesNotes(t.v) {
			return nil
		}
		rows, err := t.query(ctx, "SELECT id, letter_id, version, lang, body, author, created_at FROM letter_comments WHERE letter_id = ? ORDER BY id", letterID)
		if err != nil {
			return fmt.Errorf("store: comments of letter %d: %w", letterID, err)
		}
		defer rows.Close()
		for rows.Next() {
			c := &vigil.LetterComment{}
			if err := rows.Scan(&c.ID, &c.LetterID, &c.Version, &c.Lang, &c.Body, &c.Author, timeCol{&c.CreatedAt}); err != nil {
				return fmt.Errorf("store: comments of letter %d: %w", letterID, err)
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: comments of letter %d: %w", letterID, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: comments of letter %d: %w", letterID, err)
		}
		for _, c := range out {
			if c.Body, err = t.openIfSealed(ctx, letterCommentSeal.table, "body", c.ID, c.Body); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// LetterDocument builds the public projection of a frozen or delivered
// letter: its frozen text, hash, date, the current signatories the viewer
// may see under the names output shows (organizations' names,
// individuals' display names or pseudonyms; never a restricted identity)
// and the deliveries.
func (s *Store) LetterDocument(ctx context.Context, id int64) (*vigil.LetterDocument, error) {
	var doc *vigil.LetterDocument
	err := s.read(ctx, func(t *txn) error {
		l, err := get(ctx, t, letters, id)
		if err != nil {
			return err
		}
		if l.Status == vigil.LetterDraft {
			return vigil.Errorf(vigil.EUNPROCESSABLE, "letter %d is a draft; freeze it before making a PDF or export", id)
		}
		text, err := letterVersion(ctx, t, id, l.FrozenVersion)
		if err != nil {
			return err
		}
		doc = &vigil.LetterDocument{LetterID: id, Version: text.Number, Title: text.Title, Body: text.Body, AddressedTo: l.AddressedTo,
			TextHash: l.TextHash, Status: l.Status, Signatories: []vigil.Signatory{}, Deliveries: []vigil.DeliveryRef{}}
		if l.FrozenAt != nil {
			doc.Date = l.FrozenAt.Format("2006-01-02")
		}
		rows, err := t.query(ctx, `SELECT s.kind, s.pseudonymous, s.display_name_ko, s.display_name_en, `+orgName("ko")+`, `+orgName("en")+`
			FROM signatures s JOIN letters l ON l.id = s.letter_id LEFT JOIN actors a ON a.id = s.organization_id
			WHERE s.letter_id = ? AND s.sensitivity_rank <= ? AND `+currentSig+` ORDER BY CASE s.kind WHEN 'organization' THEN 0 ELSE 1 END, s.signed_at, s.id`, t.clearance(), t.clearance(), id, t.clearance())
		if err != nil {
			return fmt.Errorf("store: signatories of letter %d: %w", id, err)
		}
		defer rows.Close()
		for rows.Next() {
			var sg vigil.Signatory
			var dko, den, oko, oen string
			if err := rows.Scan(&sg.Kind, boolCol{&sg.Pseudonymous}, &dko, &den, &oko, &oen); err != nil {
				return fmt.Errorf("store: signatories of letter %d: %w", id, err)
			}
			sg.Name = vigil.Names{Ko: dko, En: den}
			if sg.Kind == vigil.SignerOrganization {
				sg.Name = vigil.Names{Ko: oko, En: oen}
			}
			doc.Signatories = append(doc.Signatories, sg)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		ds, _, err := list(ctx, t, deliveries, where{conds: []string{"t.letter_id = ?"}, args: []any{id}}, " ORDER BY t.date, t.id", vigil.Page{Limit: vigil.MaxLimit})
		if err != nil {
			return err
		}
		for i, d := range ds {
			if i == 0 && len(d.Date) >= 10 {
				doc.Date = d.Date[:10]
			}
			doc.Deliveries = append(doc.Deliveries, vigil.DeliveryRef{Recipient: strings.TrimSpace(d.Recipient), Channel: d.Channel, Date: d.Date})
		}
		return nil
	})
	return doc, err
}
