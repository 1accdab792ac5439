package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/auth"
	"vigil/figure"
	"vigil/seal"
	"vigil/store"
)

// testSealedSignatures checks the restricted identity of signatories and
// the person links of invitations: sealed at rest, opened for restricted
// readers only, carried sealed in the audit log, and the duplicate check
// on a keyed digest that a rotation computes again.
func testSealedSignatures(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		person := strconv.FormatInt(c.ProtectedPublic, 10)
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM signatures WHERE restricted_person_id IS NOT NULL"); n != 0 {
			t.Fatalf("%d signatures keep the person link in the clear", n)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM invitations WHERE person_id IS NOT NULL"); n != 0 {
			t.Fatalf("%d invitations keep the person link in the clear", n)
		}
		for _, q := range []string{"SELECT restricted_person FROM signatures WHERE id = ?", "SELECT person FROM invitations WHERE id = ?"} {
			id := c.Signature
			if strings.Contains(q, "invitations") {
				id = c.Invitation
			}
			if raw := QueryString(t, s, q, id); !strings.HasPrefix(raw, "v1:k1:") {
				t.Fatalf("%s: person link stored as %q", q, raw)
			}
		}

		t.Run("readers", func(t *testing.T) {
			for _, v := range []vigil.Viewer{Admin, Staff, Member, Anonymous} {
				restricted := v.CanRead(vigil.Restricted)
				sg, err := s.FindSignatureByID(As(v), c.Signature)
				MustOK(t, err, "read signature")
				seen := strings.HasPrefix(sg.RealName, c.Fields["signatures.restricted_real_name"][0]) &&
					strings.HasPrefix(sg.Contact, c.Fields["signatures.restricted_contact"][0]) && sg.PersonID != nil && *sg.PersonID == c.ProtectedPublic
				blank := sg.RealName == "" && sg.Contact == "" && sg.PersonID == nil && sg.Redacted
				if (restricted && !seen) || (!restricted && !blank) || sg.DisplayName != c.Pseudonym {
					t.Fatalf("%s reads signature %+v", v.Actor, sg)
				}
				list, _, err := s.FindSignatures(As(v), vigil.SignatureFilter{LetterID: &c.Letter})
				MustOK(t, err, "list signatures")
				if len(list) != 1 || list[0].RealName != sg.RealName || (list[0].PersonID == nil) != (sg.PersonID == nil) {
					t.Fatalf("%s lists %+v", v.Actor, list)
				}
				if !v.CanRead(vigil.Coalition) {
					continue
				}
				ins, err := s.FindInvitations(As(v), c.Letter)
				MustOK(t, err, "list invitations")
				if len(ins) != 1 {
					t.Fatalf("%s lists %d invitations", v.Actor, len(ins))
				}
				in := ins[0]
				if restricted && (in.PersonID == nil || *in.PersonID != c.ProtectedPublic || !strings.HasPrefix(in.Label, c.Fields["invitations.label"][0])) {
					t.Fatalf("%s reads invitation %+v, want its person and label", v.Actor, in)
				}
				if !restricted && (in.PersonID != nil || in.Label != "") {
					t.Fatalf("%s reads invitation %+v, want neither person nor label", v.Actor, in)
				}
			}
		})

		t.Run("audit", func(t *testing.T) {
			for _, ent := range []struct {
				entity string
				id     int64
				want   []string
			}{
				{"signatures", c.Signature, []string{`"restricted_real_name":"v1:k1:`, `"restricted_contact":"v1:k1:`, `"restricted_person":"v1:k1:`, `"redacted":true`}},
				{"invitations", c.Invitation, []string{`"person":"v1:k1:`, `"label":"v1:k1:`}},
			} {
				es, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Entity: ent.entity, EntityID: &ent.id})
				MustOK(t, err, "read audit")
				if len(es) == 0 {
					t.Fatalf("no audit entries for %s %d", ent.entity, ent.id)
				}
				for _, e := range es {
					data := string(e.Data)
					for _, w := range ent.want {
						if !strings.Contains(data, w) {
							t.Fatalf("audit %s %s %d lacks %s: %s", e.Action, ent.entity, ent.id, w, data)
						}
					}
					if strings.Contains(data, `"person_id":`+person) {
						t.Fatalf("audit %s %s %d holds the person link: %s", e.Action, ent.entity, ent.id, data)
					}
				}
			}
			MustVerify(t, s)
		})

		t.Run("keyed digest", func(t *testing.T) {
			raw := QueryString(t, s, "SELECT restricted_identity_digest FROM signatures WHERE id = ?", c.Signature)
			name, contact := c.Fields["signatures.restricted_real_name"][0]+" 카나리아", c.Fields["signatures.restricted_contact"][0]+" 카나리아"
			plain := sha256.Sum256([]byte("vigil-signer-v1\x00" + strconv.FormatInt(c.Letter, 10) + "\x00" + name + "\x00" + contact))
			if !strings.HasPrefix(raw, "h1:k1:") || strings.Contains(raw, hex.EncodeToString(plain[:])) {
				t.Fatalf("signer digest stored as %q: want a keyed digest under k1, not a plain SHA-256", raw)
			}
			sign := func(name, contact string) error {
				sec, err := s.CreateInvitation(As(Admin), &vigil.Invitation{LetterID: c.Letter, Kind: vigil.SignerIndividual})
				MustOK(t, err, "invite")
				l, err := s.FindLetterByID(As(Admin), c.Letter)
				MustOK(t, err, "letter")
				_, _, err = s.SignLetter(As(Anonymous), sec, &vigil.SignRequest{Name: name, Contact: contact, TextHash: l.TextHash, Confirm: true})
				return err
			}
			// The same signer (case and spaces folded) is refused.
			MustCode(t, sign("  "+strings.ToUpper(name), contact+" "), vigil.ECONFLICT, "the same signer again")

			res, err := s.RotateKey(As(Admin), store.RotateOptions{})
			MustOK(t, err, "rotate")
			if res.Digests != 1 {
				t.Fatalf("rotation recomputed %d digests, want 1", res.Digests)
			}
			after := QueryString(t, s, "SELECT restricted_identity_digest FROM signatures WHERE id = ?", c.Signature)
			if !strings.HasPrefix(after, "h1:k2:") || after[len("h1:k2:"):] == raw[len("h1:k1:"):] {
				t.Fatalf("signer digest after rotation %q (before %q): want a new digest under k2", after, raw)
			}
			MustCode(t, sign(name, contact), vigil.ECONFLICT, "the same signer after rotation")
			MustOK(t, sign("다른 서명자", "other@example.org"), "another signer after rotation")
			st, err := s.KeyStatus(As(Admin))
			MustOK(t, err, "key status")
			if st.Digests != 2 || st.StaleDigests != 0 {
				t.Fatalf("key status counts %d digests, %d stale; want 2, 0", st.Digests, st.StaleDigests)
			}
			sg, err := s.FindSignatureByID(As(Staff), c.Signature)
			MustOK(t, err, "read after rotation")
			if sg.PersonID == nil || *sg.PersonID != c.ProtectedPublic || !strings.HasPrefix(sg.RealName, c.Fields["signatures.restricted_real_name"][0]) {
				t.Fatalf("read %+v after rotation", sg)
			}
			MustNoCanaryAtRest(t, s, c)
			MustVerify(t, s)
		})
	}
}

