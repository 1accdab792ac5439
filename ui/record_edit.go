package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// editor serves the create and edit forms of one record type with one
// codec. Every save carries the version the user read: a stale save shows
// the other editor's values beside the user's and asks which to keep, so
// nothing is ever silently overwritten.
type editor[T any] struct {
	u      *UI
	entity string // "incidents": the URL prefix and the audit entity
	noun   string // i18n key of the record's name ("noun.incident")
	codec  form.Codec[T]
	meta   func(*T) *vigil.Meta
	find   func(ctx context.Context, id int64) (*T, error)
	create func(ctx context.Context, rec *T) error
	update func(ctx context.Context, rec *T) error
	// validate is the record's own Validate, run when the form itself
	// has problems so that the user sees every problem at once.
	validate func(rec *T) error
	// blank is a new record with defaults, from the query (e.g. a claim
	// form opened from an incident).
	blank func(r *http.Request) *T
	// label names a record in headings.
	label func(lang string, rec *T) string
	// allowed is an extra check on an existing record (e.g. protected
	// people, editorial decisions); nil allows every writer.
	allowed func(r *http.Request, rec *T) error
	// gate is the role check; nil means needWriter.
	gate func(r *http.Request) error
	// path is the edit URL suffix ("edit", "resolve", "override").
	path string
	// done is where to go after saving.
	done func(rec *T) string
	// heading keys for the new and edit pages.
	newKey, editKey string
	// back is where a new form's Cancel goes; nil means the list.
	back func(r *http.Request) string
	// extra adds to a form page (e.g. the claim form's "new source" link).
	extra func(r *http.Request, p *formPage)
	// audit is the record type's name in the audit log, when it differs
	// from entity ("campaign_actions" for "campaign-actions").
	audit string
	// prefill changes the values a new or edit form opens with, from the
	// query: the source just created ("?source_id=") after "Source not
	// listed?".
	prefill func(r *http.Request, vals url.Values)
	// adjust changes a form for the viewer and the record as stored
	// (nil for a new one) just before it is shown: the states an ask may
	// move to, fields only editors see.
	adjust func(r *http.Request, f *form.Form, rec *T)
}

// formPage is the data of form.html.
type formPage struct {
	Heading string
	Intro   string
	Back    string
	Form    *form.Form
	Submit  string
	Status  string // a message shown above the form ("saved", "merge")
	Preview map[string]string
	NewOnly bool
	// NewSource links to the source form, returning to this one; it is
	// shown next to the field NewSourceAt ("source_id" when empty).
	NewSource   string
	NewSourceAt string
	Entity      string
	RecordID    int64
	// Multipart makes the form send multipart/form-data (file uploads).
	Multipart bool
}

// SourceLink is the "Source not listed?" link to show next to field
// name, or "".
func (p *formPage) SourceLink(name string) string {
	at := p.NewSourceAt
	if at == "" {
		at = "source_id"
	}
	if name != at {
		return ""
	}
	return p.NewSource
}

// routes are the editor's new, create, edit and save routes.
func (e *editor[T]) routes() []route {
	return []route{
		{"GET /" + e.entity + "/new", e.u.serve(e.newForm)},
		{"POST /" + e.entity, e.u.serve(e.createPost)},
		{"GET /" + e.entity + "/{id}/" + e.path, e.u.serve(e.edit)},
		{"POST /" + e.entity + "/{id}/" + e.path, e.u.serve(e.save)},
	}
}

func (e *editor[T]) check(r *http.Request) error {
	if e.gate != nil {
		return e.gate(r)
	}
	return needWriter(r)
}

// defaultSensitivity is the most restricted level the viewer may write:
// when in doubt, restricted.
func defaultSensitivity(v vigil.Viewer) vigil.Sensitivity {
	return v.Clearance
}

func (e *editor[T]) newForm(r *http.Request) (*view, error) {
	if err := e.check(r); err != nil {
		return nil, err
	}
	rec := e.blank(r)
	m := e.meta(rec)
	if m.Sensitivity == "" {
		m.Sensitivity = defaultSensitivity(vigil.ViewerFrom(r.Context()))
	}
	vals := e.codec.Values(rec)
	if e.prefill != nil {
		e.prefill(r, vals)
	}
	f := form.Build("/"+e.entity, e.codec.Spec(vals), vals)
	return e.page(r, f, nil, http.StatusOK)
}

