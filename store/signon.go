package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"vigil"
	"vigil/seal"
)

// Sign-on secrets: "vsi_" (invitation) or "vsw_" (withdrawal) followed by
// 32 random bytes in lowercase base32, like API tokens. Only their
// SHA-256 is stored; 256 bits of entropy make a fast hash safe.
const (
	invitePrefix   = "vsi_"
	withdrawPrefix = "vsw_"
)

func newSignSecret(prefix string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: new secret: %w", err)
	}
	return prefix + strings.ToLower(tokenEncoding.EncodeToString(raw)), nil
}

// errBadInvitation answers every unknown or malformed invitation secret
// alike.
func errBadInvitation() error {
	return vigil.Errorf(vigil.ENOTFOUND, "this invitation link is not valid: check that you opened the whole link, or ask the coalition for a new one")
}

// invitationSeal: an invitation linked to a person (usually a protected
// one) keeps the link and its label (to whom it was sent) sealed. The
// link is sealed in person, as text; person_id, which cannot hold a
// ciphertext, stays NULL.
var invitationSeal = sealSpec{
	table: "invitations",
	cols:  []string{"person", "label"},
	cond:  "t.person IS NOT NULL",
	desc:  "invitation linked to a person",
}

const invitationCols = "id, letter_id, kind, organization_id, person, label, expires_at, used_at, signature_id, created_by, created_at"

// scanInvitation reads an invitation row; person holds the sealed person
// link, for openInvitation.
func scanInvitation(sc scanner, in *vigil.Invitation, person **string) error {
	return sc.Scan(&in.ID, &in.LetterID, &in.Kind, i64Ptr{&in.OrganizationID}, strPtrCol{person}, &in.Label,
		timeCol{&in.ExpiresAt}, timePtr{&in.UsedAt}, i64Ptr{&in.SignatureID}, &in.CreatedBy, timeCol{&in.CreatedAt})
}

// openInvitation fills the person link and label of an invitation linked
// to a person from their sealed values when open is set; otherwise both
// stay empty.
func openInvitation(ctx context.Context, t *txn, in *vigil.Invitation, person *string, open bool) error {
	in.PersonID = nil
	if person == nil {
		return nil
	}
	if !open {
		in.Label = ""
		return nil
	}
	p, err := t.open(ctx, seal.AAD("invitations", "person", in.ID), *person)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(p, 10, 64)
	if err != nil {
		return fmt.Errorf("store: person of invitation %d is not an id", in.ID)
	}
	in.PersonID = &id
	if in.Label, err = t.open(ctx, seal.AAD("invitations", "label", in.ID), in.Label); err != nil {
		return err
	}
	return nil
}

// auditInvitation audits an invitation; the person link and label of one
// linked to a person are carried sealed.
func (t *txn) auditInvitation(ctx context.Context, action string, in *vigil.Invitation, version int) error {
	if in.PersonID == nil {
		return t.audit(ctx, action, "invitations", in.ID, version, in)
	}
	img := *in
	img.PersonID, img.Label = nil, ""
	return t.auditSealed(ctx, action, "invitations", in.ID, version, &img,
		map[string]string{"person": strconv.FormatInt(*in.PersonID, 10), "label": in.Label})
}

