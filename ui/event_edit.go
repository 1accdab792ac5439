package ui

import (
	"net/http"

	"vigil"
	"vigil/httpserver"
	"vigil/ui/form"
)

func eventPath(id int64) string { return "/events/" + itoa(id) }

// eventEditor serves /events/new (?campaign_id=, ?kind=) and
// /events/{id}/edit. The participants are typed as reported and read by
// the store's figure policy, with the same preview as a claim's figure.
func (u *UI) eventEditor() *editor[vigil.Event] {
	return &editor[vigil.Event]{
		u: u, entity: "events", noun: "noun.event", codec: form.Event, path: "edit",
		meta:     func(e *vigil.Event) *vigil.Meta { return &e.Meta },
		validate: func(e *vigil.Event) error { return e.Validate(u.policy()) },
		find:     finder(u, vigil.AdvocacyService.FindEventByID),
		create:   writer(u, vigil.AdvocacyService.CreateEvent),
		update:   writer(u, vigil.AdvocacyService.UpdateEvent),
		blank: func(r *http.Request) *vigil.Event {
			e := &vigil.Event{CampaignID: queryID(r, "campaign_id"), Kind: vigil.EventKind(r.URL.Query().Get("kind"))}
			if e.Kind == "" {
				e.Kind = vigil.EventDemonstration
			}
			return e
		},
		label:  func(l string, e *vigil.Event) string { return e.Title.In(l) },
		done:   func(e *vigil.Event) string { return eventPath(e.ID) },
		back:   backToCampaign,
		newKey: "event.new", editKey: "event.edit",
	}
}

// eventPage is what the event page shows.
type eventPage struct {
	Event      *vigil.Event
	Campaign   *vigil.Campaign
	Place      *vigil.Place
	Organizers []*vigil.Actor
	Photos     []*vigil.Photo
	CanWrite   bool
	Saved      int
}

// eventDetail shows an event: when, where, who organized it, how many
// took part (as reported, with the interval read from it) and its photos.
func (u *UI) eventDetail(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p := &eventPage{CanWrite: vigil.ViewerFrom(ctx).CanWrite(), Saved: saved(r)}
	if p.Event, err = adv.FindEventByID(ctx, id); err != nil {
		return nil, err
	}
	if c := p.Event.CampaignID; c != nil {
		p.Campaign, _ = adv.FindCampaignByID(ctx, *c) // nil when hidden
	}
	if pl := p.Event.PlaceID; pl != nil {
		p.Place, _ = u.svc.FindPlaceByID(ctx, *pl)
	}
	for _, a := range p.Event.OrganizerIDs {
		if o, err := u.svc.FindActorByID(ctx, a); err == nil {
			p.Organizers = append(p.Organizers, o)
		}
	}
	if p.Photos, _, err = adv.FindPhotos(ctx, vigil.PhotoFilter{EventID: &id, Page: vigil.Page{Limit: vigil.MaxLimit}}); err != nil {
		return nil, err
	}
	return &view{name: "event", data: p}, nil
}

// photoEditor serves /photos/{id}/edit: caption, credit, consent and
// sensitivity, and for editors the risk check, which the store allows
// only them to set.
func (u *UI) photoEditor() *editor[vigil.Photo] {
	return &editor[vigil.Photo]{
		u: u, entity: "photos", noun: "noun.photo", codec: form.Photo, path: "edit",
		meta:     func(ph *vigil.Photo) *vigil.Meta { return &ph.Meta },
		validate: func(ph *vigil.Photo) error { return ph.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindPhotoByID),
		update:   writer(u, vigil.AdvocacyService.UpdatePhoto),
		blank: func(*http.Request) *vigil.Photo {
			return &vigil.Photo{Consent: vigil.ConsentUnknown, RiskCheck: vigil.RiskPending}
		},
		label: func(l string, ph *vigil.Photo) string {
			if c := ph.Caption.In(l); c != "" {
				return truncate(c, 60)
			}
			return "#" + itoa(ph.ID)
		},
		done: func(ph *vigil.Photo) string { return eventPath(ph.EventID) + "#photo-" + itoa(ph.ID) },
		back: func(r *http.Request) string { return eventPath(mustPathID(r)) },
		adjust: func(r *http.Request, f *form.Form, _ *vigil.Photo) {
			if vigil.ViewerFrom(r.Context()).CanEdit() {
				return
			}
			keep := f.Fields[:0]
			for _, fl := range f.Fields {
				if fl.Name != "risk_check" && fl.Name != "risk_note" {
					keep = append(keep, fl)
				}
			}
			f.Fields = keep
		},
		newKey: "photo.new", editKey: "photo.edit",
	}
}

