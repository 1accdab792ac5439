package api

import (
	"context"
	"net/http"
	"reflect"
	"strconv"

	"vigil"
	"vigil/httpserver"
	"vigil/letter"
)

// advocacyResources lists the advocacy record types served with the
// generic CRUD handlers.
func advocacyResources(s vigil.AdvocacyService) []registerable {
	campaignParam := param{"campaign", "integer", "campaign id"}
	return []registerable{
		&resource[vigil.Campaign]{
			path: "campaigns", name: "campaign", sorts: []string{"id", "deadline", "updated_at"},
			filters: []param{idsParam, {"q", "string", "title contains"}},
			newT:    func() *vigil.Campaign { return &vigil.Campaign{} },
			meta:    func(t *vigil.Campaign) *vigil.Meta { return &t.Meta },
			find:    s.FindCampaignByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Campaign, int, error) {
				f := vigil.CampaignFilter{Page: pg, Query: q.str("q")}
				var err error
				if f.IDs, err = q.ids("ids"); err != nil {
					return nil, 0, err
				}
				return s.FindCampaigns(ctx, f)
			},
			create: s.CreateCampaign, update: s.UpdateCampaign, del: s.DeleteCampaign,
		},
		&resource[vigil.Ask]{
			path: "asks", name: "ask", sorts: []string{"id", "deadline", "updated_at"},
			filters: []param{campaignParam, {"state", "string", "ask state"}, {"overdue_on", "string", "only asks overdue on that day (YYYY-MM-DD)"}},
			newT:    func() *vigil.Ask { return &vigil.Ask{} },
			meta:    func(t *vigil.Ask) *vigil.Meta { return &t.Meta },
			find:    s.FindAskByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Ask, int, error) {
				f := vigil.AskFilter{Page: pg, State: vigil.AskState(q.str("state"))}
				err := collect(
					func() (err error) { f.CampaignID, err = q.id("campaign"); return },
					func() (err error) { f.OverdueOn, err = q.day("overdue_on"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				return s.FindAsks(ctx, f)
			},
			create: s.CreateAsk, update: s.UpdateAsk, del: s.DeleteAsk,
		},
		&resource[vigil.CampaignAction]{
			path: "campaign-actions", name: "campaign action", sorts: []string{"id", "date", "updated_at"},
			filters: []param{campaignParam, {"kind", "string", "letter, demonstration, meeting, press_release or statement"}},
			newT:    func() *vigil.CampaignAction { return &vigil.CampaignAction{} },
			meta:    func(t *vigil.CampaignAction) *vigil.Meta { return &t.Meta },
			find:    s.FindActionByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.CampaignAction, int, error) {
				f := vigil.ActionFilter{Page: pg, Kind: vigil.ActionKind(q.str("kind"))}
				var err error
				if f.CampaignID, err = q.id("campaign"); err != nil {
					return nil, 0, err
				}
				return s.FindActions(ctx, f)
			},
			create: s.CreateAction, update: s.UpdateAction, del: s.DeleteAction,
		},
		&resource[vigil.Outcome]{
			path: "outcomes", name: "outcome", sorts: []string{"id", "date", "updated_at"},
			filters: []param{campaignParam},
			newT:    func() *vigil.Outcome { return &vigil.Outcome{} },
			meta:    func(t *vigil.Outcome) *vigil.Meta { return &t.Meta },
			find:    s.FindOutcomeByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Outcome, int, error) {
				f := vigil.OutcomeFilter{Page: pg}
				var err error
				if f.CampaignID, err = q.id("campaign"); err != nil {
					return nil, 0, err
				}
				return s.FindOutcomes(ctx, f)
			},
			create: s.CreateOutcome, update: s.UpdateOutcome, del: s.DeleteOutcome,
		},
		&resource[vigil.Letter]{
			path: "letters", name: "letter", sorts: []string{"id", "updated_at"},
			filters: []param{campaignParam, {"status", "string", "draft, frozen or delivered"}},
			newT:    func() *vigil.Letter { return &vigil.Letter{} },
			meta:    func(t *vigil.Letter) *vigil.Meta { return &t.Meta },
			find:    s.FindLetterByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Letter, int, error) {
				f := vigil.LetterFilter{Page: pg, Status: vigil.LetterStatus(q.str("status"))}
				var err error
				if f.CampaignID, err = q.id("campaign"); err != nil {
					return nil, 0, err
				}
				return s.FindLetters(ctx, f)
			},
			create: func(ctx context.Context, l *vigil.Letter) error {
				if l.Text == nil {
					return &vigil.Error{Code: vigil.EINVALID, Message: "invalid letter", Fields: map[string]string{"text": "is required: the first version's title and body"}}
				}
				return s.CreateLetter(ctx, l, l.Text)
			},
			update: s.UpdateLetter, del: s.DeleteLetter,
		},
		&resource[vigil.Delivery]{
			path: "deliveries", name: "delivery", sorts: []string{"id", "date"},
			filters: []param{{"letter", "integer", "letter id"}},
			newT:    func() *vigil.Delivery { return &vigil.Delivery{} },
			meta:    func(t *vigil.Delivery) *vigil.Meta { return &t.Meta },
			find:    s.FindDeliveryByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Delivery, int, error) {
				f := vigil.DeliveryFilter{Page: pg}
				var err error
				if f.LetterID, err = q.id("letter"); err != nil {
					return nil, 0, err
				}
				return s.FindDeliveries(ctx, f)
			},
			create: s.CreateDelivery, update: s.UpdateDelivery,
			del: func(context.Context, int64, int) error {
				return vigil.Errorf(vigil.ECONFLICT, "a delivery records what happened and cannot be deleted; correct it with PATCH")
			},
		},
		&resource[vigil.Event]{
			path: "events", name: "event", sorts: []string{"id", "date", "updated_at"},
			filters: []param{campaignParam, {"kind", "string", "event kind"}},
			newT:    func() *vigil.Event { return &vigil.Event{} },
			meta:    func(t *vigil.Event) *vigil.Meta { return &t.Meta },
			find:    s.FindEventByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Event, int, error) {
				f := vigil.EventFilter{Page: pg, Kind: vigil.EventKind(q.str("kind"))}
				var err error
				if f.CampaignID, err = q.id("campaign"); err != nil {
					return nil, 0, err
				}
				return s.FindEvents(ctx, f)
			},
			create: s.CreateEvent, update: s.UpdateEvent, del: s.DeleteEvent,
		},
		&resource[vigil.Photo]{
			path: "photos", name: "photo",
			filters: []param{{"event", "integer", "event id"}},
			newT:    func() *vigil.Photo { return &vigil.Photo{} },
			meta:    func(t *vigil.Photo) *vigil.Meta { return &t.Meta },
			find:    s.FindPhotoByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Photo, int, error) {
				f := vigil.PhotoFilter{Page: pg}
				var err error
				if f.EventID, err = q.id("event"); err != nil {
					return nil, 0, err
				}
				return s.FindPhotos(ctx, f)
			},
			create: func(context.Context, *vigil.Photo) error {
				return vigil.Errorf(vigil.EINVALID, "upload a photo as multipart/form-data to POST /api/v1/events/{id}/photos (fields: image, and the photo's fields as JSON in \"photo\")")
			},
			update: s.UpdatePhoto, del: s.DeletePhoto,
		},
	}
}

