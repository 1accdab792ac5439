package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"vigil"
	"vigil/seal"
)

// sigSelect is the column list of a signature read at clearance rank
// clr (aliases s, l for its letter, a for its organization). The
// restricted identity (restricted_* columns) is selected only at
// restricted clearance, and the representative only from coalition
// clearance up: the filtering happens in SQL, so a lower reader's rows
// never carry them.
func sigSelect() string {
	return `s.id, s.sensitivity, s.version, s.created_at, s.updated_at, s.letter_id, s.invitation_id, s.kind, s.organization_id,
		` + orgName("ko") + `, ` + orgName("en") + `, ` + orgName("zh") + `,
		CASE WHEN ? >= 1 THEN s.representative_name ELSE '' END,
		CASE WHEN ? >= 1 THEN s.representative_title ELSE '' END,
		CASE WHEN ? >= 1 THEN s.authority ELSE '' END,
		s.authority_verified, CASE WHEN ? >= 1 THEN s.verified_by ELSE '' END, s.verified_at,
		s.display_name_ko, s.display_name_en, s.display_name_zh, s.pseudonymous,
		CASE WHEN ? >= 2 THEN s.restricted_real_name ELSE '' END,
		CASE WHEN ? >= 2 THEN s.restricted_contact ELSE '' END,
		CASE WHEN ? >= 2 THEN s.restricted_person END,
		s.text_hash, s.version_number, s.signed_at, s.withdrawn_at,
		CASE WHEN ? >= 1 THEN s.withdraw_reason ELSE '' END,
		CASE WHEN ` + currentSig + ` THEN 1 ELSE 0 END`
}

const sigFrom = " FROM signatures s JOIN letters l ON l.id = s.letter_id LEFT JOIN actors a ON a.id = s.organization_id"

// sigArgs are the clearance arguments of sigSelect.
func sigArgs(clr int) []any { return repeatArg(clr, 11) }

// orgName is the SQL of a signing organization's name in lang (alias a)
// for a reader at clearance ?: empty when the organization is beyond the
// reader's clearance, or restricted (its name is then not for output).
func orgName(lang string) string {
	return "COALESCE(CASE WHEN a.sensitivity_rank <= ? AND a.sensitivity_rank < 2 THEN a.name_" + lang + " END, '')"
}

// signatureSeal: a signature's restricted identity is sealed in every
// row, whatever the signature's sensitivity (the signature of a
// protected person is public under its pseudonym). The person link is
// sealed in restricted_person, as text; restricted_person_id, which
// cannot hold a ciphertext, stays NULL.
var signatureSeal = sealSpec{
	table: "signatures",
	cols:  []string{"restricted_real_name", "restricted_contact", "restricted_person"},
	cond:  "1 = 1",
	desc:  "every signature",
}

// sigIdentity is a signature's restricted identity as read: sealed at
// restricted clearance, empty below it (sigSelect's CASE).
type sigIdentity struct {
	name, contact string
	person        *string
}

func scanSignature(sc scanner, sg *vigil.Signature, clr int, raw *sigIdentity) error {
	err := sc.Scan(&sg.ID, &sg.Sensitivity, &sg.Meta.Version, timeCol{&sg.CreatedAt}, timeCol{&sg.UpdatedAt}, &sg.LetterID, i64Ptr{&sg.InvitationID}, &sg.Kind, i64Ptr{&sg.OrganizationID},
		&sg.Organization.Ko, &sg.Organization.En, &sg.Organization.Zh,
		&sg.RepresentativeName, &sg.RepresentativeTitle, &sg.Authority, boolCol{&sg.AuthorityVerified}, &sg.VerifiedBy, timePtr{&sg.VerifiedAt},
		&sg.DisplayName.Ko, &sg.DisplayName.En, &sg.DisplayName.Zh, boolCol{&sg.Pseudonymous},
		&raw.name, &raw.contact, strPtrCol{&raw.person},
		&sg.TextHash, &sg.TextVersion, timeCol{&sg.SignedAt}, timePtr{&sg.WithdrawnAt}, &sg.WithdrawReason, boolCol{&sg.Current})
	sg.Redacted = clr < rankAll
	return err
}

