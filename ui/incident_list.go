package ui

import (
	"net/http"
	"strings"
	"time"

	"vigil"
	"vigil/ui/form"
)

// incidentSorts are the orders the incident list offers, in the order of
// its select.
var incidentSorts = []string{"-date", "date", "-best", "best", "-updated_at"}

// incidentFilter is the incident list's filter as the form shows it.
type incidentFilter struct {
	Event, From, To, Place, Perpetrator, Sensitivity, Conflict, Q, Sort string
}

// incidentRow is one row of the list.
type incidentRow struct {
	Inc   *vigil.Incident
	Place string
}

type incidentListPage struct {
	Filter      incidentFilter
	Rows        []incidentRow
	Pager       pager
	Events      []vigil.EventType
	Places      []form.Option
	Perps       []form.Option
	Sensitivity []vigil.Sensitivity
	Sorts       []string
	Filtered    bool
	Problems    map[string]string
}

// incidentList lists the incidents the viewer may see, filtered by event,
// period, place (with the places under it), perpetrator, sensitivity and
// conflict, sorted and paginated; every filter lives in the URL.
func (u *UI) incidentList(r *http.Request) (*view, error) {
	q := r.URL.Query()
	l := lang(r)
	v := vigil.ViewerFrom(r.Context())
	fv := incidentFilter{
		Event: q.Get("event"), From: q.Get("from"), To: q.Get("to"), Place: q.Get("place"),
		Perpetrator: q.Get("perpetrator"), Sensitivity: q.Get("sensitivity"), Conflict: q.Get("conflict"),
		Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"),
	}
	if fv.Sort == "" {
		fv.Sort = "-date"
	}
	page, offset := readPage(r, pageSize)
	f := vigil.IncidentFilter{Page: vigil.Page{Limit: pageSize, Offset: offset, Sort: fv.Sort}, Query: fv.Q}
	probs := map[string]string{}
	if fv.Event != "" {
		if e := vigil.EventType(fv.Event); e.Valid() {
			f.Event = e
		} else {
			probs["event"] = u.msgs.T(l, "filter.bad_choice")
		}
	}
	for _, d := range []struct {
		name string
		val  string
		dst  *string
	}{{"from", fv.From, &f.From}, {"to", fv.To, &f.To}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.val); err != nil {
			probs[d.name] = u.msgs.T(l, "filter.bad_day")
			continue
		}
		*d.dst = d.val
	}
	var err error
	if f.PlaceID, err = optionalID(q, "place"); err != nil {
		probs["place"] = u.msgs.T(l, "filter.bad_choice")
	}
	if f.PerpetratorID, err = optionalID(q, "perpetrator"); err != nil {
		probs["perpetrator"] = u.msgs.T(l, "filter.bad_choice")
	}
	if fv.Sensitivity != "" {
		if s := vigil.Sensitivity(fv.Sensitivity); s.Valid() {
			f.Sensitivity = s
		} else {
			probs["sensitivity"] = u.msgs.T(l, "filter.bad_choice")
		}
	}
	switch fv.Conflict {
	case "yes":
		f.Conflict = new(bool)
		*f.Conflict = true
	case "no":
		f.Conflict = new(bool)
	case "":
	default:
		probs["conflict"] = u.msgs.T(l, "filter.bad_choice")
	}
	if !contains(incidentSorts, fv.Sort) && !contains(incidentSorts, "-"+fv.Sort) {
		probs["sort"] = u.msgs.T(l, "filter.bad_choice")
		f.Sort = "-date"
	}
	status := http.StatusOK
	var incs []*vigil.Incident
	var total int
	if len(probs) > 0 {
		status = http.StatusBadRequest
	} else if incs, total, err = u.svc.FindIncidents(r.Context(), f); err != nil {
		return nil, err
	}
	lk := u.lookups(r.Context(), l)
	places, err := lk.options("places")
	if err != nil {
		return nil, err
	}
	perps, err := lk.options("orgs")
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range places {
		names[o.Value] = o.Label
	}
	rows := make([]incidentRow, len(incs))
	for n, i := range incs {
		rows[n] = incidentRow{Inc: i, Place: names[id64(i.PlaceID)]}
	}
	var sens []vigil.Sensitivity
	for _, s := range []vigil.Sensitivity{vigil.Public, vigil.Coalition, vigil.Restricted} {
		if v.CanRead(s) {
			sens = append(sens, s)
		}
	}
	filtered := fv != incidentFilter{Sort: fv.Sort}
	return &view{name: "incidents", status: status, data: &incidentListPage{
		Filter: fv, Rows: rows, Pager: newPager(r, total, page, pageSize), Events: vigil.EventTypes,
		Places: places, Perps: perps, Sensitivity: sens, Sorts: incidentSorts, Filtered: filtered, Problems: probs,
	}}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func id64(p *int64) string {
	if p == nil {
		return ""
	}
	return itoa(*p)
}
