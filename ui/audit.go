package ui

import (
	"net/http"
	"slices"
	"strconv"

	"vigil"
)

// historyEntities are the record types with a history page at
// /<entity>/{id}/history.
var historyEntities = []string{"incidents", "claims", "sources", "places", "actors"}

// auditEntities are the audit log's entity names, for its filter.
var auditEntities = []string{"incidents", "claims", "sources", "places", "actors", "incident_links", "violations", "provisions", "instruments", "state_parties", "posts", "memberships", "api_tokens"}

// auditRow is one entry, with what it changed when the page shows one
// record's history.
type auditRow struct {
	E       *vigil.AuditEntry
	At      string
	Href    string // the record's page, when it has one
	Changes []change
	Diffed  bool
	// Restore links to the edit form filled with this version, for an
	// earlier version of a record that has one.
	Restore string
}

type auditPage struct {
	Entity, EntityID string
	Entities         []string
	Rows             []auditRow
	Pager            pager
	History          bool
	Record           string // the record's page, in a history
	Problems         map[string]string
}

// auditLog lists the audit log, newest first, filtered by entity and id.
// With both it is the record's history, each entry with the fields it
// changed. Reading the log needs restricted clearance (the store's rule:
// entries hold whole records); others get 403.
func (u *UI) auditLog(r *http.Request) (*view, error) {
	q := r.URL.Query()
	return u.audit(r, q.Get("entity"), q.Get("entity_id"))
}

// recordHistory serves /<entity>/{id}/history.
func (u *UI) recordHistory(entity string) func(r *http.Request) (*view, error) {
	return func(r *http.Request) (*view, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		return u.audit(r, entity, strconv.FormatInt(id, 10))
	}
}

func (u *UI) audit(r *http.Request, entity, entityID string) (*view, error) {
	v := vigil.ViewerFrom(r.Context())
	if v.Clearance != vigil.Restricted {
		return nil, forbidden("read the audit log: restricted clearance is required")
	}
	l := lang(r)
	p := &auditPage{Entity: entity, EntityID: entityID, Entities: auditEntities, Problems: map[string]string{}}
	f := vigil.AuditFilter{Page: vigil.Page{Sort: "-seq"}}
	if entity != "" {
		if !slices.Contains(auditEntities, entity) {
			p.Problems["entity"] = u.msgs.T(l, "filter.bad_choice")
		}
		f.Entity = entity
	}
	if entityID != "" {
		id, err := strconv.ParseInt(entityID, 10, 64)
		if err != nil || id <= 0 {
			p.Problems["entity_id"] = u.msgs.T(l, "filter.bad_id")
		}
		f.EntityID = &id
	}
	if len(p.Problems) > 0 {
		p.Pager = newPager(r, 0, 1, pageSize)
		return &view{name: "audit", data: p, status: http.StatusBadRequest}, nil
	}
	p.History = f.Entity != "" && f.EntityID != nil
	page, offset := readPage(r, pageSize)
	f.Offset = offset
	// A history fetches one entry more: the version before the page's
	// oldest, to diff it against.
	f.Limit = pageSize
	if p.History {
		f.Limit = pageSize + 1
		if slices.Contains(historyEntities, entity) {
			p.Record = "/" + entity + "/" + entityID
		}
	}
	entries, total, err := u.svc.FindAuditEntries(r.Context(), f)
	if err != nil {
		return nil, err
	}
	p.Pager = newPager(r, total, page, pageSize)
	for n, e := range entries {
		if n == pageSize {
			break
		}
		row := auditRow{E: e, At: timeText(l, e.At)}
		if slices.Contains(historyEntities, e.Entity) && e.Action != vigil.ActionDelete {
			row.Href = "/" + e.Entity + "/" + strconv.FormatInt(e.EntityID, 10)
		}
		if p.History {
			row.Diffed = true
			if row.Href != "" && (page > 1 || n > 0) && e.Action != vigil.ActionDelete && vigil.ViewerFrom(r.Context()).CanWrite() {
				row.Restore = row.Href + "/edit?restore=" + strconv.Itoa(e.Version)
			}
			switch {
			case e.Action == vigil.ActionDelete:
				row.Changes = nil
			case n+1 < len(entries):
				row.Changes = diff(e.Entity, entries[n+1].Data, e.Data)
			default:
				row.Changes = diff(e.Entity, nil, e.Data)
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return &view{name: "audit", data: p}, nil
}
