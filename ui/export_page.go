package ui

import (
	"net/http"

	"vigil"
	"vigil/exchange"
)

func init() { Pages = append(Pages, "export") }

// exportLink is one format of the export page.
type exportLink struct {
	Name, Href, Key string
}

// exportPage lists the export formats as downloads from the API's
// /api/v1/export, which exports what the viewer's clearance allows (at
// public clearance: the public site's projection).
func (u *UI) exportPage(r *http.Request) (*view, error) {
	v := vigil.ViewerFrom(r.Context())
	var links []exportLink
	for _, f := range exchange.ExportFormats {
		links = append(links, exportLink{Name: f.Name, Href: "/api/v1/export?format=" + f.Name, Key: "export.format." + f.Name})
	}
	return &view{name: "export", data: struct {
		Clearance vigil.Sensitivity
		Links     []exportLink
	}{v.Clearance, links}}, nil
}
