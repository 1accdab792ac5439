package storetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"testing"

	"vigil"
	"vigil/photo"
)

// MustPNG returns the bytes of a small PNG, different for each seed.
func MustPNG(tb testing.TB, seed uint8) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := 0; x < 4; x++ {
		for y := 0; y < 3; y++ {
			img.Set(x, y, color.RGBA{seed, uint8(x * 40), uint8(y * 60), 255})
		}
	}
	var b bytes.Buffer
	MustOK(tb, png.Encode(&b, img), "encode png")
	return b.Bytes()
}

// NewReport returns an unsaved public draft in lang citing nothing.
func NewReport(slug, lang, title, body string) *vigil.Report {
	return &vigil.Report{Meta: vigil.Meta{Sensitivity: vigil.Public}, Slug: slug, Lang: lang, Title: title, Body: body, Date: "2024-05-20"}
}

func testReports(t *testing.T, open Opener) {
	t.Run("CRUD and translations", func(t *testing.T) {
		s := open(t)
		en := MustCreate(t, s.CreateReport, NewReport("mofa-2024", "en", "At the ministry", "We were there."))
		ko := MustCreate(t, s.CreateReport, NewReport("mofa-2024", "ko", "외교부 앞에서", "우리는 그곳에 있었다."))
		if en.Status != vigil.ReportDraft || en.PublishedAt != nil || en.Version != 1 {
			t.Fatalf("new report: status %s, published_at %v, version %d", en.Status, en.PublishedAt, en.Version)
		}
		got, n, err := s.FindReports(As(Admin), vigil.ReportFilter{Slug: "mofa-2024", Page: vigil.Page{Sort: "slug"}})
		MustOK(t, err, "find reports")
		if n != 2 || got[0].ID != en.ID || got[1].ID != ko.ID {
			t.Fatalf("the two language versions: %d reports", n)
		}
		if got, n, err := s.FindReports(As(Admin), vigil.ReportFilter{Query: "외교부"}); err != nil || n != 1 || got[0].ID != ko.ID {
			t.Fatalf("query 외교부: %d reports (%v)", n, err)
		}
		dup := NewReport("mofa-2024", "en", "Again", "")
		MustCode(t, s.CreateReport(As(Admin), dup), vigil.ECONFLICT, "a second English version of one slug")
		MustField(t, s.CreateReport(As(Admin), NewReport("Bad Slug!", "fr", "x", "")), "slug", "not a slug")
		MustField(t, s.CreateReport(As(Admin), NewReport("ok", "fr", "x", "")), "lang", "not ko or en")
		MustField(t, s.CreateReport(As(Admin), NewReport("ok", "en", "x", "see {{total repatriation 2024-13-01..}}")), "body", "line 1")
		MustCode(t, s.CreateReport(As(Member), NewReport("ok", "en", "x", "")), vigil.EFORBIDDEN, "a reader writes a report")
		en.Title = "At the Ministry of Foreign Affairs"
		MustOK(t, s.UpdateReport(As(Editor), en), "update")
		stale := *en
		stale.Version = 1
		MustCode(t, s.UpdateReport(As(Editor), &stale), vigil.ECONFLICT, "stale update")
		MustOK(t, s.DeleteReport(As(Editor), ko.ID, ko.Version), "delete")
		MustCode(t, func() error { _, err := s.FindReportByID(As(Admin), ko.ID); return err }(), vigil.ENOTFOUND, "deleted report")
	})

	t.Run("Drafts follow clearance", func(t *testing.T) {
		s := open(t)
		r := NewReport("internal", "en", "Internal", "")
		r.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateReport, r)
		MustCode(t, func() error { _, err := s.FindReportByID(As(Anonymous), r.ID); return err }(), vigil.ENOTFOUND, "anonymous reads a restricted draft")
		MustCode(t, func() error { _, err := s.FindReportByID(As(Member), r.ID); return err }(), vigil.ENOTFOUND, "coalition reads a restricted draft")
	})

	t.Run("Pre-publication check", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		hidden := NewSource("Witness interview", "", "C", "2024-05-01")
		hidden.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateSource, hidden)
		coalition := NewSource("Coalition memo", "", "C", "2024-05-02")
		coalition.Sensitivity = vigil.Coalition
		MustCreate(t, s.CreateSource, coalition)
		secret := NewIncident("비공개 사건", vigil.EventArrest, nil)
		secret.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateIncident, secret)
		img, err := s.PutImage(As(Editor), "image/png", MustPNG(t, 1))
		MustOK(t, err, "put image")
		good := vigil.ReportPhoto{Image: img.SHA256, Caption: "At the ministry", Alt: "People with banners", Credit: "Bitna Kim", Consent: true, ConsentNote: "asked on the day"}

		body := "Some 600 {{cite " + id(w.Release.ID) + "}} on {{incident " + id(w.Oct9.ID) + "}}, total {{total repatriation 2023-10-01..2024-05-31}}.\n\n{{photo 1}}"
		r := NewReport("check", "en", "Checked", body)
		r.Photos = []vigil.ReportPhoto{good}
		MustCreate(t, s.CreateReport, r)
		probs, err := s.CheckReport(As(Editor), r)
		MustOK(t, err, "check")
		if len(probs) != 0 {
			t.Fatalf("a clean report has problems: %+v", probs)
		}

		cases := []struct {
			name, field, want string
			change            func(r *vigil.Report)
		}{
			{"restricted source", "body", "source " + id(hidden.ID) + " is restricted", func(r *vigil.Report) { r.Body += " {{cite " + id(hidden.ID) + "}}" }},
			{"coalition source", "body", "is coalition", func(r *vigil.Report) { r.Body += " {{cite " + id(coalition.ID) + "}}" }},
			{"restricted incident", "body", "incident " + id(secret.ID) + " is restricted", func(r *vigil.Report) { r.Body += " {{incident " + id(secret.ID) + "}}" }},
			{"missing source", "body", "there is no source 99999", func(r *vigil.Report) { r.Body += " {{cite 99999}}" }},
			{"uncredited photo", "photos[1].credit", "needs a credit", func(r *vigil.Report) { r.Photos[0].Credit = "" }},
			{"photo without consent", "photos[1].consent", "consent", func(r *vigil.Report) { r.Photos[0].Consent = false }},
			{"photo beyond the list", "body", "{{photo 2}}", func(r *vigil.Report) { r.Body += " {{photo 2}}" }},
			{"markdown image", "body", "attach it as a photo", func(r *vigil.Report) { r.Body += " ![x](https://example.org/x.png)" }},
			{"not public", "sensitivity", "must be public", func(r *vigil.Report) { r.Sensitivity = vigil.Coalition }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cp := *r
				cp.Photos = []vigil.ReportPhoto{good}
				c.change(&cp)
				probs, err := s.CheckReport(As(Editor), &cp)
				MustOK(t, err, "check")
				if !hasProblem(probs, c.field, c.want) {
					t.Fatalf("problems %+v lack %s: %q", probs, c.field, c.want)
				}
				cp.Status = vigil.ReportPublished
				before := AuditCount(t, s)
				MustField(t, s.UpdateReport(As(Editor), &cp), c.field, c.want)
				if AuditCount(t, s) != before {
					t.Fatal("a refused publication wrote to the audit log")
				}
				got, err := s.FindReportByID(As(Admin), r.ID)
				MustOK(t, err, "reload")
				if got.Status != vigil.ReportDraft {
					t.Fatalf("refused report is %s", got.Status)
				}
			})
		}

		t.Run("publish", func(t *testing.T) {
			pub := *r
			pub.Status = vigil.ReportPublished
			MustCode(t, s.UpdateReport(As(Contributor), &pub), vigil.EFORBIDDEN, "a contributor publishes")
			MustOK(t, s.UpdateReport(As(Editor), &pub), "publish")
			if pub.PublishedAt == nil || pub.Status != vigil.ReportPublished {
				t.Fatalf("published report: %s at %v", pub.Status, pub.PublishedAt)
			}
			first := *pub.PublishedAt
			// Editing a published report checks it again.
			bad := pub
			bad.Body += " {{cite " + id(hidden.ID) + "}}"
			MustField(t, s.UpdateReport(As(Editor), &bad), "body", "restricted")
			pub.Title = "Checked again"
			MustOK(t, s.UpdateReport(As(Editor), &pub), "edit a published report")
			if !pub.PublishedAt.Equal(first) {
				t.Fatalf("an edit moved published_at from %v to %v", first, pub.PublishedAt)
			}
			// The consent note is internal.
			anon, err := s.FindReportByID(As(Anonymous), r.ID)
			MustOK(t, err, "anonymous reads the published report")
			if anon.Photos[0].ConsentNote != "" || anon.Photos[0].Credit != "Bitna Kim" {
				t.Fatalf("anonymous photo: %+v", anon.Photos[0])
			}
			// Anyone may read the images of published reports, and only those.
			if _, err := s.FindImage(As(Anonymous), img.SHA256); err != nil {
				t.Fatalf("anonymous reads a published photo: %v", err)
			}
		})
	})

	t.Run("Images", func(t *testing.T) {
		s := open(t)
		data := MustPNG(t, 7)
		img, err := s.PutImage(As(Contributor), "image/png", data)
		MustOK(t, err, "put")
		again, err := s.PutImage(As(Editor), "image/png", data)
		MustOK(t, err, "put again")
		if img.SHA256 != again.SHA256 || !bytes.Equal(again.Data, img.Data) || img.Size != int64(len(img.Data)) || img.MediaType != "image/png" {
			t.Fatalf("same bytes, different image: %s %s", img.SHA256, again.SHA256)
		}
		MustField(t, func() error { _, err := s.PutImage(As(Editor), "image/jpeg", data); return err }(), "data", "image/png")
		tagged := withTextChunk(t, data, "GPS 41.9N 126.4E; owner Kim")
		if !photo.HasMetadata(tagged) {
			t.Fatal("the test image has no metadata to strip")
		}
		stripped, err := s.PutImage(As(Editor), "image/png", tagged)
		MustOK(t, err, "put an image with metadata")
		if photo.HasMetadata(stripped.Data) || bytes.Contains(stripped.Data, []byte("owner Kim")) {
			t.Fatal("the stored image keeps the uploaded metadata")
		}
		MustField(t, func() error { _, err := s.PutImage(As(Editor), "image/svg+xml", []byte("<svg/>")); return err }(), "media_type", "not one of")
		MustCode(t, func() error { _, err := s.PutImage(As(Member), "image/png", data); return err }(), vigil.EFORBIDDEN, "a reader stores an image")
		MustCode(t, func() error { _, err := s.FindImage(As(Anonymous), img.SHA256); return err }(), vigil.ENOTFOUND, "anonymous reads an unpublished image")
		MustCode(t, func() error { _, err := s.FindImage(As(Member), img.SHA256); return err }(), vigil.ENOTFOUND, "a reader reads an unpublished image")
	})

	t.Run("Newly public incidents", func(t *testing.T) {
		s := open(t)
		a := MustCreate(t, s.CreateIncident, NewIncident("공개 사건", vigil.EventArrest, nil))
		b := NewIncident("나중에 공개", vigil.EventArrest, nil)
		b.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateIncident, b)
		got, err := s.FindNewlyPublic(As(Anonymous), 10)
		MustOK(t, err, "newly public")
		if len(got) != 1 || got[0].EntityID != a.ID || !got[0].Since.Equal(a.CreatedAt) {
			t.Fatalf("newly public = %+v, want incident %d at %v", got, a.ID, a.CreatedAt)
		}
		b.Sensitivity = vigil.Public
		MustOK(t, s.UpdateIncident(As(Admin), b), "make public")
		madePublic := b.UpdatedAt
		b.Title.En = "edited"
		MustOK(t, s.UpdateIncident(As(Admin), b), "edit") // stays public: since does not move
		got, _ = s.FindNewlyPublic(As(Anonymous), 10)
		if len(got) != 2 || got[0].EntityID != b.ID || !got[0].Since.Equal(madePublic) {
			t.Fatalf("after publishing %d: %+v (updated %v)", b.ID, got, b.UpdatedAt)
		}
		a.Sensitivity = vigil.Coalition
		MustOK(t, s.UpdateIncident(As(Admin), a), "withdraw")
		got, _ = s.FindNewlyPublic(As(Anonymous), 10)
		if len(got) != 1 || got[0].EntityID != b.ID {
			t.Fatalf("after withdrawing %d: %+v", a.ID, got)
		}
		MustCode(t, func() error { _, err := s.FindNewlyPublic(As(Anonymous), 0); return err }(), vigil.EINVALID, "limit 0")
	})
}

// withTextChunk inserts a PNG tEXt chunk after the header chunk.
func withTextChunk(t *testing.T, png []byte, text string) []byte {
	t.Helper()
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, IHDR length, type, data, CRC
	body := append([]byte("tEXt"), []byte("Comment\x00"+text)...)
	var chunk bytes.Buffer
	_ = binary.Write(&chunk, binary.BigEndian, uint32(len(body)-4))
	chunk.Write(body)
	_ = binary.Write(&chunk, binary.BigEndian, crc32.ChecksumIEEE(body))
	return append(append(append([]byte{}, png[:ihdrEnd]...), chunk.Bytes()...), png[ihdrEnd:]...)
}

func hasProblem(ps []vigil.ReportProblem, field, want string) bool {
	for _, p := range ps {
		if p.Field == field && bytes.Contains([]byte(p.Reason), []byte(want)) {
			return true
		}
	}
	return false
}

func id(n int64) string { return itoa(int(n)) }