// versioned is the body of an action on a record version.
type versioned struct {
	Version int    `json:"version"`
	Reason  string `json:"reason,omitempty"`
}

// TextBody is the body of POST /letters/{id}/text: the letter's record
// version and the new text.
type TextBody struct {
	Version int `json:"version"`
	vigil.LetterVersion
}

// AskStateBody is the body of POST /asks/{id}/state.
type AskStateBody struct {
	Version int `json:"version"`
	vigil.AskStateChange
}

// InvitationCreated is the answer to creating an invitation: the record,
// and the secret link, shown once.
type InvitationCreated struct {
	Invitation *vigil.Invitation `json:"invitation"`
	Secret     string            `json:"secret"`
	// Path is the sign-on page to send the invitee (prefix it with the
	// server's address).
	Path string `json:"path"`
}

// LetterDiff is a line diff of a letter's two variants between two
// versions.
type LetterDiff struct {
	From int           `json:"from"`
	To   int           `json:"to"`
	Ko   []letter.Line `json:"ko"`
	En   []letter.Line `json:"en"`
}

func needVersion(v int) error {
	if v < 1 {
		return &vigil.Error{Code: vigil.EINVALID, Message: "the version you read is required", Fields: map[string]string{"version": "is required (the version of the record you are acting on)"}}
	}
	return nil
}

