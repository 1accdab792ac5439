package ui

import (
	"net/http"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// actorEditor serves /actors/new and /actors/{id}/edit. A protected
// person is edited only with restricted clearance: anyone else sees the
// pseudonym, and saving that would overwrite the identity.
func (u *UI) actorEditor() *editor[vigil.Actor] {
	return &editor[vigil.Actor]{
		u: u, entity: "actors", noun: "noun.actor", codec: form.Actor, path: "edit",
		meta:     func(a *vigil.Actor) *vigil.Meta { return &a.Meta },
		validate: func(a *vigil.Actor) error { return a.Validate() },
		find:     u.svc.FindActorByID,
		create:   u.svc.CreateActor, update: u.svc.UpdateActor,
		blank: func(*http.Request) *vigil.Actor { return &vigil.Actor{Kind: vigil.ActorOrganization} },
		allowed: func(r *http.Request, a *vigil.Actor) error {
			if a.Protected && vigil.ViewerFrom(r.Context()).Clearance != vigil.Restricted {
				return forbidden("edit a protected person: restricted clearance is required")
			}
			return nil
		},
		label:  func(l string, a *vigil.Actor) string { return a.Name.In(l) },
		done:   func(a *vigil.Actor) string { return "/actors/" + strconv.FormatInt(a.ID, 10) },
		newKey: "actor.new", editKey: "actor.edit",
	}
}
