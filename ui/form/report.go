package form

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"

	"vigil"
)

// photoKey matches the form keys of a report's photos: "photos[2].credit".
var photoKey = regexp.MustCompile(`^photos\[(\d+)\]\.image$`)

// photoCount is the number of photo rows in vals.
func photoCount(vals url.Values) int {
	n := 0
	for k := range vals {
		if m := photoKey.FindStringSubmatch(k); m != nil {
			if i, _ := strconv.Atoi(m[1]); i > n {
				n = i
			}
		}
	}
	return n
}

// Report edits a report. Its photos are rows named as the validator and
// the pre-publication check name them ("photos[1].credit"), so their
// problems show at the inputs; new photos are uploaded on their own page.
var Report = Codec[vigil.Report]{
	Spec: func(vals url.Values) []Field {
		fs := []Field{
			{Name: "title", Label: "field.report_title", Kind: Text, Required: true, Group: "grp.report"},
			{Name: "lang", Label: "field.report_lang", Kind: Select, Required: true, Options: []Option{{Value: "en", Key: "lang.en"}, {Value: "ko", Key: "lang.ko"}}},
			{Name: "slug", Label: "field.slug", Kind: Text, Required: true, Help: "help.slug", Autocomplete: "off"},
			{Name: "date", Label: "field.report_date", Kind: Text, Help: "help.report_date", Autocomplete: "off"},
			{Name: "byline", Label: "field.byline", Kind: Text},
			{Name: "summary", Label: "field.report_summary", Kind: TextArea},
			{Name: "body", Label: "field.body", Kind: TextArea, Help: "help.body"},
		}
		for i := 1; i <= photoCount(vals); i++ {
			p := fmt.Sprintf("photos[%d].", i)
			fs = append(fs,
				Field{Name: p + "image", Label: "field.photo_image", Kind: Text, Group: "grp.photo", Autocomplete: "off"},
				Field{Name: p + "caption", Label: "field.photo_caption", Kind: Text},
				Field{Name: p + "alt", Label: "field.photo_alt", Kind: Text, Help: "help.photo_alt"},
				Field{Name: p + "credit", Label: "field.photo_credit", Kind: Text},
				Field{Name: p + "consent", Label: "field.photo_consent", Kind: Checkbox, Help: "help.photo_consent"},
				Field{Name: p + "consent_note", Label: "field.photo_consent_note", Kind: Text})
		}
		return append(fs,
			Field{Name: "status", Label: "field.report_status", Kind: Select, Required: true, Options: options("rstatus.", vigil.ReportStatuses), Help: "help.report_status", Group: "grp.access"},
			Field{Name: "sensitivity", Label: "field.sensitivity", Help: "help.sensitivity", Kind: Select, Required: true, Options: Sensitivities()})
	},
	Values: func(r *vigil.Report) url.Values {
		v := url.Values{}
		v.Set("title", r.Title)
		v.Set("lang", r.Lang)
		v.Set("slug", r.Slug)
		v.Set("date", r.Date)
		v.Set("byline", r.Byline)
		v.Set("summary", r.Summary)
		v.Set("body", r.Body)
		for i, ph := range r.Photos {
			p := fmt.Sprintf("photos[%d].", i+1)
			v.Set(p+"image", ph.Image)
			v.Set(p+"caption", ph.Caption)
			v.Set(p+"alt", ph.Alt)
			v.Set(p+"credit", ph.Credit)
			if ph.Consent {
				v.Set(p+"consent", "on")
			}
			v.Set(p+"consent_note", ph.ConsentNote)
		}
		v.Set("status", string(r.Status))
		v.Set("sensitivity", string(r.Sensitivity))
		return v
	},
	Apply: func(v url.Values, r *vigil.Report) vigil.Problems {
		r.Title, r.Lang, r.Slug, r.Date = v.Get("title"), v.Get("lang"), v.Get("slug"), v.Get("date")
		r.Byline, r.Summary, r.Body = v.Get("byline"), v.Get("summary"), v.Get("body")
		r.Photos = []vigil.ReportPhoto{}
		for i := 1; i <= photoCount(v); i++ {
			p := fmt.Sprintf("photos[%d].", i)
			if v.Get(p+"image") == "" {
				continue // an emptied row removes the photo
			}
			r.Photos = append(r.Photos, vigil.ReportPhoto{Image: v.Get(p + "image"), Caption: v.Get(p + "caption"), Alt: v.Get(p + "alt"),
				Credit: v.Get(p + "credit"), Consent: v.Get(p+"consent") != "", ConsentNote: v.Get(p + "consent_note")})
		}
		r.Status = vigil.ReportStatus(v.Get("status"))
		r.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return vigil.Problems{}
	},
}
