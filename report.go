package vigil

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// ReportStatus is where a report stands: a draft, or published on the
// public site.
type ReportStatus string

// Report statuses.
const (
	ReportDraft     ReportStatus = "draft"
	ReportPublished ReportStatus = "published"
)

// ReportStatuses lists every valid report status.
var ReportStatuses = []ReportStatus{ReportDraft, ReportPublished}

// Report is a post of the public site in one language. Its Korean and
// English versions are two reports with the same Slug, and each links to
// the other.
//
// Body is Markdown with four directives (docs/publication.md):
//
//	{{cite 12}}       source 12 as a numbered footnote (several ids: {{cite 1 2}})
//	{{incident 3}}    a link to incident 3
//	{{total repatriation 2023-10-01..2024-05-31}}
//	                  the current total, with its range and a link to the incidents behind it
//	{{photo 1}}       the report's first photo, with its caption and credit
//
// A report may be published (Status "published") only when it passes the
// pre-publication check (Store: PublishProblems): it is public, every
// source and incident it names is public, and every photo has a credit
// and the consent of the people in it. The check runs whenever a
// published report is written, so an edit cannot slip a restricted
// record into a published report.
type Report struct {
	Meta
	// Slug is the report's name in URLs ("2024-05-mofa-demonstration"):
	// lowercase letters, digits and dashes. It is shared by the language
	// versions of one report.
	Slug string `json:"slug"`
	// Lang is "ko" or "en"; one report per slug and language.
	Lang    string `json:"lang"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
	// Byline credits the authors: "Written by … for …".
	Byline string `json:"byline"`
	// Date is the day the report carries (YYYY-MM-DD).
	Date   string       `json:"date"`
	Status ReportStatus `json:"status"`
	// PublishedAt is set by the store when the report is first published.
	PublishedAt *time.Time `json:"published_at"`
	// Photos are the report's photos; {{photo N}} shows the Nth.
	Photos []ReportPhoto `json:"photos"`
}

// ReportPhoto is a photograph in a report: an image stored by its SHA-256,
// with what the public sees (caption, alt text, credit) and the consent
// of the people it shows.
type ReportPhoto struct {
	// Image is the hex SHA-256 of an image stored with PutImage.
	Image   string `json:"image"`
	Caption string `json:"caption"`
	// Alt describes the image for people who cannot see it.
	Alt    string `json:"alt"`
	Credit string `json:"credit"`
	// Consent records that the people identifiable in the photo agreed
	// to its publication; ConsentNote says how (internal, not published).
	Consent     bool   `json:"consent"`
	ConsentNote string `json:"consent_note"`
}

var (
	slugPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Validate normalizes r and reports every problem with its field. The
// body's directives must parse; whether the records they name may be
// published is the pre-publication check's job.
func (r *Report) Validate() error {
	p := Problems{}
	r.validateMeta(p)
	r.Slug = strings.ToLower(strings.TrimSpace(r.Slug))
	if !slugPattern.MatchString(r.Slug) || len(r.Slug) > 100 {
		p.Add("slug", "%q is not a slug: lowercase letters, digits and single dashes, at most 100 characters", r.Slug)
	}
	r.Lang = strings.ToLower(strings.TrimSpace(r.Lang))
	if r.Lang != "ko" && r.Lang != "en" {
		p.Add("lang", "%q is not ko or en", r.Lang)
	}
	validateText(p, "title", &r.Title, true, 300)
	validateText(p, "summary", &r.Summary, false, 2000)
	validateText(p, "byline", &r.Byline, false, 500)
	if !utf8.ValidString(r.Body) {
		p.Add("body", "is not valid UTF-8")
	} else if utf8.RuneCountInString(r.Body) > 200000 {
		p.Add("body", "is longer than 200000 characters")
	} else if _, err := ParseDirectives(r.Body); err != nil {
		p.Add("body", "%s", err.Error())
	}
	r.Date = strings.TrimSpace(r.Date)
	if r.Date != "" {
		if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
			p.Add("date", "%q is not a day (YYYY-MM-DD)", r.Date)
		}
	}
	if r.Status == "" {
		r.Status = ReportDraft
	}
	if !oneOf(r.Status, ReportStatuses) {
		p.Add("status", "%q is not one of %s", r.Status, joinOf(ReportStatuses))
	}
	if r.Photos == nil {
		r.Photos = []ReportPhoto{}
	}
	if len(r.Photos) > 50 {
		p.Add("photos", "has more than 50 photos")
	}
	for n := range r.Photos {
		ph := &r.Photos[n]
		f := "photos[" + itoa(n+1) + "]"
		ph.Image = strings.ToLower(strings.TrimSpace(ph.Image))
		if !sha256Pattern.MatchString(ph.Image) {
			p.Add(f+".image", "%q is not the hex SHA-256 of a stored image", ph.Image)
		}
		validateText(p, f+".caption", &ph.Caption, false, 1000)
		validateText(p, f+".alt", &ph.Alt, false, 1000)
		validateText(p, f+".credit", &ph.Credit, false, 300)
		validateText(p, f+".consent_note", &ph.ConsentNote, false, 2000)
	}
	return p.Err("report")
}

// Translation is the language of the other version of a report in
// language lang: "en" for "ko" and "ko" for "en".
func Translation(lang string) string {
	if lang == "ko" {
		return "en"
	}
	return "ko"
}

// ReportFilter selects reports.
type ReportFilter struct {
	Page
	IDs    []int64
	Slug   string
	Lang   string
	Status ReportStatus
	Query  string // substring of the title or slug
}

// ReportSorts lists the fields reports can be sorted by.
var ReportSorts = []string{"date", "slug", "updated_at"}

// Image is a stored photo file, addressed by its SHA-256.
type Image struct {
	SHA256    string    `json:"sha256"`
	MediaType string    `json:"media_type"`
	Size      int64     `json:"size"`
	Data      []byte    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// ImageMediaTypes are the image formats a report may carry: JPEG and PNG,
// which the store re-encodes to strip their metadata (EXIF with GPS,
// XMP, text chunks) before it stores them; never SVG.
var ImageMediaTypes = []string{"image/jpeg", "image/png"}

// MaxImageBytes is the largest image PutImage accepts.
const MaxImageBytes = 8 << 20

// PublicSince says when a record last became public.
type PublicSince struct {
	EntityID int64     `json:"entity_id"`
	Since    time.Time `json:"since"`
}

// ReportProblem is one reason a report may not be published: Field
// names the place ("body", "photos[2].credit") and Reason says why.
type ReportProblem struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// ReportService manages reports, their images and what the public site
// needs to know about publication. It is implemented by store.Store.
// Reads follow the usual clearance rules (a draft is as visible as its
// sensitivity); writes need a writing role, and publishing (setting
// Status to published, or writing a published report) needs an editing
// role and passes the pre-publication check, or fails EINVALID with a
// field per problem and changes nothing.
// Errors: EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN, EINTERNAL.
type ReportService interface {
	FindReportByID(ctx context.Context, id int64) (*Report, error)
	FindReports(ctx context.Context, f ReportFilter) ([]*Report, int, error)
	CreateReport(ctx context.Context, r *Report) error
	UpdateReport(ctx context.Context, r *Report) error
	DeleteReport(ctx context.Context, id int64, version int) error
	// CheckReport runs the pre-publication check on r as it would be
	// saved, without saving it, and returns the problems (none: it may be
	// published). It needs a writing role.
	CheckReport(ctx context.Context, r *Report) ([]ReportProblem, error)

	// PutImage strips the image's metadata by re-encoding it (package
	// photo), stores it and returns it with the SHA-256 of the stored
	// bytes; storing the same picture again returns the stored image.
	// EINVALID for a type other than ImageMediaTypes, bytes that are not
	// of that type, or more than MaxImageBytes. It needs a writing role.
	PutImage(ctx context.Context, mediaType string, data []byte) (*Image, error)
	// FindImage returns an image with its bytes. A viewer with writing
	// role sees every image; any other viewer only the images of the
	// published reports they may see (ENOTFOUND otherwise).
	FindImage(ctx context.Context, sha256 string) (*Image, error)

	// FindNewlyPublic lists the public incidents by the time they last
	// became public, newest first, at most limit (1…500). Anyone may
	// call it: it returns public records only.
	FindNewlyPublic(ctx context.Context, limit int) ([]PublicSince, error)
}
