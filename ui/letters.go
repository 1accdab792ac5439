package ui

import (
	"net/http"
	"strconv"
	"time"

	"vigil"
	"vigil/api"
)

func (u *UI) letterDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	p, err := u.loadLetter(r, id)
	if err != nil {
		return nil, err
	}
	return &view{name: "letter", data: p}, nil
}

// letterFreeze freezes the letter (editors).
func (u *UI) letterFreeze(r *http.Request) (*view, error) {
	if err := needEditor(r); err != nil {
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
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := adv.FreezeLetter(r.Context(), id, version); err != nil {
		return nil, err
	}
	return redirect("/letters/" + strconv.FormatInt(id, 10)), nil
}

// letterInvite makes an invitation and shows its link once.
func (u *UI) letterInvite(r *http.Request) (*view, error) {
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
	in := &vigil.Invitation{LetterID: id, Kind: vigil.SignerKind(r.PostFormValue("kind")), Label: r.PostFormValue("label")}
	if o := r.PostFormValue("organization_id"); o != "" {
		n, err := strconv.ParseInt(o, 10, 64)
		if err != nil {
			return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid invitation", Fields: map[string]string{"organization_id": "must be an id"}}
		}
		in.OrganizationID = &n
	}
	if d, _ := strconv.Atoi(r.PostFormValue("days")); d > 0 {
		in.ExpiresAt = u.now().UTC().Add(time.Duration(d) * 24 * time.Hour)
	}
	secret, err := adv.CreateInvitation(r.Context(), in)
	if err != nil {
		return nil, err
	}
	p, err := u.loadLetter(r, id)
	if err != nil {
		return nil, err
	}
	p.Link = "/sign/" + secret
	return &view{name: "letter", data: p, status: http.StatusCreated}, nil
}

// letterExport downloads the letter as pdf, markdown or html.
func (u *UI) letterExport(w http.ResponseWriter, r *http.Request) {
	adv, err := u.advocacy()
	if err == nil {
		var id int64
		if id, err = pathID(r); err == nil {
			err = api.WriteLetter(w, r.Context(), adv, id, r.PathValue("format"))
		}
	}
	if err != nil {
		u.fail(w, r, err)
	}
}
