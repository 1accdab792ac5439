package publish

import (
	"bytes"

	"vigil"
	"vigil/exchange"
	"vigil/figure"
)

// exportFormats are the downloads of the public site, one file per
// format, all made from Dataset(d).
var exportFormats = func() []struct{ name, file string } {
	var out []struct{ name, file string }
	for _, f := range exchange.ExportFormats {
		base := "vigil-public"
		switch f.Name {
		case "hxl", "acled", "ucdp", "geojson":
			base = "incidents"
		case "popolo":
			base = "actors"
		}
		out = append(out, struct{ name, file string }{f.Name, base + f.Ext})
	}
	return out
}()

// dataFiles are the public downloads under data/.
func dataFiles(d *Data) []File {
	var out []File
	for _, f := range exportFormats {
		format, _ := exchange.FindExportFormat(f.name)
		out = append(out, File{Path: "data/" + f.file, Type: format.MediaType, Make: func() ([]byte, error) { return Export(d, f.name) }})
	}
	return out
}

// Export writes the public data in one of exchange.ExportFormats.
func Export(d *Data, format string) ([]byte, error) {
	f, ok := exchange.FindExportFormat(format)
	if !ok {
		return nil, vigil.Errorf(vigil.EINVALID, "unknown format %q", format)
	}
	var b bytes.Buffer
	w := f.New(&b, exchange.WriterOptions{ExportedAt: d.AsOf, Clearance: vigil.Public})
	if err := exchange.WriteDataset(w, Dataset(d)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Dataset turns the public projection back into records for the export
// formats: each record is built anew from the public fields of Data, so
// an export holds nothing a public page could not show. Internal fields
// (notes, rationales, relayed-from, consent notes) are empty, every
// record is public, and a protected person is a person named by the
// pseudonym, marked redacted.
func Dataset(d *Data) *vigil.Dataset {
	pub := func(id int64, at vigil.Meta) vigil.Meta {
		return vigil.Meta{ID: id, Sensitivity: vigil.Public, Version: 1, CreatedAt: at.CreatedAt, UpdatedAt: at.UpdatedAt}
	}
	stamp := vigil.Meta{CreatedAt: d.AsOf, UpdatedAt: d.AsOf}
	ds := &vigil.Dataset{}
	for _, p := range d.Places {
		ds.Places = append(ds.Places, &vigil.Place{Meta: pub(p.ID, stamp), Kind: p.Kind, Names: p.Names, Variants: []string{},
			GeoNamesID: p.GeoNamesID, Lat: p.Lat, Lon: p.Lon, ParentID: p.ParentID, CountryCode: p.CountryCode})
	}
	for _, a := range d.Actors {
		ds.Actors = append(ds.Actors, &vigil.Actor{Meta: pub(a.ID, stamp), Kind: a.Kind, Name: a.Name, Classification: a.Classification,
			OtherNames: a.OtherNames, Identifiers: a.Identifiers, URL: a.URL, CountryCode: a.CountryCode, ParentID: a.ParentID, Redacted: a.Pseudonymous})
	}
	for _, p := range d.Posts {
		ds.Posts = append(ds.Posts, &vigil.Post{Meta: pub(p.ID, stamp), OrganizationID: p.OrganizationID, Label: p.Label})
	}
	for _, m := range d.Memberships {
		ds.Memberships = append(ds.Memberships, &vigil.Membership{Meta: pub(m.ID, stamp), PersonID: m.PersonID, OrganizationID: m.OrganizationID,
			PostID: m.PostID, Role: m.Role, StartDate: m.StartDate, EndDate: m.EndDate})
	}
	for _, in := range d.Instruments {
		ds.Instruments = append(ds.Instruments, &vigil.Instrument{Meta: pub(in.ID, stamp), Code: in.Code, Name: in.Name, Adopted: in.Adopted, URL: in.URL})
	}
	for _, p := range d.Provisions {
		ds.Provisions = append(ds.Provisions, &vigil.LegalProvision{Meta: pub(p.ID, stamp), InstrumentID: p.InstrumentID, Article: p.Article, Title: p.Title, Summary: p.Summary})
	}
	for _, sp := range d.StateParties {
		ds.StateParties = append(ds.StateParties, &vigil.StateParty{Meta: pub(sp.ID, stamp), InstrumentID: sp.InstrumentID, CountryCode: sp.CountryCode,
			Action: sp.Action, Date: sp.Date, Reservations: sp.Reservations, SourceURL: sp.SourceURL})
	}
	for _, s := range d.Sources {
		ds.Sources = append(ds.Sources, &vigil.Source{Meta: pub(s.ID, stamp), Kind: s.Kind, Publisher: s.Publisher, URL: s.URL,
			Language: s.Language, Title: s.Title, Published: s.Published, Reliability: "F"})
	}
	for _, inc := range d.Incidents {
		meta := pub(inc.ID, vigil.Meta{CreatedAt: inc.UpdatedAt, UpdatedAt: inc.UpdatedAt})
		pi := &vigil.Incident{Meta: meta, Title: inc.Title, Summary: inc.Summary, Event: inc.Event, Date: inc.Date,
			DateStart: inc.DateStart, DateEnd: inc.DateEnd, DateBasis: vigil.BasisEditor, VictimGroup: inc.VictimGroup,
			FigureBasis: inc.FigureBasis, Conflict: inc.Conflict, Corroboration: inc.Corroboration, ClaimCount: len(inc.Claims), Places: []vigil.IncidentPlace{}}
		if inc.Place != nil {
			pi.PlaceID = &inc.Place.ID
		}
		for _, ip := range inc.Places {
			pi.Places = append(pi.Places, vigil.IncidentPlace{PlaceID: ip.Place.ID, Role: ip.Role})
		}
		if inc.Perpetrator != nil {
			pi.PerpetratorID = &inc.Perpetrator.ID
		}
		if inc.Figure != nil {
			f := figure.Interval{Low: inc.Figure.Low, Best: inc.Figure.Best, High: inc.Figure.High}
			pi.Figure = &f
		}
		ds.Incidents = append(ds.Incidents, pi)
	}
	for i, l := range d.Links {
		ds.Links = append(ds.Links, &vigil.IncidentLink{Meta: pub(int64(i+1), stamp), FromID: l.FromID, ToID: l.ToID, Kind: l.Kind})
	}
	for _, inc := range d.Incidents {
		for _, c := range inc.Claims {
			ds.Claims = append(ds.Claims, &vigil.Claim{Meta: pub(c.ID, stamp), SourceID: c.SourceID, IncidentID: &inc.ID, Quote: c.Quote,
				Figure: figure.Figure{Text: c.Figure}, Interval: c.Interval, Event: c.Event, Date: c.Date, Credibility: 6})
		}
		for n, v := range inc.Violations {
			ds.Violations = append(ds.Violations, &vigil.Violation{Meta: pub(inc.ID*1000+int64(n+1), stamp), IncidentID: v.IncidentID,
				ProvisionID: v.ProvisionID, CountryCode: v.CountryCode, Analysis: v.Analysis})
		}
	}
	return ds
}
