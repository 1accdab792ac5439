package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"vigil"
)

// The OSDI read subset (Open Supporter Data Interface 1.x), in HAL+JSON,
// under /api/osdi/v1: people, organizations, petitions, signatures,
// advocacy_campaigns, outreaches, events and attendances, so coalition
// members' CRMs can read what they may. It reads through the same service
// as the rest of the API, so clearance applies; fields beyond OSDI are
// prefixed "vigil_" and listed in docs/advocacy.md.

const osdiBase = "/api/osdi/v1"

// osdiColl maps one OSDI collection onto vigil records.
type osdiColl struct {
	name string // "people"
	// list returns one page of resources (already mapped) and the total.
	list osdiList
	// get returns the resource of the id in its self link.
	get func(ctx context.Context, id string) (map[string]any, error)
}

// osdiList returns one page of resources (already mapped) and the total.
type osdiList func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error)

// osdiSub is a collection of one parent record's resources, at
// /{parent}/{id}/{name} ("events/{id}/attendances").
type osdiSub struct {
	parent, name string
	// list returns one page of parent id's resources; ENOTFOUND when the
	// parent is not visible.
	list func(ctx context.Context, id int64, pg vigil.Page) ([]map[string]any, int, error)
}

// byID adapts a getter by numeric id to the string ids of self links.
func byID(get func(ctx context.Context, id int64) (map[string]any, error)) func(ctx context.Context, id string) (map[string]any, error) {
	return func(ctx context.Context, s string) (map[string]any, error) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid id", Fields: map[string]string{"id": fmt.Sprintf("%q is not a positive integer", s)}}
		}
		return get(ctx, id)
	}
}

func osdiRes(kind string, id int64, created, modified time.Time, fields map[string]any) map[string]any {
	return osdiResID(kind, strconv.FormatInt(id, 10), created, modified, fields)
}

// osdiResID completes fields as the resource id of collection kind: its
// identifier "vigil:<kind>-<id>", dates and self link.
func osdiResID(kind, id string, created, modified time.Time, fields map[string]any) map[string]any {
	fields["identifiers"] = []string{"vigil:" + kind + "-" + id}
	fields["created_date"] = created.UTC().Format(time.RFC3339)
	fields["modified_date"] = modified.UTC().Format(time.RFC3339)
	links, _ := fields["_links"].(map[string]any)
	if links == nil {
		links = map[string]any{}
	}
	links["self"] = map[string]string{"href": osdiBase + "/" + kind + "/" + id}
	fields["_links"] = links
	return fields
}

func href(coll string, id int64) map[string]string {
	return map[string]string{"href": fmt.Sprintf("%s/%s/%d", osdiBase, coll, id)}
}

// mapPage maps a page of records with fn.
func mapPage[T any](items []*T, n int, err error, fn func(*T) map[string]any) ([]map[string]any, int, error) {
	if err != nil {
		return nil, 0, err
	}
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = fn(it)
	}
	return out, n, nil
}

func mapOne[T any](it *T, err error, fn func(*T) map[string]any) (map[string]any, error) {
	if err != nil {
		return nil, err
	}
	return fn(it), nil
}

func osdiActor(a *vigil.Actor) map[string]any {
	coll := "people"
	f := map[string]any{}
	if a.Kind == vigil.ActorOrganization {
		coll = "organizations"
		f["name"] = a.Name.In("en")
		f["vigil_name_ko"] = a.Name.Ko
		f["classification"] = a.Classification
		if a.URL != "" {
			f["browser_url"] = a.URL
		}
	} else {
		f["given_name"] = ""
		f["family_name"] = a.Name.In("en")
		f["vigil_name_ko"] = a.Name.Ko
		f["vigil_pseudonym"] = a.Redacted
	}
	return osdiRes(coll, a.ID, a.CreatedAt, a.UpdatedAt, f)
}