// registerAdvocacy adds the advocacy resources, their actions and the
// OSDI read subset, when the service implements vigil.AdvocacyService.
func (a *API) registerAdvocacy() {
	s, ok := a.svc.(vigil.AdvocacyService)
	if !ok {
		return
	}
	for _, r := range advocacyResources(s) {
		r.register(a)
	}
	act := func(method, path, summary string, body, resp any, h handlerFunc) {
		d := routeDoc{op: "action", res: path, summary: summary, write: method != "GET"}
		if body != nil {
			d.body = schemaRef{typ: reflect.TypeOf(body)}
		}
		if resp != nil {
			d.schema = schemaRef{typ: reflect.TypeOf(resp)}
		}
		if method == "POST" && path == "events/{id}/photos" {
			d.status = http.StatusCreated
		}
		a.handle(method+" /api/v1/"+path, h, d)
	}
	act("POST", "letters/{id}/text", "Save a new version of the letter's text (ko and en); a frozen letter becomes a draft and needs re-signing.", TextBody{}, vigil.Letter{}, func(w http.ResponseWriter, r *http.Request) error {
		var b TextBody
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			if err := needVersion(b.Version); err != nil {
				return nil, err
			}
			return s.SaveLetterText(r.Context(), id, b.Version, &b.LetterVersion)
		})
	})
	act("POST", "letters/{id}/freeze", "Freeze the letter: lock the current text and store its SHA-256 (editors).", versioned{}, vigil.Letter{}, func(w http.ResponseWriter, r *http.Request) error {
		var b versioned
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			if err := needVersion(b.Version); err != nil {
				return nil, err
			}
			return s.FreezeLetter(r.Context(), id, b.Version)
		})
	})
	act("GET", "letters/{id}/versions", "Every version of the letter's text, oldest first.", nil, []*vigil.LetterVersion{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.FindLetterVersions(r.Context(), id) })
	})
	act("GET", "letters/{id}/diff", "Line diff of both variants between versions ?from=N&to=M (default: the last two).", nil, LetterDiff{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return letterDiff(r, s, id) })
	})
	act("GET", "letters/{id}/comments", "Comments on the letter (coalition clearance).", nil, []*vigil.LetterComment{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.FindLetterComments(r.Context(), id) })
	})
	act("POST", "letters/{id}/comments", "Comment on a version of the letter (version 0: the current one).", vigil.LetterComment{}, vigil.LetterComment{}, func(w http.ResponseWriter, r *http.Request) error {
		var b vigil.LetterComment
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			b.LetterID = id
			return &b, s.AddLetterComment(r.Context(), &b)
		})
	})
	act("GET", "letters/{id}/invitations", "The letter's sign-on invitations (coalition clearance); secrets are never shown again.", nil, []*vigil.Invitation{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.FindInvitations(r.Context(), id) })
	})
	act("POST", "letters/{id}/invitations", "Invite a signatory: returns the single-use, expiring link once.", vigil.Invitation{}, InvitationCreated{}, func(w http.ResponseWriter, r *http.Request) error {
		var b vigil.Invitation
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			b.LetterID = id
			secret, err := s.CreateInvitation(r.Context(), &b)
			if err != nil {
				return nil, err
			}
			return InvitationCreated{Invitation: &b, Secret: secret, Path: "/sign/" + secret}, nil
		})
	})
	act("GET", "letters/{id}/signatures", "The letter's signatures; ?current=true keeps those that count.", nil, ListResponse[vigil.Signature]{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) {
			items, n, err := s.FindSignatures(r.Context(), vigil.SignatureFilter{LetterID: &id, CurrentOnly: r.URL.Query().Get("current") == "true", Page: vigil.Page{Limit: vigil.MaxLimit}})
			return ListResponse[vigil.Signature]{Items: items, Total: n, Limit: vigil.MaxLimit}, err
		})
	})
	act("GET", "letters/{id}/document", "The letter's public projection: frozen text, hash, signatories as output shows them, deliveries.", nil, vigil.LetterDocument{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.LetterDocument(r.Context(), id) })
	})
	for _, f := range []string{"pdf", "markdown", "html"} {
		act("GET", "letters/{id}/"+f, "The letter as "+f+" (signatories in ko/en, date, SHA-256).", nil, nil, func(w http.ResponseWriter, r *http.Request) error {
			id, err := pathID(r)
			if err != nil {
				return err
			}
			return WriteLetter(w, r.Context(), s, id, f)
		})
	}
	a.handle("GET /api/v1/signatures", func(w http.ResponseWriter, r *http.Request) error {
		q := query{r.URL.Query()}
		if err := q.only("letter", "current", "limit", "offset", "sort"); err != nil {
			return err
		}
		pg, err := q.page()
		if err != nil {
			return err
		}
		f := vigil.SignatureFilter{Page: pg, CurrentOnly: q.str("current") == "true"}
		if f.LetterID, err = q.id("letter"); err != nil {
			return err
		}
		items, n, err := s.FindSignatures(r.Context(), f)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, ListResponse[vigil.Signature]{Items: items, Total: n, Limit: f.Limit, Offset: f.Offset})
		return nil
	}, routeDoc{op: "list", res: "signatures", schema: schemaOf[vigil.Signature](), params: []param{{"letter", "integer", "letter id"}, {"current", "boolean", "only the signatures that count"}}})
	a.handle("GET /api/v1/signatures/{id}", func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.FindSignatureByID(r.Context(), id) })
	}, routeDoc{op: "get", res: "signatures", schema: schemaOf[vigil.Signature]()})
	act("POST", "signatures/{id}/verify", "Record that an editor verified the representative's authority.", versioned{}, vigil.Signature{}, func(w http.ResponseWriter, r *http.Request) error {
		var b versioned
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			if err := needVersion(b.Version); err != nil {
				return nil, err
			}
			if err := s.VerifyAuthority(r.Context(), id, b.Version); err != nil {
				return nil, err
			}
			return s.FindSignatureByID(r.Context(), id)
		})
	})
	act("POST", "signatures/{id}/withdraw", "Withdraw a signature on its signer's request, until delivery (editors).", versioned{}, vigil.Signature{}, func(w http.ResponseWriter, r *http.Request) error {
		var b versioned
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			if err := needVersion(b.Version); err != nil {
				return nil, err
			}
			if err := s.WithdrawSignature(r.Context(), id, b.Version, b.Reason); err != nil {
				return nil, err
			}
			return s.FindSignatureByID(r.Context(), id)
		})
	})
	act("POST", "asks/{id}/state", "Move the ask along its state machine, with the date and the evidence (a source).", AskStateBody{}, vigil.Ask{}, func(w http.ResponseWriter, r *http.Request) error {
		var b AskStateBody
		return a.withBody(w, r, &b, func(id int64) (any, error) {
			if err := needVersion(b.Version); err != nil {
				return nil, err
			}
			return s.ChangeAskState(r.Context(), id, b.Version, b.AskStateChange)
		})
	})
	act("GET", "asks/{id}/history", "The ask's recorded state changes, oldest first.", nil, []*vigil.AskEvent{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.get(w, r, func(id int64) (any, error) { return s.FindAskEvents(r.Context(), id) })
	})
	act("POST", "events/{id}/photos", "Upload a photo (multipart/form-data: image, and photo as JSON); EXIF and GPS are stripped by re-encoding.", nil, vigil.Photo{}, func(w http.ResponseWriter, r *http.Request) error {
		return a.uploadPhoto(w, r, s)
	})
	act("GET", "photos/{id}/image", "The stored image, metadata stripped.", nil, nil, func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		data, ct, err := s.PhotoImage(r.Context(), id)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", ct)
		_, err = w.Write(data)
		return err
	})
	a.registerOSDI(s)
}

