package triage

import (
	"context"
	"net/url"
	"strings"

	"vigil"
	"vigil/figure"
)

// Store is what the desk reads and writes: the records and the
// monitoring service, both implemented by *store.Store.
type Store interface {
	vigil.Service
	vigil.MonitorService
}

// Archiver fetches and preserves a page (archive.Archiver).
type Archiver interface {
	Archive(ctx context.Context, rawURL string) (*vigil.Snapshot, error)
}

// Desk is the triage workflow over a store and an archiver.
type Desk struct {
	Svc      Store
	Archiver Archiver
	// Policy turns figures into intervals for ranking; the zero value
	// means figure.DefaultPolicy().
	Policy figure.Policy
}

// Entry is an inbox item with its candidate claims, each with suggested
// incidents.
type Entry struct {
	Item       *vigil.FeedItem `json:"item"`
	Feed       *vigil.Feed     `json:"feed"`
	Text       string          `json:"text"`
	Candidates []Suggested     `json:"candidates"`
}

// Suggested is a candidate claim and the incidents it may belong to.
type Suggested struct {
	Candidate
	Matches []Match `json:"matches"`
}

// MaxSuggestions is how many incidents are suggested per claim.
const MaxSuggestions = 5

// Entry loads an item for triage: its candidate claims, read with a
// gazetteer of the store's places, and for each the incidents ranked by
// date, place, event and figure overlap.
func (d *Desk) Entry(ctx context.Context, id int64) (*Entry, error) {
	it, err := d.Svc.FindFeedItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	fd, err := d.Svc.FindFeedByID(ctx, it.FeedID)
	if err != nil {
		return nil, err
	}
	places, _, err := d.Svc.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, err
	}
	parents := map[int64]int64{}
	for _, p := range places {
		if p.ParentID != nil {
			parents[p.ID] = *p.ParentID
		}
	}
	incs, _, err := d.Svc.FindIncidents(ctx, vigil.IncidentFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "-date"}})
	if err != nil {
		return nil, err
	}
	e := &Entry{Item: it, Feed: fd, Text: ItemText(it), Candidates: []Suggested{}}
	policy := d.policy()
	for _, c := range Candidates(it, Gazetteer(places)) {
		p := Probe{Event: vigil.EventType(c.Event), DateStart: c.DateStart, DateEnd: c.DateEnd, PlaceID: c.PlaceID}
		if iv, err := policy.Interval(c.Figure); err == nil {
			p.Interval = &iv
		}
		e.Candidates = append(e.Candidates, Suggested{Candidate: c, Matches: nonNil(Rank(p, incs, parents, MaxSuggestions))})
	}
	return e, nil
}

func nonNil(m []Match) []Match {
	if m == nil {
		return []Match{}
	}
	return m
}

func (d *Desk) policy() figure.Policy {
	if d.Policy.ApproxHighPct == 0 {
		return figure.DefaultPolicy()
	}
	return d.Policy
}

// AcceptRequest says which claim of an item to accept, and where.
type AcceptRequest struct {
	// Version is the item's version as read.
	Version int `json:"version"`
	// Start is the byte offset of the claim's count in the item's text
	// (Candidate.Start): it names the claim.
	Start *int `json:"start"`
	// IncidentID links the claim to an existing incident; with
	// NewIncident a new incident is made from the claim instead.
	IncidentID  *int64 `json:"incident_id"`
	NewIncident bool   `json:"new_incident"`
	// Sensitivity of the records created (source, snapshot, claim, new
	// incident); empty means restricted.
	Sensitivity vigil.Sensitivity `json:"sensitivity"`
	// Reliability of the new source (Admiralty A–F, default F) and
	// credibility of the claim (1–6, default 6).
	Reliability string `json:"reliability"`
	Credibility int    `json:"credibility"`
}

// Accepted is what an acceptance made.
type Accepted struct {
	Item     *vigil.FeedItem `json:"item"`
	Source   *vigil.Source   `json:"source"`
	Snapshot *vigil.Snapshot `json:"snapshot"`
	Incident *vigil.Incident `json:"incident"`
	Claim    *vigil.Claim    `json:"claim"`
}