// openIdentity opens the restricted identity read with sg into sg. Below
// restricted clearance nothing was read, and nothing is opened.
func openIdentity(ctx context.Context, t *txn, sg *vigil.Signature, raw *sigIdentity) error {
	open := func(col, v string) (string, error) {
		if v == "" {
			return "", nil
		}
		return t.open(ctx, seal.AAD("signatures", col, sg.ID), v)
	}
	var err error
	if sg.RealName, err = open("restricted_real_name", raw.name); err != nil {
		return err
	}
	if sg.Contact, err = open("restricted_contact", raw.contact); err != nil {
		return err
	}
	sg.PersonID = nil
	if raw.person != nil {
		p, err := open("restricted_person", *raw.person)
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return fmt.Errorf("store: person of signature %d is not an id", sg.ID)
		}
		sg.PersonID = &id
	}
	return nil
}

// sealIdentity writes sg's restricted identity sealed for its row.
func sealIdentity(ctx context.Context, t *txn, sg *vigil.Signature) error {
	vals, err := t.sealValues(ctx, signatureSeal.table, sg.ID, signatureSeal.cols, identityValues(sg))
	if err != nil {
		return err
	}
	if _, err := t.exec(ctx, "UPDATE signatures SET restricted_real_name = ?, restricted_contact = ?, restricted_person = ? WHERE id = ?",
		append(vals, sg.ID)...); err != nil {
		return fmt.Errorf("store: seal signature %d: %w", sg.ID, err)
	}
	return nil
}

// identityValues are sg's restricted identity as plaintexts, in the order
// of signatureSeal.cols.
func identityValues(sg *vigil.Signature) []*string {
	name, contact := sg.RealName, sg.Contact
	vals := []*string{&name, &contact, nil}
	if sg.PersonID != nil {
		p := strconv.FormatInt(*sg.PersonID, 10)
		vals[2] = &p
	}
	return vals
}

// sigVisible is the condition for a signature to be visible: its own
// sensitivity and its letter's.
const sigVisible = "s.sensitivity_rank <= ? AND l.sensitivity_rank <= ?"

// getSignature reads signature id at clearance rank clr.
func getSignature(ctx context.Context, t *txn, id int64, clr int) (*vigil.Signature, error) {
	sg := &vigil.Signature{}
	var raw sigIdentity
	args := append(sigArgs(clr), id, clr, clr)
	err := scanSignature(t.queryRow(ctx, "SELECT "+sigSelect()+sigFrom+" WHERE s.id = ? AND "+sigVisible, args...), sg, clr, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("signature", id)
	} else if err != nil {
		return nil, fmt.Errorf("store: find signature %d: %w", id, err)
	}
	if err := openIdentity(ctx, t, sg, &raw); err != nil {
		return nil, err
	}
	return sg, nil
}

// FindSignatureByID returns signature id if the viewer may see it and its
// letter; the restricted identity only at restricted clearance.
func (s *Store) FindSignatureByID(ctx context.Context, id int64) (*vigil.Signature, error) {
	var sg *vigil.Signature
	err := s.read(ctx, func(t *txn) error {
		var err error
		sg, err = getSignature(ctx, t, id, t.clearance())
		return err
	})
	return sg, err
}