// testSealedTOTP checks that second-factor secrets are sealed, survive a
// rotation, and still check codes.
func testSealedTOTP(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		for _, col := range []string{"totp_secret", "totp_pending"} {
			id := c.TOTPUser
			if col == "totp_pending" {
				id = c.PendingUser
			}
			if raw := QueryString(t, s, "SELECT "+col+" FROM users WHERE id = ?", id); !strings.HasPrefix(raw, "v1:k1:") {
				t.Fatalf("users.%s stored as %q", col, raw)
			}
		}
		_, err := s.RotateKey(As(Admin), store.RotateOptions{})
		MustOK(t, err, "rotate")
		if raw := QueryString(t, s, "SELECT totp_secret FROM users WHERE id = ?", c.TOTPUser); !strings.HasPrefix(raw, "v1:k2:") {
			t.Fatalf("users.totp_secret after rotation %q", raw)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM users WHERE totp_secret = '' AND id = ?", c.PendingUser); n != 1 {
			t.Fatal("an account without a second factor no longer has an empty secret")
		}
		// The sealed secret still checks a code (the next time step: the
		// current one was used to confirm it).
		se, secret, err := s.Login(As(Anonymous), c.TOTPEmail, Password, vigil.Client{})
		MustOK(t, err, "sign in")
		if se.Stage != vigil.StageTOTP {
			t.Fatalf("sign-in stage %s, want totp", se.Stage)
		}
		code, err := auth.TOTPCode(c.TOTPSecret, time.Now().Add(30*time.Second))
		MustOK(t, err, "code")
		full, _, err := s.VerifyTOTP(As(Anonymous), secret, code, vigil.Client{})
		MustOK(t, err, "verify code after rotation")
		if full.Stage != vigil.StageFull {
			t.Fatalf("stage %s after the code", full.Stage)
		}
		// The pending secret is shown to its owner, opened.
		_, psec, err := s.Login(As(Anonymous), QueryString(t, s, "SELECT email FROM users WHERE id = ?", c.PendingUser), Password, vigil.Client{})
		MustOK(t, err, "sign in pending")
		e, err := s.PendingTOTP(As(Anonymous), psec)
		MustOK(t, err, "pending enrolment")
		if strings.ToLower(e.Secret) != c.Fields["users.totp_pending"][0] {
			t.Fatal("the pending secret does not read back after rotation")
		}
		mustNoSecrets(t, s, c.TOTPSecret, e.Secret)
		MustNoCanaryAtRest(t, s, c)
	}
}

