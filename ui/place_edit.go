package ui

import (
	"net/http"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// placeEditor serves /places/new and /places/{id}/edit.
func (u *UI) placeEditor() *editor[vigil.Place] {
	return &editor[vigil.Place]{
		u: u, entity: "places", noun: "noun.place", codec: form.Place, path: "edit",
		meta:     func(p *vigil.Place) *vigil.Meta { return &p.Meta },
		validate: func(p *vigil.Place) error { return p.Validate() },
		find:     u.svc.FindPlaceByID,
		create:   u.svc.CreatePlace, update: u.svc.UpdatePlace,
		blank: func(r *http.Request) *vigil.Place {
			p := &vigil.Place{Kind: vigil.PlaceCity}
			if id, err := strconv.ParseInt(r.URL.Query().Get("parent_id"), 10, 64); err == nil && id > 0 {
				p.ParentID = &id
			}
			return p
		},
		label:  func(l string, p *vigil.Place) string { return p.Names.In(l) },
		done:   func(p *vigil.Place) string { return "/places/" + strconv.FormatInt(p.ID, 10) },
		newKey: "place.new", editKey: "place.edit",
	}
}
