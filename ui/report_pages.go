package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"vigil"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/ui/form"
)

func init() { Pages = append(Pages, "report_photo") }

// reportRoutes are the researcher's pages for reports: the list, a
// report with its pre-publication check, the editor (publishing is
// setting the status to published, which runs the check), and the photo
// upload. They exist when the service keeps reports (store.Store does).
func (u *UI) reportRoutes() []route {
	if u.reports == nil {
		return nil
	}
	rs := []route{
		{"GET /export", u.serve(u.exportPage)},
		{"GET /reports", u.serve(u.reportList)},
		{"GET /reports/{id}", u.serve(u.reportDetail)},
		{"GET /reports/{id}/photos/new", u.serve(u.photoForm)},
		{"POST /reports/{id}/photos", u.serve(u.photoUpload)},
	}
	return append(rs, u.reportEditor().routes()...)
}

func (u *UI) reportEditor() *editor[vigil.Report] {
	return &editor[vigil.Report]{
		u: u, entity: "reports", noun: "noun.report", codec: form.Report, path: "edit",
		meta:     func(r *vigil.Report) *vigil.Meta { return &r.Meta },
		validate: func(r *vigil.Report) error { return r.Validate() },
		find:     u.reports.FindReportByID,
		create:   u.reports.CreateReport, update: u.reports.UpdateReport,
		blank: func(r *http.Request) *vigil.Report {
			rep := &vigil.Report{Lang: lang(r), Status: vigil.ReportDraft, Photos: []vigil.ReportPhoto{}}
			if q := r.URL.Query(); q.Get("slug") != "" { // a translation of an existing report
				rep.Slug, rep.Lang = q.Get("slug"), vigil.Translation(q.Get("from"))
			}
			return rep
		},
		label:  func(_ string, r *vigil.Report) string { return r.Title },
		done:   func(r *vigil.Report) string { return "/reports/" + itoa(r.ID) },
		newKey: "report.new", editKey: "report.edit",
	}
}

// reportList lists the reports the viewer may see, newest first.
func (u *UI) reportList(r *http.Request) (*view, error) {
	l := lang(r)
	q, status, page, offset := listParams(r)
	f := vigil.ReportFilter{Page: vigil.Page{Limit: pageSize, Offset: offset, Sort: "-date"}, Status: validKind(status, vigil.ReportStatuses), Query: q}
	reps, total, err := u.reports.FindReports(r.Context(), f)
	if err != nil {
		return nil, err
	}
	t := recordTable{Columns: []string{"col.date", "col.title", "col.report_lang", "col.report_status", "col.sensitivity"}, Empty: "empty.reports"}
	for _, rep := range reps {
		t.Rows = append(t.Rows, recordRow{Cells: []cell{
			{Text: dateText(l, rep.Date)},
			{Text: rep.Title, Href: "/reports/" + itoa(rep.ID), Lang: rep.Lang},
			{Text: u.msgs.T(l, "lang."+rep.Lang)},
			{Text: u.msgs.T(l, "rstatus."+string(rep.Status)), Class: "status-" + string(rep.Status)},
			u.sensCell(l, rep.Sensitivity),
		}})
	}
	return &view{name: "records", data: &recordsPage{
		Heading: "reports.title", Entity: "reports", Q: q, Kind: string(f.Status), Kinds: kindOptions("rstatus.", vigil.ReportStatuses),
		Table: t, Pager: newPager(r, total, page, pageSize), CanWrite: vigil.ViewerFrom(r.Context()).CanWrite(), New: "report.new",
		Filtered: q != "" || f.Status != "",
	}}, nil
}