// get runs a read action on the {id} of the route and writes its JSON.
func (a *API) get(w http.ResponseWriter, r *http.Request, fn func(id int64) (any, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := fn(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// withBody decodes a JSON body into b and runs a writing action on the
// {id} of the route.
func (a *API) withBody(w http.ResponseWriter, r *http.Request, b any, fn func(id int64) (any, error)) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decodeBody(r, b); err != nil {
		return err
	}
	out, err := fn(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func letterDiff(r *http.Request, s vigil.AdvocacyService, id int64) (*LetterDiff, error) {
	vs, err := s.FindLetterVersions(r.Context(), id)
	if err != nil {
		return nil, err
	}
	q := query{r.URL.Query()}
	if err := q.only("from", "to"); err != nil {
		return nil, err
	}
	n := len(vs)
	from, to := max(n-1, 1), n
	if v, err := q.int("from"); err != nil {
		return nil, err
	} else if v != 0 {
		from = v
	}
	if v, err := q.int("to"); err != nil {
		return nil, err
	} else if v != 0 {
		to = v
	}
	if from < 1 || from > n || to < 1 || to > n {
		return nil, invalidParam("from", "versions run from 1 to %d", n)
	}
	a, b := vs[from-1], vs[to-1]
	return &LetterDiff{From: from, To: to, Ko: letter.Diff(a.Body.Ko, b.Body.Ko), En: letter.Diff(a.Body.En, b.Body.En)}, nil
}

// WriteLetter writes letter id's public projection as pdf, markdown or
// html, with a download file name.
func WriteLetter(w http.ResponseWriter, ctx context.Context, s vigil.AdvocacyService, id int64, format string) error {
	doc, err := s.LetterDocument(ctx, id)
	if err != nil {
		return err
	}
	name := "letter-" + strconv.FormatInt(id, 10) + "-v" + strconv.Itoa(doc.Version)
	switch format {
	case "pdf":
		b, err := letter.PDF(doc, "")
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
		_, err = w.Write(b)
		return err
	case "markdown":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.md"`)
		return letter.Markdown(w, doc)
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.html"`)
		return letter.HTML(w, doc)
	}
	return vigil.Errorf(vigil.ENOTFOUND, "no export format %q (pdf, markdown, html)", format)
}

// uploadPhoto reads a multipart upload: the image file and the photo's
// fields as JSON. The route has the server's upload limit, and the image
// is read into memory only (httpserver.ReadUpload): its original bytes,
// with their EXIF and GPS, are never written to disk.
func (a *API) uploadPhoto(w http.ResponseWriter, r *http.Request, s vigil.AdvocacyService) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	up, err := httpserver.ReadUpload(r, "image")
	if err != nil {
		return err
	}
	ph := &vigil.Photo{}
	if js := up.Values.Get("photo"); js != "" {
		if err := decodeStrict([]byte(js), ph); err != nil {
			return err
		}
	}
	if !up.HasFile {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid photo", Fields: map[string]string{"image": "is required as a file part"}}
	}
	ph.EventID = id
	if err := s.CreatePhoto(r.Context(), ph, up.File); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ph)
	return nil
}