func osdiLetter(l *vigil.Letter) map[string]any {
	f := map[string]any{"title": l.Title.In("en"), "vigil_title_ko": l.Title.Ko, "petition_text": "",
		"total_signatures": l.Signatures, "vigil_status": l.Status, "vigil_text_hash": l.TextHash, "vigil_version": l.FrozenVersion,
		"target": []map[string]string{{"name": l.AddressedTo.In("en")}},
		"_links": map[string]any{"osdi:signatures": map[string]string{"href": fmt.Sprintf("%s/petitions/%d/signatures", osdiBase, l.ID)}}}
	if l.CampaignID != nil {
		f["_links"].(map[string]any)["vigil:advocacy_campaign"] = href("advocacy_campaigns", *l.CampaignID)
	}
	return osdiRes("petitions", l.ID, l.CreatedAt, l.UpdatedAt, f)
}

func osdiSignature(s *vigil.Signature) map[string]any {
	n := s.Names()
	f := map[string]any{"vigil_signer_kind": s.Kind, "vigil_name": n.In("en"), "vigil_name_ko": n.Ko, "vigil_pseudonymous": s.Pseudonymous,
		"vigil_text_hash": s.TextHash, "vigil_current": s.Current, "vigil_withdrawn_date": s.WithdrawnAt,
		"_links": map[string]any{"osdi:petition": href("petitions", s.LetterID)}}
	if s.OrganizationID != nil {
		f["_links"].(map[string]any)["vigil:organization"] = href("organizations", *s.OrganizationID)
	}
	return osdiRes("signatures", s.ID, s.SignedAt, s.UpdatedAt, f)
}

func osdiCampaign(c *vigil.Campaign) map[string]any {
	var targets []map[string]any
	for _, t := range c.Targets {
		targets = append(targets, map[string]any{"_links": map[string]any{"osdi:person": href("people", t.ActorID)}})
	}
	return osdiRes("advocacy_campaigns", c.ID, c.CreatedAt, c.UpdatedAt, map[string]any{
		"title": c.Title.In("en"), "vigil_title_ko": c.Title.Ko, "description": c.Goal.In("en"), "vigil_goal_ko": c.Goal.Ko,
		"targets": targets, "vigil_deadline": c.Deadline, "vigil_incident_ids": c.IncidentIDs,
		"_links": map[string]any{"osdi:outreaches": map[string]string{"href": fmt.Sprintf("%s/advocacy_campaigns/%d/outreaches", osdiBase, c.ID)}},
	})
}

func osdiOutreach(d *vigil.Delivery) map[string]any {
	f := map[string]any{"type": "letter", "subject": "", "vigil_channel": d.Channel, "vigil_date": d.Date, "vigil_acknowledged": d.Acknowledged,
		"vigil_text_hash": d.TextHash, "vigil_signatories": d.Signatories, "targets": []map[string]string{{"name": d.Recipient}},
		"_links": map[string]any{"vigil:petition": href("petitions", d.LetterID)}}
	return osdiRes("outreaches", d.ID, d.CreatedAt, d.UpdatedAt, f)
}

func osdiEvent(e *vigil.Event) map[string]any {
	f := map[string]any{"title": e.Title.In("en"), "vigil_title_ko": e.Title.Ko, "description": e.Summary.In("en"), "start_date": e.DateStart,
		"vigil_date": e.Date, "vigil_kind": e.Kind, "location": map[string]any{"venue": e.PlaceText}, "vigil_participants": e.Participants.Text,
		"vigil_participants_interval": e.ParticipantsInterval,
		"_links":                      map[string]any{"osdi:attendances": map[string]string{"href": fmt.Sprintf("%s/events/%d/attendances", osdiBase, e.ID)}}}
	return osdiRes("events", e.ID, e.CreatedAt, e.UpdatedAt, f)
}