// Accept takes one candidate claim of an item into the records. On the
// item's first acceptance its page is archived first, over the network
// and outside any transaction; then the source, its snapshot, a new
// incident if asked and the claim are written in one transaction, which
// re-derives the incident's figure (and so the totals). Errors: EINVALID
// (naming the field), ENOTFOUND, ECONFLICT, EFORBIDDEN, EUNPROCESSABLE
// (the page could not be archived).
func (d *Desk) Accept(ctx context.Context, itemID int64, req AcceptRequest) (*Accepted, error) {
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	if !vigil.ViewerFrom(ctx).CanWrite() {
		return nil, vigil.Errorf(vigil.EFORBIDDEN, "you may not accept claims: a contributor, editor or admin role is required")
	}
	e, err := d.Entry(ctx, itemID)
	if err != nil {
		return nil, err
	}
	it := e.Item
	if it.Version != req.Version {
		return nil, vigil.Errorf(vigil.ECONFLICT, "feed item %d was changed by someone else (version %d, you had %d); reload and retry", it.ID, it.Version, req.Version)
	}
	var cand *Candidate
	for i := range e.Candidates {
		if e.Candidates[i].Start == *req.Start {
			cand = &e.Candidates[i].Candidate
		}
	}
	if cand == nil {
		return nil, invalid("start", "no claim starts at byte %d of item %d; reload the item", *req.Start, it.ID)
	}
	sens := req.Sensitivity
	if sens == "" {
		sens = vigil.Restricted
	}
	a := &vigil.Acceptance{ItemID: it.ID, ItemVersion: it.Version}
	if it.SourceID == nil {
		snap, err := d.Archiver.Archive(ctx, it.URL)
		if err != nil {
			return nil, archiveError(err)
		}
		snap.Sensitivity = sens
		a.Snapshot = snap
		a.Source = sourceOf(it, e.Feed, sens, req.Reliability)
	}
	a.Claim = &vigil.Claim{
		Meta: vigil.Meta{Sensitivity: sens}, Quote: cand.Quote, Figure: cand.Figure,
		Event: vigil.EventType(cand.Event), Date: cand.Date, PlaceText: cand.Place, Credibility: req.Credibility,
	}
	if cand.PlaceID > 0 {
		a.Claim.PlaceID = &cand.PlaceID
	}
	if req.NewIncident {
		a.Incident = incidentOf(it, cand, sens)
	} else {
		a.Claim.IncidentID = req.IncidentID
	}
	if err := d.Svc.AcceptFeedItem(ctx, a); err != nil {
		return nil, err
	}
	out := &Accepted{Source: a.Source, Snapshot: a.Snapshot, Claim: a.Claim}
	if out.Item, err = d.Svc.FindFeedItemByID(ctx, it.ID); err != nil {
		return nil, err
	}
	if out.Source == nil {
		if out.Source, err = d.Svc.FindSourceByID(ctx, a.Claim.SourceID); err != nil {
			return nil, err
		}
	}
	if a.Claim.IncidentID != nil {
		if out.Incident, err = d.Svc.FindIncidentByID(ctx, *a.Claim.IncidentID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func checkRequest(req AcceptRequest) error {
	p := vigil.Problems{}
	if req.Version <= 0 {
		p.Add("version", "is required: the item's version as you read it")
	}
	if req.Start == nil {
		p.Add("start", "is required: the start of the claim's count in the item's text")
	}
	if req.IncidentID == nil && !req.NewIncident {
		p.Add("incident_id", "give an incident to link the claim to, or new_incident: true")
	}
	if req.IncidentID != nil && req.NewIncident {
		p.Add("incident_id", "give either an incident or new_incident, not both")
	}
	if req.Sensitivity != "" && !req.Sensitivity.Valid() {
		p.Add("sensitivity", "%q is not one of public, coalition, restricted", req.Sensitivity)
	}
	return p.Err("acceptance")
}

func invalid(field, format string, args ...any) error {
	p := vigil.Problems{}
	p.Add(field, format, args...)
	return p.Err("acceptance")
}

// archiveError makes a fetch failure a user error.
func archiveError(err error) error {
	if vigil.ErrorCode(err) != vigil.EINTERNAL {
		return err
	}
	return vigil.Errorf(vigil.EUNPROCESSABLE, "could not archive the page: %s", err.Error())
}

// sourceOf makes the source record of an item: an article by the feed's
// publisher (its title, else the host), in the item's language.
func sourceOf(it *vigil.FeedItem, fd *vigil.Feed, sens vigil.Sensitivity, reliability string) *vigil.Source {
	publisher := strings.TrimSpace(fd.Title)
	if publisher == "" {
		if u, err := url.Parse(it.URL); err == nil {
			publisher = u.Hostname()
		}
	}
	s := &vigil.Source{
		Meta: vigil.Meta{Sensitivity: sens}, Kind: vigil.SourceArticle, Publisher: publisher,
		URL: it.URL, Language: it.Language, Published: it.Published, Reliability: reliability,
	}
	if it.Language == "ko" {
		s.Title.Ko = it.Title
	} else {
		s.Title.En = it.Title
	}
	return s
}

// incidentOf drafts a new incident from a claim: titled after the item,
// of the claim's event, at its place, dated by its claims.
func incidentOf(it *vigil.FeedItem, c *Candidate, sens vigil.Sensitivity) *vigil.Incident {
	inc := &vigil.Incident{Meta: vigil.Meta{Sensitivity: sens}, Event: vigil.EventType(c.Event), DateBasis: vigil.BasisClaims}
	title := it.Title
	if title == "" {
		title = c.Quote
	}
	if it.Language == "ko" {
		inc.Title.Ko = title
	} else {
		inc.Title.En = title
	}
	if c.PlaceID > 0 {
		id := c.PlaceID
		inc.PlaceID = &id
	}
	return inc
}