// FindSignatures lists the visible signatures matching f: organizations
// first, then by signing time.
func (s *Store) FindSignatures(ctx context.Context, f vigil.SignatureFilter) ([]*vigil.Signature, int, error) {
	if err := f.Page.Normalize("id"); err != nil {
		return nil, 0, err
	}
	var out []*vigil.Signature
	var n int
	err := s.read(ctx, func(t *txn) error {
		clr := t.clearance()
		w := where{conds: []string{sigVisible}, args: []any{clr, clr}}
		if f.LetterID != nil {
			w.add("s.letter_id = ?", *f.LetterID)
		}
		if f.CurrentOnly {
			w.add(currentSig)
		}
		if err := t.queryRow(ctx, "SELECT COUNT(*)"+sigFrom+" WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
			return fmt.Errorf("store: count signatures: %w", err)
		}
		order := " ORDER BY s.id"
		if strings.HasPrefix(f.Sort, "-") {
			order = " ORDER BY s.id DESC"
		}
		if err := t.ringFirst(ctx, clr >= rankAll); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT "+sigSelect()+sigFrom+" WHERE "+w.sql()+order+" LIMIT ? OFFSET ?", append(append(sigArgs(clr), w.args...), f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("store: list signatures: %w", err)
		}
		defer rows.Close()
		var raws []*sigIdentity
		for rows.Next() {
			sg, raw := &vigil.Signature{}, &sigIdentity{}
			if err := scanSignature(rows, sg, clr, raw); err != nil {
				return fmt.Errorf("store: list signatures: %w", err)
			}
			out, raws = append(out, sg), append(raws, raw)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list signatures: %w", err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: list signatures: %w", err)
		}
		for n, sg := range out {
			if err := openIdentity(ctx, t, sg, raws[n]); err != nil {
				return err
			}
		}
		return nil
	})
	if out == nil {
		out = []*vigil.Signature{}
	}
	return out, n, err
}

// withdraw marks signature sg withdrawn, unless its letter was delivered
// or it already is.
func withdraw(ctx context.Context, t *txn, sg *vigil.Signature, reason string) error {
	if _, err := lockedLetter(ctx, t, sg.LetterID, 0); err != nil {
		if vigil.ErrorCode(err) == vigil.EUNPROCESSABLE {
			return vigil.Errorf(vigil.EUNPROCESSABLE, "the letter has been delivered; a signature can no longer be withdrawn")
		}
		return err
	}
	if sg.WithdrawnAt != nil {
		return vigil.Errorf(vigil.ECONFLICT, "this signature was already withdrawn on %s", sg.WithdrawnAt.Format("2006-01-02"))
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 1000 {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid withdrawal", Fields: map[string]string{"reason": "is longer than 1000 characters"}}
	}
	if _, err := t.exec(ctx, "UPDATE signatures SET withdrawn_at = ?, withdraw_reason = ?, version = version + 1, updated_at = ? WHERE id = ? AND withdrawn_at IS NULL",
		fmtTime(t.now), reason, fmtTime(t.now), sg.ID); err != nil {
		return fmt.Errorf("store: withdraw signature %d: %w", sg.ID, err)
	}
	sg.WithdrawnAt, sg.WithdrawReason, sg.Current, sg.UpdatedAt = &t.now, reason, false, t.now
	sg.Meta.Version++
	return t.auditSignature(ctx, vigil.ActionUpdate, sg)
}

// signatureByCode reads the signature of a withdrawal code, whole.
func signatureByCode(ctx context.Context, t *txn, code string) (*vigil.Signature, error) {
	code = strings.TrimSpace(code)
	bad := vigil.Errorf(vigil.ENOTFOUND, "this withdrawal link is not valid: check that you opened the whole link")
	if !strings.HasPrefix(code, withdrawPrefix) || len(code) != tokenSecretLen {
		return nil, bad
	}
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM signatures WHERE withdraw_code_hash = ?", hashSecret(code)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bad
	} else if err != nil {
		return nil, fmt.Errorf("store: find signature by withdrawal code: %w", err)
	}
	return getSignature(ctx, t, id, rankAll)
}

// publicView drops from a signature what its signer gave privately: a
// withdrawal page shows the signer the name on the letter, not the
// identity or contact on file.
func publicView(sg *vigil.Signature) {
	sg.RealName, sg.Contact, sg.PersonID, sg.Redacted = "", "", nil, true
}

// OpenWithdrawal returns the signature a withdrawal code names and its
// letter, for the confirmation page.
func (s *Store) OpenWithdrawal(ctx context.Context, code string) (*vigil.Signature, *vigil.Letter, error) {
	var sg *vigil.Signature
	var l *vigil.Letter
	err := s.read(ctx, func(t *txn) error {
		var err error
		if sg, err = signatureByCode(ctx, t, code); err != nil {
			return err
		}
		publicView(sg)
		l, err = getAs(ctx, t, letters, sg.LetterID, rankAll, true)
		return err
	})
	return sg, l, err
}