// osdiAttendances are an event's organizers, as attendances with the
// role organizer (OSDI attendances of organizations, a vigil addition).
// An attendance's id is "<event id>-<organization id>": an organizer is
// listed once per event, so the pair is unique and stays the same for
// as long as the organizer does, however large either id grows.
func osdiAttendances(e *vigil.Event) []map[string]any {
	out := make([]map[string]any, 0, len(e.OrganizerIDs))
	for _, id := range e.OrganizerIDs {
		out = append(out, osdiAttendance(e, id))
	}
	return out
}

func osdiAttendance(e *vigil.Event, org int64) map[string]any {
	return osdiResID("attendances", attendanceID(e.ID, org), e.CreatedAt, e.UpdatedAt, map[string]any{"status": "attended", "vigil_role": "organizer",
		"_links": map[string]any{"osdi:event": href("events", e.ID), "vigil:organization": href("organizations", org)}})
}

func attendanceID(event, org int64) string {
	return strconv.FormatInt(event, 10) + "-" + strconv.FormatInt(org, 10)
}

// parseAttendanceID reads "<event id>-<organization id>", both positive
// and written as attendanceID writes them, so each attendance has one id.
func parseAttendanceID(s string) (event, org int64, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		return 0, 0, false
	}
	event, err1 := strconv.ParseInt(a, 10, 64)
	org, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || event <= 0 || org <= 0 || attendanceID(event, org) != s {
		return 0, 0, false
	}
	return event, org, true
}

// allAttendances returns one page of the attendances of every event the
// viewer may see, in event id then organizer order, and their total. The
// total needs every event's organizers, so it reads the events MaxLimit
// at a time; each read is its own transaction, so an event created or
// deleted during a walk may shift a page's edge.
func allAttendances(ctx context.Context, s vigil.AdvocacyService, pg vigil.Page) ([]map[string]any, int, error) {
	out := []map[string]any{}
	n := 0
	for off := 0; ; off += vigil.MaxLimit {
		evs, total, err := s.FindEvents(ctx, vigil.EventFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		if err != nil {
			return nil, 0, err
		}
		for _, e := range evs {
			for _, org := range e.OrganizerIDs {
				if n >= pg.Offset && n-pg.Offset < pg.Limit {
					out = append(out, osdiAttendance(e, org))
				}
				n++
			}
		}
		if len(evs) < vigil.MaxLimit || off+len(evs) >= total {
			return out, n, nil
		}
	}
}

// campaignDeliveries maps every visible delivery of campaign id's
// letters, letter by letter: a campaign has a handful of letters, each
// delivered a few times.
func campaignDeliveries(ctx context.Context, s vigil.AdvocacyService, id int64) ([]map[string]any, error) {
	out := []map[string]any{}
	for off := 0; ; off += vigil.MaxLimit {
		ls, total, err := s.FindLetters(ctx, vigil.LetterFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}, CampaignID: &id})
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			for doff := 0; ; doff += vigil.MaxLimit {
				ds, dn, err := s.FindDeliveries(ctx, vigil.DeliveryFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: doff}, LetterID: &l.ID})
				if err != nil {
					return nil, err
				}
				for _, d := range ds {
					out = append(out, osdiOutreach(d))
				}
				if len(ds) < vigil.MaxLimit || doff+len(ds) >= dn {
					break
				}
			}
		}
		if len(ls) < vigil.MaxLimit || off+len(ls) >= total {
			return out, nil
		}
	}
}

// pageOf returns the page pg of items, and their number.
func pageOf(items []map[string]any, pg vigil.Page) ([]map[string]any, int, error) {
	if pg.Offset >= len(items) {
		return []map[string]any{}, len(items), nil
	}
	return items[pg.Offset:min(pg.Offset+pg.Limit, len(items))], len(items), nil
}

