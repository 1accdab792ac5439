package ui

import (
	"net/http"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

func incidentPath(id int64) string { return "/incidents/" + strconv.FormatInt(id, 10) }

func incidentMeta(i *vigil.Incident) *vigil.Meta { return &i.Meta }

func incidentLabel(lang string, i *vigil.Incident) string {
	return "#" + strconv.FormatInt(i.ID, 10) + " " + i.Title.In(lang)
}

// incidentEditor serves /incidents/new and /incidents/{id}/edit.
func (u *UI) incidentEditor() *editor[vigil.Incident] {
	return &editor[vigil.Incident]{
		u: u, entity: "incidents", noun: "noun.incident", codec: form.Incident, path: "edit",
		meta:     incidentMeta,
		validate: func(i *vigil.Incident) error { return i.Validate() }, find: u.svc.FindIncidentByID, create: u.svc.CreateIncident, update: u.svc.UpdateIncident,
		blank: func(r *http.Request) *vigil.Incident {
			return &vigil.Incident{Event: vigil.EventType(r.URL.Query().Get("event"))}
		},
		label:  incidentLabel,
		done:   func(i *vigil.Incident) string { return incidentPath(i.ID) },
		newKey: "incident.new", editKey: "incident.edit",
	}
}

// resolveEditor serves an editor's resolution of a conflict between an
// incident's claims.
func (u *UI) resolveEditor() *editor[vigil.Incident] {
	e := u.incidentEditor()
	e.codec, e.path, e.gate = form.Resolve, "resolve", needEditor
	e.editKey = "incident.resolve_heading"
	e.done = func(i *vigil.Incident) string { return incidentPath(i.ID) + "#claims" }
	return e
}

// overrideEditor serves an editor's figure for an incident, replacing the
// derived one, with a required rationale.
func (u *UI) overrideEditor() *editor[vigil.Incident] {
	e := u.incidentEditor()
	e.codec, e.path, e.gate = form.Override, "override", needEditor
	e.editKey = "incident.override_heading"
	e.done = func(i *vigil.Incident) string { return incidentPath(i.ID) + "#figure" }
	return e
}

// linkCreate adds a link from the incident to another. A refused link
// re-renders the form with the reason next to the field.
func (u *UI) linkCreate(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	inc, err := u.svc.FindIncidentByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "could not read the form")
	}
	sub := form.Read(r.PostForm)
	l := &vigil.IncidentLink{FromID: inc.ID}
	probs := form.Link.Apply(sub.Values, l)
	if len(probs) == 0 {
		err = u.svc.CreateLink(r.Context(), l)
		if err == nil {
			return redirect(incidentPath(inc.ID) + "?saved=1#links"), nil
		}
		if vigil.ErrorCode(err) != vigil.EINVALID {
			return nil, err
		}
		probs = vigil.ErrorFields(err)
	}
	lg := lang(r)
	f := form.Build(incidentPath(inc.ID)+"/links", form.Link.Spec(sub.Values), sub.Values)
	f.Errors(probs, func(m string) string { return u.localize(lg, m) })
	if err := u.lookups(r.Context(), lg).fill(f, vigil.ViewerFrom(r.Context())); err != nil {
		return nil, err
	}
	return &view{name: "form", status: http.StatusBadRequest, data: &formPage{
		Heading: u.msgs.T(lg, "link.add_to", incidentLabel(lg, inc)), Form: f, Submit: u.msgs.T(lg, "link.add"),
		Back: incidentPath(inc.ID) + "#links", Entity: "incident_links", NewOnly: true,
	}}, nil
}

// linkDelete removes a link, at the version shown; it needs an editor
// (the store's rule for every delete).
func (u *UI) linkDelete(r *http.Request) (*view, error) {
	if err := needEditor(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	l, err := u.svc.FindLinkByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	back := incidentPath(l.FromID)
	if from, _ := strconv.ParseInt(r.PostFormValue("from"), 10, 64); from == l.ToID {
		back = incidentPath(l.ToID)
	}
	if err := u.svc.DeleteLink(r.Context(), l.ID, version); err != nil {
		return nil, err
	}
	return redirect(back + "?saved=1#links"), nil
}
