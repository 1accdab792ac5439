package ui

import (
	"context"
	"net/http"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

func letterPath(id int64) string { return "/letters/" + itoa(id) }

func letterLabel(l string, x *vigil.Letter) string { return x.Title.In(l) }

// letterEditor serves /letters/{id}/edit: the working title, campaign,
// addressee and sensitivity. The text is saved as versions
// (letterTextEditor).
func (u *UI) letterEditor() *editor[vigil.Letter] {
	return &editor[vigil.Letter]{
		u: u, entity: "letters", noun: "noun.letter", codec: form.Letter, path: "edit",
		meta:     func(l *vigil.Letter) *vigil.Meta { return &l.Meta },
		validate: func(l *vigil.Letter) error { return l.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindLetterByID),
		update:   writer(u, vigil.AdvocacyService.UpdateLetter),
		blank:    func(*http.Request) *vigil.Letter { return &vigil.Letter{} },
		label:    letterLabel,
		done:     func(l *vigil.Letter) string { return letterPath(l.ID) },
		newKey:   "letter.new", editKey: "letter.edit",
	}
}

// newLetterProblems validates a new letter and its first text, naming
// the text's fields as the form does ("text.body").
func newLetterProblems(l *vigil.Letter) error {
	p := vigil.Problems{}
	c := *l
	for k, v := range vigil.ErrorFields(c.Validate()) {
		p.Add(k, "%s", v)
	}
	if l.Text != nil {
		t := *l.Text
		for k, v := range vigil.ErrorFields(t.Validate()) {
			p.Add("text."+k, "%s", v)
		}
	}
	return p.Err("letter")
}

// newLetterEditor serves /letters/new (?campaign_id=): a letter with its
// first text, Korean and English side by side.
func (u *UI) newLetterEditor() *editor[vigil.Letter] {
	e := u.letterEditor()
	e.codec = form.NewLetter
	e.validate = newLetterProblems
	e.create = func(ctx context.Context, l *vigil.Letter) error {
		if err := newLetterProblems(l); err != nil {
			return err
		}
		adv, err := u.advocacy()
		if err != nil {
			return err
		}
		return adv.CreateLetter(ctx, l, l.Text)
	}
	e.blank = func(r *http.Request) *vigil.Letter {
		return &vigil.Letter{CampaignID: queryID(r, "campaign_id"), Text: &vigil.LetterVersion{}}
	}
	e.back = backToCampaign
	return e
}

// letterTextEditor serves /letters/{id}/text: a new version of the text,
// Korean and English side by side, starting from the current one. It
// carries the letter's version: a save after someone else's (a new
// version, a freeze) shows their text beside the user's. Saving a frozen
// letter's text makes it a draft again; a delivered letter's text cannot
// change (422).
func (u *UI) letterTextEditor() *editor[form.LetterDraft] {
	return &editor[form.LetterDraft]{
		u: u, entity: "letters", noun: "noun.letter", codec: form.LetterText, path: "text",
		meta: func(d *form.LetterDraft) *vigil.Meta { return &d.Letter.Meta },
		validate: func(d *form.LetterDraft) error {
			t := d.Text
			return t.Validate()
		},
		find: func(ctx context.Context, id int64) (*form.LetterDraft, error) {
			adv, err := u.advocacy()
			if err != nil {
				return nil, err
			}
			l, err := adv.FindLetterByID(ctx, id)
			if err != nil {
				return nil, err
			}
			vs, err := adv.FindLetterVersions(ctx, id)
			if err != nil {
				return nil, err
			}
			d := &form.LetterDraft{Letter: *l}
			if n := len(vs); n > 0 {
				d.Text = *vs[n-1]
			}
			return d, nil
		},
		update: func(ctx context.Context, d *form.LetterDraft) error {
			adv, err := u.advocacy()
			if err != nil {
				return err
			}
			out, err := adv.SaveLetterText(ctx, d.Letter.ID, d.Letter.Version, &vigil.LetterVersion{Title: d.Text.Title, Body: d.Text.Body, Note: d.Text.Note})
			if err != nil {
				return err
			}
			d.Letter = *out
			return nil
		},
		label:   func(l string, d *form.LetterDraft) string { return letterLabel(l, &d.Letter) },
		done:    func(d *form.LetterDraft) string { return letterPath(d.Letter.ID) + "#text" },
		editKey: "letter.text_heading",
		extra: func(r *http.Request, p *formPage) {
			p.Intro = u.msgs.T(lang(r), "letter.text_intro")
		},
	}
}

// letterComment adds a comment on a version of a letter. A refused
// comment comes back in the form page with the reason next to the field.
func (u *UI) letterComment(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	l, err := adv.FindLetterByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "could not read the form")
	}
	sub := form.Read(r.PostForm)
	c := &vigil.LetterComment{LetterID: l.ID}
	probs := form.Comment.Apply(sub.Values, c)
	if len(probs) == 0 {
		err = adv.AddLetterComment(ctx, c)
		if err == nil {
			return redirect(letterPath(l.ID) + "?saved=1#comment-" + itoa(c.ID)), nil
		}
		if vigil.ErrorCode(err) != vigil.EINVALID {
			return nil, err
		}
		probs = vigil.ErrorFields(err)
	}
	lg := lang(r)
	f := form.Build(letterPath(l.ID)+"/comments", form.Comment.Spec(sub.Values), sub.Values)
	if fl := f.Field("version"); fl != nil {
		for n := l.CurrentVersion; n >= 1; n-- {
			fl.Options = append(fl.Options, form.Option{Value: strconv.Itoa(n), Label: u.msgs.T(lg, "letter.version", n)})
		}
	}
	f.Errors(probs, func(m string) string { return u.localize(lg, m) })
	return &view{name: "form", status: http.StatusBadRequest, data: &formPage{
		Heading: u.msgs.T(lg, "comment.heading", letterLabel(lg, l)), Form: f, Submit: u.msgs.T(lg, "comment.add"),
		Back: letterPath(l.ID) + "#comments", Entity: "letter_comments", NewOnly: true,
	}}, nil
}

// deliveryEditor serves /deliveries/new (?letter_id=) and
// /deliveries/{id}/edit: to whom, how and when a frozen letter went, and
// later its acknowledgement and evidence.
func (u *UI) deliveryEditor() *editor[vigil.Delivery] {
	return &editor[vigil.Delivery]{
		u: u, entity: "deliveries", noun: "noun.delivery", codec: form.Delivery, path: "edit",
		meta:     func(d *vigil.Delivery) *vigil.Meta { return &d.Meta },
		validate: func(d *vigil.Delivery) error { return d.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindDeliveryByID),
		create:   writer(u, vigil.AdvocacyService.CreateDelivery),
		update:   writer(u, vigil.AdvocacyService.UpdateDelivery),
		blank: func(r *http.Request) *vigil.Delivery {
			d := &vigil.Delivery{Channel: vigil.ChannelEmail}
			if id := queryID(r, "letter_id"); id != nil {
				d.LetterID = *id
			}
			return d
		},
		label: func(_ string, d *vigil.Delivery) string { return d.Recipient },
		done:  func(d *vigil.Delivery) string { return letterPath(d.LetterID) + "#delivery-" + itoa(d.ID) },
		back: func(r *http.Request) string {
			if id := queryID(r, "letter_id"); id != nil {
				return letterPath(*id)
			}
			return "/campaigns"
		},
		prefill: sourceInto("evidence_source_id"),
		extra:   sourceLinkAt("evidence_source_id"),
		newKey:  "delivery.new", editKey: "delivery.edit",
	}
}