func (a *API) osdiColls(s vigil.AdvocacyService) []osdiColl {
	svc := a.svc
	actorColl := func(name string, kind vigil.ActorKind) osdiColl {
		return osdiColl{name: name,
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := svc.FindActors(ctx, vigil.ActorFilter{Page: pg, Kind: kind})
				return mapPage(items, n, err, osdiActor)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := svc.FindActorByID(ctx, id)
				if err == nil && it.Kind != kind {
					return nil, vigil.Errorf(vigil.ENOTFOUND, "no %s %d", name, id)
				}
				return mapOne(it, err, osdiActor)
			})}
	}
	return []osdiColl{
		actorColl("people", vigil.ActorPerson),
		actorColl("organizations", vigil.ActorOrganization),
		{name: "petitions",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := s.FindLetters(ctx, vigil.LetterFilter{Page: pg})
				return mapPage(items, n, err, osdiLetter)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := s.FindLetterByID(ctx, id)
				return mapOne(it, err, osdiLetter)
			})},
		{name: "signatures",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := s.FindSignatures(ctx, vigil.SignatureFilter{Page: pg})
				return mapPage(items, n, err, osdiSignature)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := s.FindSignatureByID(ctx, id)
				return mapOne(it, err, osdiSignature)
			})},
		{name: "advocacy_campaigns",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := s.FindCampaigns(ctx, vigil.CampaignFilter{Page: pg})
				return mapPage(items, n, err, osdiCampaign)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := s.FindCampaignByID(ctx, id)
				return mapOne(it, err, osdiCampaign)
			})},
		{name: "outreaches",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := s.FindDeliveries(ctx, vigil.DeliveryFilter{Page: pg})
				return mapPage(items, n, err, osdiOutreach)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := s.FindDeliveryByID(ctx, id)
				return mapOne(it, err, osdiOutreach)
			})},
		{name: "events",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				items, n, err := s.FindEvents(ctx, vigil.EventFilter{Page: pg})
				return mapPage(items, n, err, osdiEvent)
			},
			get: byID(func(ctx context.Context, id int64) (map[string]any, error) {
				it, err := s.FindEventByID(ctx, id)
				return mapOne(it, err, osdiEvent)
			})},
		{name: "attendances",
			list: func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				return allAttendances(ctx, s, pg)
			},
			get: func(ctx context.Context, id string) (map[string]any, error) {
				eventID, org, ok := parseAttendanceID(id)
				if !ok {
					return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid id",
						Fields: map[string]string{"id": fmt.Sprintf("%q is not an attendance id (<event id>-<organization id>)", id)}}
				}
				e, err := s.FindEventByID(ctx, eventID)
				if err != nil {
					return nil, err
				}
				for _, o := range e.OrganizerIDs {
					if o == org {
						return osdiAttendance(e, org), nil
					}
				}
				return nil, vigil.Errorf(vigil.ENOTFOUND, "no attendance %s", id)
			}},
	}
}

// osdiSubs are the collections of one record's resources that the
// records' links point at.
func osdiSubs(s vigil.AdvocacyService) []osdiSub {
	return []osdiSub{
		{parent: "events", name: "attendances",
			list: func(ctx context.Context, id int64, pg vigil.Page) ([]map[string]any, int, error) {
				e, err := s.FindEventByID(ctx, id)
				if err != nil {
					return nil, 0, err
				}
				return pageOf(osdiAttendances(e), pg)
			}},
		{parent: "advocacy_campaigns", name: "outreaches",
			list: func(ctx context.Context, id int64, pg vigil.Page) ([]map[string]any, int, error) {
				if _, err := s.FindCampaignByID(ctx, id); err != nil {
					return nil, 0, err
				}
				all, err := campaignDeliveries(ctx, s, id)
				if err != nil {
					return nil, 0, err
				}
				return pageOf(all, pg)
			}},
		{parent: "petitions", name: "signatures",
			list: func(ctx context.Context, id int64, pg vigil.Page) ([]map[string]any, int, error) {
				if _, err := s.FindLetterByID(ctx, id); err != nil {
					return nil, 0, err
				}
				items, n, err := s.FindSignatures(ctx, vigil.SignatureFilter{Page: pg, LetterID: &id})
				return mapPage(items, n, err, osdiSignature)
			}},
	}
}