// reportDetail shows a report, the result of the pre-publication check
// for writers, its photos, and where it is on the public site.
func (u *UI) reportDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	rep, err := u.reports.FindReportByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &recordPage{Heading: rep.Title, Entity: "reports", ID: rep.ID, Kind: "rstatus." + string(rep.Status), Meta: rep.Meta,
		CanEdit: v.CanWrite(), Saved: saved(r)}
	public := ""
	if rep.Status == vigil.ReportPublished && rep.Sensitivity == vigil.Public {
		public = publish.Prefix + rep.Lang + "/reports/" + rep.Slug + ".html"
	}
	p.Facts = []fact{
		{Label: "field.slug", Value: rep.Slug},
		{Label: "field.report_lang", Value: u.msgs.T(l, "lang."+rep.Lang)},
		{Label: "field.report_date", Value: dateText(l, rep.Date)},
		{Label: "field.byline", Value: rep.Byline},
		{Label: "field.report_summary", Value: rep.Summary, Lang: rep.Lang},
		{Label: "report.public_page", Value: public, Href: public},
	}
	others, _, err := u.reports.FindReports(ctx, vigil.ReportFilter{Slug: rep.Slug, Page: vigil.Page{Limit: 10}})
	if err != nil {
		return nil, err
	}
	trans := recordTable{Heading: "report.translations", Columns: []string{"col.report_lang", "col.title", "col.report_status"}, Empty: "empty.translations"}
	for _, o := range others {
		if o.ID != rep.ID {
			trans.Rows = append(trans.Rows, recordRow{Cells: []cell{{Text: u.msgs.T(l, "lang."+o.Lang)}, {Text: o.Title, Href: "/reports/" + itoa(o.ID), Lang: o.Lang},
				{Text: u.msgs.T(l, "rstatus."+string(o.Status))}}})
		}
	}
	if len(trans.Rows) == 0 && v.CanWrite() {
		trans.Action = &link{Href: "/reports/new?slug=" + rep.Slug + "&from=" + rep.Lang, Label: "report.translate"}
	}
	if v.CanWrite() {
		probs, err := u.reports.CheckReport(ctx, rep)
		if err != nil {
			return nil, err
		}
		check := recordTable{Heading: "report.check", Columns: []string{"col.check_field", "col.check_problem"}, Empty: "report.check_ok"}
		for _, pr := range probs {
			check.Rows = append(check.Rows, recordRow{Cells: []cell{{Text: pr.Field}, {Text: pr.Reason}}})
		}
		p.Related = append(p.Related, check)
	}
	photos := recordTable{Heading: "report.photos", Columns: []string{"col.report_photo", "field.photo_caption", "field.photo_credit", "field.photo_consent"}, Empty: "empty.photos"}
	for i, ph := range rep.Photos {
		consent := u.msgs.T(l, "report.consent_no")
		if ph.Consent {
			consent = u.msgs.T(l, "report.consent_yes")
		}
		photos.Rows = append(photos.Rows, recordRow{Cells: []cell{{Text: "{{photo " + strconv.Itoa(i+1) + "}}", Href: "/api/v1/images/" + ph.Image},
			{Text: ph.Caption}, {Text: ph.Credit}, {Text: consent}}})
	}
	if v.CanWrite() {
		photos.Action = &link{Href: "/reports/" + itoa(rep.ID) + "/photos/new", Label: "report.add_photo"}
	}
	p.Related = append(p.Related, photos, trans)
	return &view{name: "record", data: p}, nil
}

// photoPage is the data of report_photo.html.
type photoPage struct {
	Report *vigil.Report
	Error  string
	Values map[string]string
}

func (u *UI) photoForm(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	rep, err := u.reportFromPath(r)
	if err != nil {
		return nil, err
	}
	return &view{name: "report_photo", data: &photoPage{Report: rep, Values: map[string]string{}}}, nil
}

// photoUpload stores an uploaded photo and adds it to the report, at the
// version the form was read at. The route has the server's upload limit
// (httpserver.ReadUpload), and the image is read into memory only: it is
// stripped before anything is stored.
func (u *UI) photoUpload(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	rep, err := u.reportFromPath(r)
	if err != nil {
		return nil, err
	}
	page := &photoPage{Report: rep, Values: map[string]string{}}
	fail := func(msg string) (*view, error) {
		page.Error = msg
		return &view{name: "report_photo", data: page, status: http.StatusBadRequest}, nil
	}
	up, err := httpserver.ReadUpload(r, "image")
	if err != nil {
		if vigil.ErrorCode(err) == vigil.ETOOLARGE {
			return nil, err
		}
		return fail(u.msgs.T(lang(r), "report.upload_unreadable"))
	}
	for _, k := range []string{"caption", "alt", "credit", "consent_note", "consent", "version"} {
		page.Values[k] = up.Values.Get(k)
	}
	if !up.HasFile {
		return fail(u.msgs.T(lang(r), "report.upload_missing"))
	}
	img, err := u.reports.PutImage(r.Context(), up.FileType, up.File)
	if vigil.ErrorCode(err) == vigil.EINVALID {
		return fail(vigil.ErrorMessage(err) + ": " + strings.Join(mapValues(vigil.ErrorFields(err)), "; "))
	} else if err != nil {
		return nil, err
	}
	version, _ := strconv.Atoi(up.Values.Get("version"))
	rep.Version = version
	rep.Photos = append(rep.Photos, vigil.ReportPhoto{Image: img.SHA256, Caption: up.Values.Get("caption"), Alt: up.Values.Get("alt"),
		Credit: up.Values.Get("credit"), Consent: up.Values.Get("consent") != "", ConsentNote: up.Values.Get("consent_note")})
	if err := u.reports.UpdateReport(r.Context(), rep); err != nil {
		if code := vigil.ErrorCode(err); code == vigil.EINVALID || code == vigil.ECONFLICT {
			return fail(err.Error())
		}
		return nil, err
	}
	return redirect("/reports/" + itoa(rep.ID) + "?saved=" + strconv.Itoa(rep.Version)), nil
}

func (u *UI) reportFromPath(r *http.Request) (*vigil.Report, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return u.reports.FindReportByID(r.Context(), id)
}

func mapValues(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+": "+v)
	}
	slices.Sort(out)
	return out
}