// testLegacyIdentities opens a database from before sealing: signatures
// with their identity, person link and a plain SHA-256 digest in the
// clear, an invitation's person link, a second-factor secret. The first
// open seals them all and computes the digest under the new key.
func testLegacyIdentities(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		ctx := context.Background()
		s, clock := AccountStore(t, open)
		u := MustUser(t, s, "legacy@example.org", vigil.RoleEditor, vigil.Restricted)
		_, totp := MustEnrol(t, s, clock, u.Email)
		p := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Signer"}})
		l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Letter"}}
		MustOK(t, s.CreateLetter(As(Editor), l, letterText("text")), "draft")
		l, err := s.FreezeLetter(As(Editor), l.ID, l.Version)
		MustOK(t, err, "freeze")
		in := &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual, PersonID: &p.ID, Label: "옛 라벨"}
		sec, err := s.CreateInvitation(As(Admin), in)
		MustOK(t, err, "invite")
		sg, _, err := s.SignLetter(As(Anonymous), sec, &vigil.SignRequest{Name: "옛 서명자", Contact: "old@example.org", TextHash: l.TextHash, Confirm: true})
		MustOK(t, err, "sign")

		ev := &vigil.Event{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.EventMeeting, Title: vigil.Names{En: "Meeting"}, Date: "2024-05-09", Participants: figure.Figure{Text: "3"}}
		MustOK(t, s.CreateEvent(As(Admin), ev), "event")
		ph := &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, EventID: ev.ID, Credit: "옛 사진가"}
		MustOK(t, s.CreatePhoto(As(Admin), ph, TinyJPEGWithGPS(t)), "photo")
		img, _, err := s.PhotoImage(As(Admin), ph.ID)
		MustOK(t, err, "image")

		// As a database from before sealing held them.
		Exec(t, s, "DELETE FROM seal_keys")
		Exec(t, s, "UPDATE photos SET data = ?, data_key = '', credit = '옛 사진가', caption_ko = '', caption_en = '', caption_zh = '', risk_note = '' WHERE id = ?", img, ph.ID)
		plain := sha256.Sum256([]byte("vigil-signer-v1\x00" + strconv.FormatInt(l.ID, 10) + "\x00옛 서명자\x00old@example.org"))
		Exec(t, s, "UPDATE signatures SET restricted_real_name = ?, restricted_contact = ?, restricted_person = ?, restricted_identity_digest = ? WHERE id = ?",
			"옛 서명자", "old@example.org", strconv.FormatInt(p.ID, 10), hex.EncodeToString(plain[:]), sg.ID)
		Exec(t, s, "UPDATE invitations SET person = ?, label = ? WHERE id = ?", strconv.FormatInt(p.ID, 10), "옛 라벨", in.ID)
		Exec(t, s, "UPDATE users SET totp_secret = ? WHERE id = ?", totp, u.ID)

		s2, err := s.Reopen(ctx, store.Options{Key: s.KeySource()})
		MustOK(t, err, "reopen")
		defer s2.Close()
		for _, q := range []string{"SELECT restricted_real_name FROM signatures", "SELECT restricted_contact FROM signatures",
			"SELECT restricted_person FROM signatures", "SELECT person FROM invitations WHERE person IS NOT NULL", "SELECT label FROM invitations WHERE person IS NOT NULL",
			"SELECT totp_secret FROM users WHERE totp_secret <> ''"} {
			if raw := QueryString(t, s2, q); !strings.HasPrefix(raw, "v1:k1:") {
				t.Errorf("%s: %q left in the clear", q, raw)
			}
		}
		if raw := QueryString(t, s2, "SELECT restricted_identity_digest FROM signatures"); !strings.HasPrefix(raw, "h1:k1:") {
			t.Fatalf("the plain digest %q was not replaced by a keyed one", raw)
		}
		got, err := s2.FindSignatureByID(As(Staff), sg.ID)
		MustOK(t, err, "read")
		if got.RealName != "옛 서명자" || got.Contact != "old@example.org" || got.PersonID == nil || *got.PersonID != p.ID {
			t.Fatalf("read %+v", got)
		}
		ins, err := s2.FindInvitations(As(Staff), l.ID)
		MustOK(t, err, "invitations")
		if len(ins) != 1 || ins[0].Label != "옛 라벨" || ins[0].PersonID == nil || *ins[0].PersonID != p.ID {
			t.Fatalf("invitations %+v", ins)
		}
		if raw := QueryBytes(t, s2, "SELECT data FROM photos WHERE id = ?", ph.ID); !bytes.HasPrefix(raw, []byte(seal.BlobPrefix)) || bytes.Contains(raw, img[:16]) {
			t.Fatal("an image stored in the clear was not encrypted")
		}
		if raw := QueryString(t, s2, "SELECT data_key FROM photos WHERE id = ?", ph.ID); !strings.HasPrefix(raw, "v1:k1:") {
			t.Fatalf("the new image key of a restricted photo is stored as %q", raw)
		}
		if got, _, err := s2.PhotoImage(As(Admin), ph.ID); err != nil || !bytes.Equal(got, img) {
			t.Fatalf("image after encryption: %v", err)
		}
		// The duplicate check works on the new digest.
		sec2, err := s2.CreateInvitation(As(Admin), &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual})
		MustOK(t, err, "invite again")
		_, _, err = s2.SignLetter(As(Anonymous), sec2, &vigil.SignRequest{Name: "옛 서명자", Contact: "OLD@example.org", TextHash: l.TextHash, Confirm: true})
		MustCode(t, err, vigil.ECONFLICT, "the same signer")
		// The second factor still checks codes.
		s3 := s2.WithClock(clock.Now)
		clock.Advance(31 * time.Second)
		_, pending, err := s3.Login(As(Anonymous), u.Email, Password, vigil.Client{})
		MustOK(t, err, "sign in")
		_, _, err = s3.VerifyTOTP(As(Anonymous), pending, MustTOTP(t, totp, clock.Now()), vigil.Client{})
		MustOK(t, err, "code")
		MustVerify(t, s2)
	}
}
