package ui

import (
	"net/http"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// sourceEditor serves /sources/new and /sources/{id}/edit. Opened with
// ?next=<path>, a new source returns there with ?source_id=<new id>, so
// a claim form can pick the source just added.
func (u *UI) sourceEditor() *editor[vigil.Source] {
	return &editor[vigil.Source]{
		u: u, entity: "sources", noun: "noun.source", codec: form.Source, path: "edit",
		meta:     func(s *vigil.Source) *vigil.Meta { return &s.Meta },
		validate: func(s *vigil.Source) error { return s.Validate() },
		find:     u.svc.FindSourceByID,
		create:   u.svc.CreateSource, update: u.svc.UpdateSource,
		blank:  func(*http.Request) *vigil.Source { return &vigil.Source{Kind: vigil.SourceArticle, Reliability: "F"} },
		label:  func(l string, s *vigil.Source) string { return sourceLabel(l, s) },
		done:   func(s *vigil.Source) string { return "/sources/" + strconv.FormatInt(s.ID, 10) },
		newKey: "source.new", editKey: "source.edit",
	}
}