// mustPathID is the route's {id}, 0 when malformed.
func mustPathID(r *http.Request) int64 {
	id, _ := pathID(r)
	return id
}

// photoNew shows the upload form of a photo of event {id}.
func (u *UI) photoNew(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	ev, err := u.uploadEvent(r)
	if err != nil {
		return nil, err
	}
	ph := &vigil.Photo{EventID: ev.ID, Consent: vigil.ConsentUnknown, RiskCheck: vigil.RiskPending, Meta: vigil.Meta{Sensitivity: defaultSensitivity(vigil.ViewerFrom(r.Context()))}}
	vals := form.PhotoUpload.Values(ph)
	f := form.Build(eventPath(ev.ID)+"/photos", form.PhotoUpload.Spec(vals), vals)
	return u.uploadPage(r, f, nil, http.StatusOK)
}

// uploadEvent reads the event a photo is uploaded to.
func (u *UI) uploadEvent(r *http.Request) (*vigil.Event, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return adv.FindEventByID(r.Context(), id)
}

// uploadPage renders the upload form, with errors when there are.
func (u *UI) uploadPage(r *http.Request, f *form.Form, errs map[string]string, status int) (*view, error) {
	e := u.photoEditor()
	var v *view
	var err error
	if errs != nil {
		v, err = e.invalid(r, f, errs, nil)
		if err == nil && status != http.StatusBadRequest {
			v.status = status
		}
	} else {
		v, err = e.page(r, f, nil, status)
	}
	if err != nil {
		return nil, err
	}
	p := v.data.(*formPage)
	p.Multipart = true
	p.Submit = u.msgs.T(lang(r), "photo.upload")
	return v, nil
}

// photoCreate uploads a photo (multipart/form-data). The route reads up
// to the server's upload limit rather than the general one, and keeps
// the image in memory: the store strips its metadata by re-encoding it
// before anything is written. A refused form comes back with the values
// typed; the file must be chosen again, as browsers do not refill file
// inputs.
func (u *UI) photoCreate(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	ev, err := u.uploadEvent(r)
	if err != nil {
		return nil, err
	}
	action := eventPath(ev.ID) + "/photos"
	up, err := httpserver.ReadUpload(r, "image")
	if err != nil {
		f := form.Build(action, form.PhotoUpload.Spec(nil), nil)
		switch vigil.ErrorCode(err) {
		case vigil.ETOOLARGE:
			return u.uploadPage(r, f, tooLarge, http.StatusRequestEntityTooLarge)
		case vigil.EINVALID:
			return u.uploadPage(r, f, vigil.ErrorFields(err), http.StatusBadRequest)
		}
		return nil, err
	}
	sub := form.Read(up.Values)
	ph := &vigil.Photo{EventID: ev.ID}
	probs := form.PhotoUpload.Apply(sub.Values, ph)
	if !up.HasFile || len(up.File) == 0 {
		probs.Add("image", "is required")
	}
	f := form.Build(action, form.PhotoUpload.Spec(sub.Values), sub.Values)
	if len(probs) > 0 {
		return u.uploadPage(r, f, u.photoEditor().withValidator(probs, ph), http.StatusBadRequest)
	}
	if err := u.mustAdvocacy().CreatePhoto(r.Context(), ph, up.File); err != nil {
		switch vigil.ErrorCode(err) {
		case vigil.EINVALID:
			return u.uploadPage(r, f, vigil.ErrorFields(err), http.StatusBadRequest)
		case vigil.ETOOLARGE:
			return u.uploadPage(r, f, tooLarge, http.StatusRequestEntityTooLarge)
		}
		return nil, err
	}
	return redirect(eventPath(ev.ID) + "?saved=1#photo-" + itoa(ph.ID)), nil
}

// MaxPhotoMiB is the size limit of an image, as the store applies it
// (store.MaxPhotoBytes); a test keeps the two equal.
const MaxPhotoMiB = 20

// tooLarge is the image field's error for an image over the limit.
var tooLarge = map[string]string{"image": "is larger than " + itoa(MaxPhotoMiB) + " MiB"}

// mustAdvocacy is the advocacy service of a handler that has already
// checked there is one.
func (u *UI) mustAdvocacy() vigil.AdvocacyService {
	a, _ := u.advocacy()
	return a
}