// CreateInvitation stores an invitation to sign letter id and returns its
// secret, shown once. It needs a writing role; linking it to a person
// needs restricted clearance. The letter need not be frozen yet, but may
// not be delivered.
func (s *Store) CreateInvitation(ctx context.Context, in *vigil.Invitation) (secret string, err error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "invite signatories"); err != nil {
		return "", err
	}
	if in.PersonID != nil && !v.CanRead(vigil.Restricted) {
		return "", vigil.Errorf(vigil.EFORBIDDEN, "you may not link an invitation to a person: restricted clearance is required")
	}
	defer restore(in, &err)()
	if err := in.Validate(s.clock()); err != nil {
		return "", err
	}
	if secret, err = newSignSecret(invitePrefix); err != nil {
		return "", err
	}
	err = s.write(ctx, func(t *txn) error {
		if _, err := lockedLetter(ctx, t, in.LetterID, 0); err != nil {
			return err
		}
		refs := []ref{refTo("organization_id", "actors", "actor", in.OrganizationID), refTo("person_id", "actors", "actor", in.PersonID)}
		if err := checkRefs(ctx, t, "invitation", refs); err != nil {
			return err
		}
		if in.OrganizationID != nil {
			p := vigil.Problems{}
			if err := needKind(ctx, t, p, "organization_id", *in.OrganizationID, vigil.ActorOrganization); err != nil {
				return err
			}
			if err := p.Err("invitation"); err != nil {
				return err
			}
		}
		in.UsedAt, in.SignatureID, in.CreatedBy, in.CreatedAt = nil, nil, t.v.Actor, t.now
		// A person-linked invitation is inserted without its link and
		// label, which are then written sealed for its row.
		label := in.Label
		if in.PersonID != nil {
			label = ""
		}
		err := t.queryRow(ctx, `INSERT INTO invitations (letter_id, kind, organization_id, label, token_hash, expires_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.LetterID, string(in.Kind), ptrArg(in.OrganizationID), label, hashSecret(secret), fmtTime(in.ExpiresAt), in.CreatedBy, fmtTime(t.now)).Scan(&in.ID)
		if err != nil {
			return mapWriteErr(fmt.Errorf("store: create invitation: %w", err), "invitation")
		}
		if in.PersonID != nil {
			p := strconv.FormatInt(*in.PersonID, 10)
			vals, err := t.sealValues(ctx, invitationSeal.table, in.ID, invitationSeal.cols, []*string{&p, &in.Label})
			if err != nil {
				return err
			}
			if _, err := t.exec(ctx, "UPDATE invitations SET person = ?, label = ? WHERE id = ?", append(vals, in.ID)...); err != nil {
				return fmt.Errorf("store: seal invitation %d: %w", in.ID, err)
			}
		}
		return t.auditInvitation(ctx, vigil.ActionCreate, in, 1)
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// FindInvitations lists the invitations of letter id. They name who was
// invited, so they need coalition clearance (an empty list below it);
// person links show at restricted clearance only.
func (s *Store) FindInvitations(ctx context.Context, letterID int64) ([]*vigil.Invitation, error) {
	out := []*vigil.Invitation{}
	err := s.read(ctx, func(t *txn) error {
		if _, err := get(ctx, t, letters, letterID); err != nil {
			return err
		}
		if !seesNotes(t.v) {
			return nil
		}
		open := t.v.CanRead(vigil.Restricted)
		if err := t.ringFirst(ctx, open); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT "+invitationCols+" FROM invitations WHERE letter_id = ? ORDER BY id", letterID)
		if err != nil {
			return fmt.Errorf("store: invitations of letter %d: %w", letterID, err)
		}
		defer rows.Close()
		var persons []*string
		for rows.Next() {
			in := &vigil.Invitation{}
			var person *string
			if err := scanInvitation(rows, in, &person); err != nil {
				return fmt.Errorf("store: invitations of letter %d: %w", letterID, err)
			}
			out, persons = append(out, in), append(persons, person)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: invitations of letter %d: %w", letterID, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: invitations of letter %d: %w", letterID, err)
		}
		// The person link and the label of a person-linked invitation
		// are opened at restricted clearance only.
		for n, in := range out {
			if err := openInvitation(ctx, t, in, persons[n], open); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// invitation looks up the invitation of secret and checks that it can
// sign now: known, not expired, not used, its letter frozen and not
// delivered. It returns the invitation and its letter.
func invitation(ctx context.Context, t *txn, secret string) (*vigil.Invitation, *vigil.Letter, error) {
	secret = strings.TrimSpace(secret)
	if !strings.HasPrefix(secret, invitePrefix) || len(secret) != tokenSecretLen {
		return nil, nil, errBadInvitation()
	}
	in := &vigil.Invitation{}
	var person *string
	err := scanInvitation(t.queryRow(ctx, "SELECT "+invitationCols+" FROM invitations WHERE token_hash = ?", hashSecret(secret)), in, &person)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errBadInvitation()
	} else if err != nil {
		return nil, nil, fmt.Errorf("store: find invitation: %w", err)
	}
	// The store opens the person link for its own use: signing carries it
	// into the signature's restricted identity.
	if err := openInvitation(ctx, t, in, person, true); err != nil {
		return nil, nil, err
	}
	if in.UsedAt != nil {
		return nil, nil, vigil.Errorf(vigil.ECONFLICT, "this invitation link has already been used to sign; each link signs once. To withdraw the signature, use the withdrawal link shown when it was made")
	}
	if !t.now.Before(in.ExpiresAt) {
		return nil, nil, vigil.Errorf(vigil.EUNPROCESSABLE, "this invitation link expired on %s; ask the coalition for a new one", in.ExpiresAt.Format("2006-01-02 15:04 UTC"))
	}
	// The invitation is the authority here, not the viewer's clearance.
	l, err := getAs(ctx, t, letters, in.LetterID, rankAll, true)
	if err != nil {
		return nil, nil, err
	}
	switch l.Status {
	case vigil.LetterDraft:
		return nil, nil, vigil.Errorf(vigil.EUNPROCESSABLE, "this letter is not open for signing: its text is still being drafted (not frozen); you can sign once the coalition freezes it")
	case vigil.LetterDelivered:
		return nil, nil, vigil.Errorf(vigil.EUNPROCESSABLE, "this letter has already been delivered; signing is closed")
	}
	return in, l, nil
}

// OpenInvitation returns the frozen text the holder of secret is asked
// to sign, without using the invitation up.
func (s *Store) OpenInvitation(ctx context.Context, secret string) (*vigil.InvitationView, error) {
	var view *vigil.InvitationView
	err := s.read(ctx, func(t *txn) error {
		in, l, err := invitation(ctx, t, secret)
		if err != nil {
			return err
		}
		text, err := letterVersion(ctx, t, l.ID, l.FrozenVersion)
		if err != nil {
			return err
		}
		text.Author, text.Note = "", ""
		view = &vigil.InvitationView{InvitationID: in.ID, Kind: in.Kind, ExpiresAt: in.ExpiresAt, Letter: l, Text: text}
		if in.OrganizationID != nil {
			// The invitee signs for this organization and sees its name,
			// opened if the organization is restricted: the invitation is
			// the authority.
			org, err := getAs(ctx, t, actors, *in.OrganizationID, rankAll, true)
			if err != nil {
				return fmt.Errorf("store: organization of invitation %d: %w", in.ID, err)
			}
			view.Organization = org.Name
		}
		return nil
	})
	return view, err
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// errDuplicate refuses a second signature without saying who signed.
func errDuplicate() error {
	return vigil.Errorf(vigil.ECONFLICT, "this letter already has a signature for this signatory; each signatory signs once")
}

// SignLetter signs the letter of invitation secret with r and uses the
// invitation up, in one transaction. It needs no account: the secret is
// the authority, and the audit log names the invitation. Nothing in r can
// change the letter: the signature binds to the stored hash, and r's
// TextHash must equal it (the text the signer read).
func (s *Store) SignLetter(ctx context.Context, secret string, r *vigil.SignRequest) (*vigil.Signature, string, error) {
	code, err := newSignSecret(withdrawPrefix)
	if err != nil {
		return nil, "", err
	}
	var sig *vigil.Signature
	err = s.write(ctx, func(t *txn) error {
		in, l, err := invitation(ctx, t, secret)
		if err != nil {
			return err
		}
		if err := r.Validate(in.Kind); err != nil {
			return err
		}
		if r.TextHash != l.TextHash {
			return vigil.Errorf(vigil.ECONFLICT, "the letter's text changed since you opened this page; reload it and read it again before signing")
		}
		t.v = vigil.Viewer{Actor: "invitation:" + strconv.FormatInt(in.ID, 10), Role: vigil.RoleViewer, Clearance: vigil.Public}
		sg := &vigil.Signature{LetterID: l.ID, InvitationID: &in.ID, Kind: in.Kind, OrganizationID: in.OrganizationID,
			TextHash: l.TextHash, TextVersion: l.FrozenVersion, SignedAt: t.now, Contact: r.Contact}
		sg.Sensitivity = vigil.Public
		var digest any
		if in.Kind == vigil.SignerOrganization {
			sg.RepresentativeName, sg.RepresentativeTitle, sg.Authority = r.RepresentativeName, r.RepresentativeTitle, r.Authority
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM signatures WHERE letter_id = ? AND text_hash = ? AND organization_id = ? AND withdrawn_at IS NULL",
				l.ID, l.TextHash, *in.OrganizationID).Scan(&n); err != nil {
				return fmt.Errorf("store: check duplicate signature: %w", err)
			}
			if n > 0 {
				return errDuplicate()
			}
		} else {
			sg.RealName, sg.PersonID, sg.Pseudonymous = r.Name, in.PersonID, r.Pseudonymous
			if r.Pseudonymous {
				sg.DisplayName = r.Pseudonym
			} else if hasHangul(r.Name) {
				sg.DisplayName = vigil.Names{Ko: r.Name}
			} else {
				sg.DisplayName = vigil.Names{En: r.Name}
			}
			d, err := t.signerDigest(ctx, l.ID, r.Name, r.Contact)
			if err != nil {
				return err
			}
			digest = d
			var n int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM signatures WHERE letter_id = ? AND text_hash = ? AND restricted_identity_digest = ? AND withdrawn_at IS NULL",
				l.ID, l.TextHash, d).Scan(&n); err != nil {
				return fmt.Errorf("store: check duplicate signature: %w", err)
			}
			if n > 0 {
				return errDuplicate()
			}
		}
		sig = sg
		// The restricted identity is written sealed for the new row, whose
		// id is known once it is inserted: it is inserted empty first.
		err = t.queryRow(ctx, `INSERT INTO signatures (sensitivity, sensitivity_rank, version, created_at, updated_at, letter_id, invitation_id, kind, organization_id,
			representative_name, representative_title, authority, display_name_ko, display_name_en, display_name_zh, pseudonymous,
			restricted_real_name, restricted_contact, restricted_identity_digest, text_hash, version_number, signed_at, withdraw_code_hash)
			VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?, ?) RETURNING id`,
			string(sg.Sensitivity), sg.Sensitivity.Rank(), fmtTime(t.now), fmtTime(t.now), sg.LetterID, in.ID, string(sg.Kind), ptrArg(sg.OrganizationID),
			sg.RepresentativeName, sg.RepresentativeTitle, sg.Authority, sg.DisplayName.Ko, sg.DisplayName.En, sg.DisplayName.Zh, sg.Pseudonymous,
			digest, sg.TextHash, sg.TextVersion, fmtTime(t.now), hashSecret(code)).Scan(&sg.ID)
		if err != nil {
			if werr := mapWriteErr(err, "signature"); vigil.ErrorCode(werr) == vigil.ECONFLICT {
				return errDuplicate()
			}
			return fmt.Errorf("store: insert signature: %w", err)
		}
		if err := sealIdentity(ctx, t, sg); err != nil {
			return err
		}
		sg.Version, sg.CreatedAt, sg.UpdatedAt = 1, t.now, t.now
		res, err := t.exec(ctx, "UPDATE invitations SET used_at = ?, signature_id = ? WHERE id = ? AND used_at IS NULL", fmtTime(t.now), sg.ID, in.ID)
		if err != nil {
			return fmt.Errorf("store: use invitation %d: %w", in.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return vigil.Errorf(vigil.ECONFLICT, "this invitation link has already been used to sign; each link signs once")
		}
		if err := t.auditSignature(ctx, vigil.ActionCreate, sg); err != nil {
			return err
		}
		in.UsedAt, in.SignatureID = &t.now, &sg.ID
		return t.auditInvitation(ctx, vigil.ActionUpdate, in, 2)
	})
	if err != nil {
		return nil, "", err
	}
	sig.Current = true
	return sig, code, nil
}

// auditSignature audits a signature with its restricted identity blanked
// and carried sealed, so the log never holds it in the clear; Redacted
// marks that it is held.
func (t *txn) auditSignature(ctx context.Context, action string, sg *vigil.Signature) error {
	c := *sg
	if c.RealName == "" && c.Contact == "" && c.PersonID == nil {
		return t.audit(ctx, action, "signatures", c.ID, c.Version, &c)
	}
	vals := map[string]string{}
	for i, v := range identityValues(sg) {
		if v != nil {
			vals[signatureSeal.cols[i]] = *v
		}
	}
	c.RealName, c.Contact, c.PersonID, c.Redacted = "", "", nil, true
	return t.auditSealed(ctx, action, "signatures", c.ID, c.Version, &c, vals)
}