func (e *editor[T]) createPost(r *http.Request) (*view, error) {
	if err := e.check(r); err != nil {
		return nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "could not read the form")
	}
	sub := form.Read(r.PostForm)
	rec := e.blank(r)
	probs := e.codec.Apply(sub.Values, rec)
	f := form.Build("/"+e.entity, e.codec.Spec(sub.Values), sub.Values)
	if len(probs) > 0 {
		return e.invalid(r, f, e.withValidator(probs, rec), nil)
	}
	if err := e.create(r.Context(), rec); err != nil {
		if vigil.ErrorCode(err) == vigil.EINVALID {
			return e.invalid(r, f, vigil.ErrorFields(err), nil)
		}
		if refusedField(err) {
			return e.refused(r, f, vigil.ErrorFields(err), nil)
		}
		return nil, err
	}
	if next := r.PostForm.Get("next"); next != "" {
		return redirect(withQuery(localPath(next), e.entity[:len(e.entity)-1]+"_id", strconv.FormatInt(e.meta(rec).ID, 10))), nil
	}
	return redirect(withQuery(e.done(rec), "saved", strconv.Itoa(e.meta(rec).Version))), nil
}

func (e *editor[T]) load(r *http.Request) (*T, error) {
	if err := e.check(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	rec, err := e.find(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if e.allowed != nil {
		if err := e.allowed(r, rec); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

func (e *editor[T]) action(rec *T) string {
	return "/" + e.entity + "/" + strconv.FormatInt(e.meta(rec).ID, 10) + "/" + e.path
}

func (e *editor[T]) edit(r *http.Request) (*view, error) {
	rec, err := e.load(r)
	if err != nil {
		return nil, err
	}
	vals := e.codec.Values(rec)
	shown, restoring := vals, 0
	if v := r.URL.Query().Get("restore"); v != "" {
		old, version, err := e.restore(r, rec, v)
		if err != nil {
			return nil, err
		}
		shown, restoring = e.codec.Values(old), version
	}
	if e.prefill != nil {
		// A copy: the base stays the record as stored.
		c := url.Values{}
		for k, v := range shown {
			c[k] = v
		}
		shown = c
		e.prefill(r, shown)
	}
	all := url.Values{}
	for k, v := range vals {
		all[k] = v
	}
	for k, v := range shown {
		all[k] = v
	}
	f := form.Build(e.action(rec), e.codec.Spec(all), shown)
	f.SetBase(e.meta(rec).Version, vals)
	v, err := e.page(r, f, rec, http.StatusOK)
	if err == nil && restoring > 0 {
		p := v.data.(*formPage)
		p.Status = e.u.msgs.T(lang(r), "restore.intro", restoring, e.meta(rec).Version)
	}
	return v, err
}

// restore reads version n of rec from its audit history (which needs
// restricted clearance, like the log itself). The form then shows those
// values over the current version: saving is an ordinary edit, checked
// and audited like any other, so an undo is never a blind overwrite.
func (e *editor[T]) restore(r *http.Request, rec *T, n string) (*T, int, error) {
	version, err := strconv.Atoi(n)
	if err != nil || version < 1 {
		return nil, 0, &vigil.Error{Code: vigil.EINVALID, Message: "invalid version", Fields: map[string]string{"restore": "must be a version number"}}
	}
	id := e.meta(rec).ID
	entity := e.entity
	if e.audit != "" {
		entity = e.audit
	}
	entries, _, err := e.u.svc.FindAuditEntries(r.Context(), vigil.AuditFilter{Entity: entity, EntityID: &id, Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "-seq"}})
	if err != nil {
		return nil, 0, err
	}
	for _, en := range entries {
		if en.Version != version || en.Action == vigil.ActionDelete {
			continue
		}
		old := new(T)
		if err := json.Unmarshal(en.Data, old); err != nil {
			return nil, 0, fmt.Errorf("ui: restore %s %d version %d: %w", e.entity, id, version, err)
		}
		return old, version, nil
	}
	return nil, 0, vigil.Errorf(vigil.ENOTFOUND, "%s %d has no version %d", e.entity, id, version)
}

// save applies a posted edit. In order: the user's merge decisions are
// applied; a version older than the stored one shows the merge; missing
// decisions are asked again; the values are applied onto the record as
// stored now (fields the form does not show stay as they are) and saved
// with the version the user read, so a save that races another still
// fails in the store rather than overwriting it.
func (e *editor[T]) save(r *http.Request) (*view, error) {
	cur, err := e.load(r)
	if err != nil {
		return nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "could not read the form")
	}
	sub := form.Read(r.PostForm)
	f := form.Build(e.action(cur), e.codec.Spec(sub.Values), sub.Values)
	if sub.Version < 1 {
		// A form without a version cannot prove what it overwrites: show
		// the record as it is, to be edited again.
		sub.Version = 0
	}
	if sub.Version != e.meta(cur).Version {
		return e.merge(r, f, sub, cur)
	}
	f.SetBase(sub.Version, sub.Base)
	if len(sub.Undecided) > 0 {
		f.Undecided(sub.Undecided, sub.Base, e.u.msgs.T(lang(r), "merge.choose"))
		return e.page(r, f, cur, http.StatusConflict)
	}
	rec := *cur
	probs := e.codec.Apply(sub.Values, &rec)
	if len(probs) > 0 {
		return e.invalid(r, f, e.withValidator(probs, &rec), cur)
	}
	e.meta(&rec).Version = sub.Version
	if err := e.update(r.Context(), &rec); err != nil {
		switch vigil.ErrorCode(err) {
		case vigil.EINVALID:
			return e.invalid(r, f, vigil.ErrorFields(err), cur)
		case vigil.EFORBIDDEN:
			if refusedField(err) {
				return e.refused(r, f, vigil.ErrorFields(err), cur)
			}
		case vigil.ECONFLICT:
			now, ferr := e.find(r.Context(), e.meta(cur).ID)
			if ferr == nil && e.meta(now).Version != sub.Version {
				return e.merge(r, f, sub, now)
			}
		}
		return nil, err
	}
	return redirect(withQuery(e.done(&rec), "saved", strconv.Itoa(e.meta(&rec).Version))), nil
}

// withValidator adds the record validator's problems to the form's own,
// which come first for a field both name.
func (e *editor[T]) withValidator(probs vigil.Problems, rec *T) map[string]string {
	if e.validate == nil {
		return probs
	}
	c := *rec // Validate normalizes; the form keeps what was typed
	for k, v := range vigil.ErrorFields(e.validate(&c)) {
		probs.Add(k, "%s", v)
	}
	return probs
}

// merge shows what changed since the user read the record.
func (e *editor[T]) merge(r *http.Request, f *form.Form, sub form.Submission, now *T) (*view, error) {
	theirs := e.codec.Values(now)
	base := sub.Base
	if sub.Version == 0 {
		base = url.Values{}
	}
	// Rebuild with the rows of both sides (an incident's place rows).
	all := url.Values{}
	for k, v := range theirs {
		all[k] = v
	}
	for k, v := range sub.Values {
		all[k] = v
	}
	f = form.Build(f.Action, e.codec.Spec(all), sub.Values)
	f.Merge(base, sub.Values, theirs, e.meta(now).Version)
	return e.page(r, f, now, http.StatusConflict)
}

// invalid re-renders the form with the errors next to their fields.
func (e *editor[T]) invalid(r *http.Request, f *form.Form, errs map[string]string, rec *T) (*view, error) {
	l := lang(r)
	f.Errors(errs, func(msg string) string { return e.u.localize(l, msg) })
	return e.page(r, f, rec, http.StatusBadRequest)
}

// refused shows the form again with a refusal that names its field (a
// contributor publishing a record), with status 403.
func (e *editor[T]) refused(r *http.Request, f *form.Form, errs map[string]string, rec *T) (*view, error) {
	l := lang(r)
	f.Errors(errs, func(msg string) string { return e.u.localize(l, msg) })
	return e.page(r, f, rec, http.StatusForbidden)
}

// refusedField reports whether err is EFORBIDDEN naming a field, which a
// form shows next to it rather than as an error page.
func refusedField(err error) bool {
	return vigil.ErrorCode(err) == vigil.EFORBIDDEN && len(vigil.ErrorFields(err)) > 0
}

func (e *editor[T]) page(r *http.Request, f *form.Form, rec *T, status int) (*view, error) {
	l := lang(r)
	v := vigil.ViewerFrom(r.Context())
	if err := e.u.lookups(r.Context(), l).fill(f, v); err != nil {
		return nil, err
	}
	if e.adjust != nil {
		e.adjust(r, f, rec)
	}
	if next := localPath(r.FormValue("next")); r.FormValue("next") != "" && next != "/" {
		f.Hidden = append(f.Hidden, [2]string{"next", next})
	}
	p := &formPage{Form: f, Entity: e.entity, Preview: map[string]string{}}
	if rec == nil {
		p.Heading = e.u.msgs.T(l, e.newKey)
		p.Submit = e.u.msgs.T(l, "form.create")
		p.Back = "/" + e.entity
		if e.back != nil {
			p.Back = e.back(r)
		}
		p.NewOnly = true
	} else {
		m := e.meta(rec)
		p.RecordID = m.ID
		p.Heading = e.u.msgs.T(l, e.editKey, e.label(l, rec))
		p.Submit = e.u.msgs.T(l, "form.save")
		p.Back = e.done(rec)
	}
	for _, fl := range f.Fields {
		if fl.Preview && fl.Value != "" {
			p.Preview[fl.Name] = e.u.figurePreview(l, fl.Value)
		}
	}
	if f.Merging {
		p.Status = e.u.msgs.T(l, "merge.intro", f.TheirVersion)
	}
	if e.extra != nil {
		e.extra(r, p)
	}
	return &view{name: "form", data: p, status: status}, nil
}