// registerOSDI adds the OSDI entry point and collections. They are not in
// the OpenAPI document (HAL+JSON, documented in docs/advocacy.md).
func (a *API) registerOSDI(s vigil.AdvocacyService) {
	colls := a.osdiColls(s)
	a.handle("GET "+osdiBase+"/{$}", func(w http.ResponseWriter, r *http.Request) error {
		links := map[string]any{"self": map[string]string{"href": osdiBase + "/"}}
		for _, c := range colls {
			links["osdi:"+c.name] = map[string]string{"href": osdiBase + "/" + c.name}
		}
		writeHAL(w, map[string]any{"motd": "vigil OSDI read subset", "vendor_name": "vigil", "product_name": "vigil", "osdi_version": "1.1", "_links": links})
		return nil
	}, routeDoc{hidden: true})
	for _, c := range colls {
		a.handle("GET "+osdiBase+"/"+c.name, func(w http.ResponseWriter, r *http.Request) error {
			return serveOSDIPage(w, r, c.name, c.name, c.list)
		}, routeDoc{hidden: true})
		a.handle("GET "+osdiBase+"/"+c.name+"/{id}", func(w http.ResponseWriter, r *http.Request) error {
			it, err := c.get(r.Context(), r.PathValue("id"))
			if err != nil {
				return err
			}
			writeHAL(w, it)
			return nil
		}, routeDoc{hidden: true})
	}
	for _, c := range osdiSubs(s) {
		a.handle("GET "+osdiBase+"/"+c.parent+"/{id}/"+c.name, func(w http.ResponseWriter, r *http.Request) error {
			id, err := pathID(r)
			if err != nil {
				return err
			}
			return serveOSDIPage(w, r, c.name, fmt.Sprintf("%s/%d/%s", c.parent, id, c.name), func(ctx context.Context, pg vigil.Page) ([]map[string]any, int, error) {
				return c.list(ctx, id, pg)
			})
		}, routeDoc{hidden: true})
	}
}

// maxOSDIPage bounds the page parameter, so its offset cannot overflow.
const maxOSDIPage = 1 << 30

// serveOSDIPage writes the page of list that ?page=&per_page= ask for
// (per_page 25 by default, at most MaxLimit), as OSDI collection name at
// path: total_records, total_pages, page, per_page, and self, prev and
// next links.
func serveOSDIPage(w http.ResponseWriter, r *http.Request, name, path string, list osdiList) error {
	q := query{r.URL.Query()}
	if err := q.only("page", "per_page"); err != nil {
		return err
	}
	page, err := q.int("page")
	if err != nil {
		return err
	}
	per, err := q.int("per_page")
	if err != nil {
		return err
	}
	if page > maxOSDIPage {
		return invalidParam("page", "must be at most %d", maxOSDIPage)
	}
	page, per = max(page, 1), min(max(per, 0), vigil.MaxLimit)
	if per == 0 {
		per = 25
	}
	items, total, err := list(r.Context(), vigil.Page{Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	pages := max(1, (total+per-1)/per)
	at := func(p int) map[string]string {
		return map[string]string{"href": fmt.Sprintf("%s/%s?page=%d&per_page=%d", osdiBase, path, p, per)}
	}
	links := map[string]any{"self": at(page)}
	if page < pages {
		links["next"] = at(page + 1)
	}
	if page > 1 {
		links["prev"] = at(min(page-1, pages))
	}
	refs := []any{}
	for _, it := range items {
		refs = append(refs, it["_links"].(map[string]any)["self"])
	}
	links["osdi:"+name] = refs
	writeHAL(w, map[string]any{"total_pages": pages, "per_page": per, "page": page, "total_records": total,
		"_links": links, "_embedded": map[string]any{"osdi:" + name: items}})
	return nil
}

func writeHAL(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/hal+json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