// WithdrawByCode withdraws the signature of a withdrawal code. Like
// signing, it needs no account: the code is the authority.
func (s *Store) WithdrawByCode(ctx context.Context, code, reason string) (*vigil.Signature, error) {
	var sg *vigil.Signature
	err := s.write(ctx, func(t *txn) error {
		var err error
		if sg, err = signatureByCode(ctx, t, code); err != nil {
			return err
		}
		t.v = vigil.Viewer{Actor: fmt.Sprintf("signatory:%d", sg.ID), Role: vigil.RoleViewer, Clearance: vigil.Public}
		return withdraw(ctx, t, sg, reason)
	})
	if err != nil {
		return nil, err
	}
	publicView(sg)
	return sg, nil
}

// WithdrawSignature withdraws signature id on its signer's request. It
// needs an editing role.
func (s *Store) WithdrawSignature(ctx context.Context, id int64, version int, reason string) error {
	if err := canEdit(vigil.ViewerFrom(ctx), "withdraw a signature"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		sg, err := getSignature(ctx, t, id, t.clearance())
		if err != nil {
			return err
		}
		if sg.Meta.Version != version {
			return stale("signature", id, sg.Meta.Version, version)
		}
		return withdraw(ctx, t, sg, reason)
	})
}

// VerifyAuthority records that an editor verified a representative's
// declared authority to sign for their organization.
func (s *Store) VerifyAuthority(ctx context.Context, id int64, version int) error {
	if err := canEdit(vigil.ViewerFrom(ctx), "verify a representative's authority"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		sg, err := getSignature(ctx, t, id, t.clearance())
		if err != nil {
			return err
		}
		if sg.Meta.Version != version {
			return stale("signature", id, sg.Meta.Version, version)
		}
		if sg.Kind != vigil.SignerOrganization {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid verification", Fields: map[string]string{"kind": "only an organization's representative has an authority to verify"}}
		}
		if sg.AuthorityVerified {
			return vigil.Errorf(vigil.ECONFLICT, "the authority of signature %d was already verified by %s", id, sg.VerifiedBy)
		}
		if _, err := t.exec(ctx, "UPDATE signatures SET authority_verified = ?, verified_by = ?, verified_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
			true, t.v.Actor, fmtTime(t.now), fmtTime(t.now), id); err != nil {
			return fmt.Errorf("store: verify signature %d: %w", id, err)
		}
		sg.AuthorityVerified, sg.VerifiedBy, sg.VerifiedAt, sg.UpdatedAt = true, t.v.Actor, &t.now, t.now
		sg.Meta.Version++
		return t.auditSignature(ctx, vigil.ActionUpdate, sg)
	})
}

var deliveries = &table[vigil.Delivery]{
	name: "deliveries",
	noun: "delivery",
	cols: []string{"letter_id", "recipient_id", "recipient", "channel", "date", "acknowledged", "acknowledged_date", "evidence_source_id", "notes", "text_hash", "signatories"},
	args: func(d *vigil.Delivery) []any {
		return []any{d.LetterID, ptrArg(d.RecipientID), d.Recipient, string(d.Channel), d.Date, d.Acknowledged, d.AcknowledgedDate, ptrArg(d.EvidenceSourceID), d.Notes, d.TextHash, d.Signatories}
	},
	dest: func(d *vigil.Delivery) []any {
		return []any{&d.LetterID, i64Ptr{&d.RecipientID}, &d.Recipient, &d.Channel, &d.Date, boolCol{&d.Acknowledged}, &d.AcknowledgedDate, i64Ptr{&d.EvidenceSourceID}, &d.Notes, &d.TextHash, &d.Signatories}
	},
	meta: func(d *vigil.Delivery) *vigil.Meta { return &d.Meta },
	refs: func(d *vigil.Delivery) []ref {
		return []ref{refID("letter_id", "letters", "letter", d.LetterID), refTo("recipient_id", "actors", "actor", d.RecipientID), refTo("evidence_source_id", "sources", "source", d.EvidenceSourceID)}
	},
	parents: []parentCol{{"letter_id", "letters"}},
	visible: "EXISTS (SELECT 1 FROM letters l WHERE l.id = t.letter_id AND l.sensitivity_rank <= ?)",
	keep: func(rec, cur *vigil.Delivery, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: func(d *vigil.Delivery, v vigil.Viewer) {
		if !seesNotes(v) {
			d.Notes = ""
		}
	},
	seal: restrictedOnly(func(d *vigil.Delivery) *vigil.Meta { return &d.Meta }, func(d *vigil.Delivery) {
		d.Recipient, d.Notes = "", ""
	}, "recipient", "notes"),
	before: func(ctx context.Context, t *txn, d, cur *vigil.Delivery) error {
		if cur != nil {
			if d.LetterID != cur.LetterID {
				return &vigil.Error{Code: vigil.EINVALID, Message: "invalid delivery", Fields: map[string]string{"letter_id": "cannot change"}}
			}
			d.TextHash, d.Signatories = cur.TextHash, cur.Signatories
			return nil
		}
		l, err := get(ctx, t, letters, d.LetterID)
		if err != nil {
			return err
		}
		if l.Status == vigil.LetterDraft {
			return vigil.Errorf(vigil.EUNPROCESSABLE, "letter %d is a draft; freeze it before delivering it", l.ID)
		}
		d.TextHash, d.Signatories = l.TextHash, l.Signatures
		if d.Recipient == "" && d.RecipientID != nil {
			var n vigil.Names
			if err := t.queryRow(ctx, "SELECT "+recipientName("ko")+", "+recipientName("en")+", '' FROM actors t WHERE t.id = ?", *d.RecipientID).Scan(namesDest(&n)...); err != nil {
				return fmt.Errorf("store: recipient %d: %w", *d.RecipientID, err)
			}
			d.Recipient = n.In("en")
		}
		return nil
	},
	// The first delivery closes the letter: its text and signatures no
	// longer change.
	propagate: func(ctx context.Context, t *txn, d, cur *vigil.Delivery) error {
		if d == nil || cur != nil {
			return nil
		}
		res, err := t.exec(ctx, "UPDATE letters SET status = 'delivered', delivered_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = 'frozen'",
			fmtTime(t.now), fmtTime(t.now), d.LetterID)
		if err != nil {
			return fmt.Errorf("store: mark letter %d delivered: %w", d.LetterID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		var l *vigil.Letter
		return t.reauditLetter(ctx, d.LetterID, &l)
	},
}

// recipientName is the SQL of a recipient's name for a delivery record:
// never the identity of a protected or restricted person.
func recipientName(lang string) string {
	return "CASE WHEN t.protected OR t.sensitivity_rank = 2 THEN t.pseudonym_" + lang + " ELSE t.name_" + lang + " END"
}

// CreateDelivery records a delivery of a frozen (or already delivered)
// letter, with the hash and signature count delivered; the first one
// marks the letter delivered.
func (s *Store) CreateDelivery(ctx context.Context, d *vigil.Delivery) (err error) {
	defer restore(d, &err)()
	return create(ctx, s, deliveries, d, d.Validate)
}

// UpdateDelivery records an acknowledgement, evidence or notes over the
// version d carries; the letter, hash and count stay as delivered.
func (s *Store) UpdateDelivery(ctx context.Context, d *vigil.Delivery) (err error) {
	defer restore(d, &err)()
	return change(ctx, s, deliveries, d, d.Validate)
}

// FindDeliveryByID returns delivery id if the viewer may see it.
func (s *Store) FindDeliveryByID(ctx context.Context, id int64) (*vigil.Delivery, error) {
	return findByID(ctx, s, deliveries, id)
}

// FindDeliveries lists the visible deliveries matching f.
func (s *Store) FindDeliveries(ctx context.Context, f vigil.DeliveryFilter) ([]*vigil.Delivery, int, error) {
	var w where
	if f.LetterID != nil {
		w.add("t.letter_id = ?", *f.LetterID)
	}
	return findList(ctx, s, deliveries, w, f.Page, map[string]string{"date": "t.date"})
}
