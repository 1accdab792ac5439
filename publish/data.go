// Package publish builds vigil's public outputs: the public site (live
// under /public/ and as a static export), reports with citations and live
// figures, Atom feeds, the public JSON API's bodies and the public data
// downloads.
//
// Everything public is built from Data, and Data is built by explicit
// public projections: functions that copy named public fields of public
// records into the public structs of this package. Nothing is hidden by a
// template; a field that is not copied here cannot reach a reader. Load
// reads as the anonymous viewer, so the store's own clearance filters
// apply first, and the projections check the sensitivity again.
package publish

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"vigil"
	"vigil/figure"
)

// Store is what the public outputs are read from; store.Store is one.
type Store interface {
	vigil.Service
	vigil.ExchangeService
	vigil.ReportService
}

// Names is a name in Korean, English and Chinese.
type Names = vigil.Names

// Ref names a record another one points at, with its public name.
type Ref struct {
	ID   int64 `json:"id"`
	Name Names `json:"name"`
}

// Place is a public gazetteer entry.
type Place struct {
	ID          int64           `json:"id"`
	Kind        vigil.PlaceKind `json:"kind"`
	Names       Names           `json:"names"`
	GeoNamesID  *int64          `json:"geonames_id"`
	Lat         *float64        `json:"lat"`
	Lon         *float64        `json:"lon"`
	ParentID    *int64          `json:"parent_id"`
	CountryCode string          `json:"country_code"`
}

// Actor is a public person or organization. A protected person appears
// only under the pseudonym, with Pseudonymous set and nothing else of the
// identity.
type Actor struct {
	ID             int64              `json:"id"`
	Kind           vigil.ActorKind    `json:"kind"`
	Name           Names              `json:"name"`
	Pseudonymous   bool               `json:"pseudonymous"`
	Classification string             `json:"classification"`
	OtherNames     []vigil.OtherName  `json:"other_names"`
	Identifiers    []vigil.Identifier `json:"identifiers"`
	URL            string             `json:"url"`
	CountryCode    string             `json:"country_code"`
	ParentID       *int64             `json:"parent_id"`
}

// Post is a public position in an organization.
type Post struct {
	ID             int64 `json:"id"`
	OrganizationID int64 `json:"organization_id"`
	Label          Names `json:"label"`
}

// Membership is a public membership of a person who is not protected.
type Membership struct {
	ID             int64  `json:"id"`
	PersonID       int64  `json:"person_id"`
	OrganizationID int64  `json:"organization_id"`
	PostID         *int64 `json:"post_id"`
	Role           Names  `json:"role"`
	StartDate      string `json:"start_date"`
	EndDate        string `json:"end_date"`
}

// Archive is the preserved copy of a source: its SHA-256 and when it was
// taken.
type Archive struct {
	SHA256      string    `json:"sha256"`
	RetrievedAt time.Time `json:"retrieved_at"`
}

// Source is a public source as a citation shows it.
type Source struct {
	ID        int64            `json:"id"`
	Kind      vigil.SourceKind `json:"kind"`
	Publisher string           `json:"publisher"`
	URL       string           `json:"url"`
	Language  string           `json:"language"`
	Title     Names            `json:"title"`
	Published string           `json:"published"`
	// Archive is the archived copy, when one exists.
	Archive *Archive `json:"archive"`
}

// Claim is what a public source says about a public incident.
type Claim struct {
	ID         int64           `json:"id"`
	SourceID   int64           `json:"source_id"`
	IncidentID int64           `json:"incident_id"`
	Quote      string          `json:"quote"`
	Figure     string          `json:"figure"`
	Interval   figure.Interval `json:"interval"`
	Event      vigil.EventType `json:"event"`
	Date       string          `json:"date"`
}

// IncidentPlace is a place of an incident in a role.
type IncidentPlace struct {
	Role  vigil.PlaceRole `json:"role"`
	Place Ref             `json:"place"`
}

// Link is a public relation between two public incidents.
type Link struct {
	Kind   vigil.LinkKind `json:"kind"`
	FromID int64          `json:"from_id"`
	ToID   int64          `json:"to_id"`
}

// Violation is a public statement that an incident breaches a provision.
type Violation struct {
	IncidentID  int64  `json:"incident_id"`
	ProvisionID int64  `json:"provision_id"`
	CountryCode string `json:"country_code"`
	Analysis    Names  `json:"analysis"`
}

// Incident is a public incident.
type Incident struct {
	ID          int64           `json:"id"`
	Title       Names           `json:"title"`
	Summary     Names           `json:"summary"`
	Event       vigil.EventType `json:"event"`
	Date        string          `json:"date"`
	DateStart   string          `json:"date_start"`
	DateEnd     string          `json:"date_end"`
	Place       *Ref            `json:"place"`
	Places      []IncidentPlace `json:"places"`
	Perpetrator *Ref            `json:"perpetrator"`
	VictimGroup string          `json:"victim_group"`
	// Figure is the organization's figure for the incident: derived from
	// all its claims or set by an editor (FigureBasis says which).
	Figure        *figure.Interval `json:"figure"`
	FigureBasis   vigil.Basis      `json:"figure_basis"`
	Conflict      bool             `json:"conflict"`
	Corroboration int              `json:"corroboration"`
	// SourceIDs are the public sources of its public claims.
	SourceIDs   []int64     `json:"source_ids"`
	Claims      []Claim     `json:"claims"`
	Links       []Link      `json:"links"`
	Violations  []Violation `json:"violations"`
	PublicSince *time.Time  `json:"public_since"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// Instrument is a treaty.
type Instrument struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"`
	Name    Names  `json:"name"`
	Adopted string `json:"adopted"`
	URL     string `json:"url"`
}

// Provision is an article of a treaty.
type Provision struct {
	ID           int64  `json:"id"`
	InstrumentID int64  `json:"instrument_id"`
	Article      string `json:"article"`
	Title        Names  `json:"title"`
	Summary      Names  `json:"summary"`
}

// StateParty is a state's act binding it to a treaty.
type StateParty struct {
	ID           int64             `json:"id"`
	InstrumentID int64             `json:"instrument_id"`
	CountryCode  string            `json:"country_code"`
	Action       vigil.PartyAction `json:"action"`
	Date         string            `json:"date"`
	Reservations string            `json:"reservations"`
	SourceURL    string            `json:"source_url"`
}

// Photo is a report's photo as the public sees it: no consent note.
type Photo struct {
	Image     string `json:"image"`
	MediaType string `json:"media_type"`
	Caption   string `json:"caption"`
	Alt       string `json:"alt"`
	Credit    string `json:"credit"`
}

// Report is a published public report.
type Report struct {
	ID          int64     `json:"id"`
	Slug        string    `json:"slug"`
	Lang        string    `json:"lang"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"`
	Byline      string    `json:"byline"`
	Date        string    `json:"date"`
	PublishedAt time.Time `json:"published_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Photos      []Photo   `json:"photos"`
}

// Campaign is a public campaign with its public steps and outcomes. The
// advocacy records supply them through Options.Campaigns (CampaignsFrom).
type Campaign struct {
	ID       int64          `json:"id"`
	Title    Names          `json:"title"`
	Summary  Names          `json:"summary"`
	Start    string         `json:"start"`
	End      string         `json:"end"`
	Steps    []CampaignStep `json:"steps"`
	Outcomes []CampaignStep `json:"outcomes"`
}

// CampaignStep is a dated step or outcome of a campaign, with the public
// source that documents it, if any; an outcome names who changed (By).
type CampaignStep struct {
	Date   string  `json:"date"`
	Text   Names   `json:"text"`
	By     Names   `json:"by"`
	Source *Source `json:"source"`
	sort   string  // the earliest day, for ordering
}

// Data is everything public, as of one reading.
type Data struct {
	Places       []*Place
	Actors       []*Actor
	Posts        []*Post
	Memberships  []*Membership
	Instruments  []*Instrument
	Provisions   []*Provision
	StateParties []*StateParty
	Sources      []*Source
	// Incidents are in date order (earliest day, then id; undated last).
	Incidents []*Incident
	Links     []Link
	Reports   []*Report
	Campaigns []*Campaign
	// Images holds the bytes of the reports' photos, by SHA-256.
	Images map[string]*vigil.Image
	// Stats holds the totals the site shows, by StatsKey.
	Stats map[string]*vigil.Stats
	// Periods are the periods the totals pages offer, the whole record
	// first, then each year with incidents.
	Periods []Period
	// AsOf is the latest change in the data: the feeds' and exports'
	// timestamp, so that the same data gives the same bytes.
	AsOf time.Time

	place     map[int64]*Place
	actor     map[int64]*Actor
	source    map[int64]*Source
	incident  map[int64]*Incident
	provision map[int64]*Provision
	instr     map[int64]*Instrument
}

// Period is a span of days the totals are shown for.
type Period struct {
	// Key names the period in paths: "all" or the year.
	Key      string
	From, To string
}

// Events are the event types the site totals, in order.
var Events = []vigil.EventType{vigil.EventRepatriation, vigil.EventArrest, vigil.EventDetention, vigil.EventAtRisk}

// StatsKey names a total: "repatriation 2023-10-01..2024-05-31".
func StatsKey(f vigil.StatsFilter) string { return string(f.Event) + " " + f.From + ".." + f.To }

// Place returns the public place id, or nil.
func (d *Data) Place(id int64) *Place { return d.place[id] }

// Actor returns the public actor id, or nil.
func (d *Data) Actor(id int64) *Actor { return d.actor[id] }

// Source returns the public source id, or nil.
func (d *Data) Source(id int64) *Source { return d.source[id] }

// Incident returns the public incident id, or nil.
func (d *Data) Incident(id int64) *Incident { return d.incident[id] }

// Provision returns the public provision id, or nil.
func (d *Data) Provision(id int64) *Provision { return d.provision[id] }

// Instrument returns the public instrument id, or nil.
func (d *Data) Instrument(id int64) *Instrument { return d.instr[id] }

// ReportsIn lists the reports in lang, newest first.
func (d *Data) ReportsIn(lang string) []*Report {
	var out []*Report
	for _, r := range d.Reports {
		if r.Lang == lang {
			out = append(out, r)
		}
	}
	return out
}

// Translation returns the other language version of r, or nil.
func (d *Data) Translation(r *Report) *Report {
	for _, o := range d.Reports {
		if o.Slug == r.Slug && o.Lang != r.Lang {
			return o
		}
	}
	return nil
}

// Options configure Load.
type Options struct {
	// Archives returns the archived copy of each source that has one,
	// by source id. Nil: ArchivesFrom the store when it keeps monitoring
	// records, else no archives are shown.
	Archives func(ctx context.Context, sourceIDs []int64) (map[int64]Archive, error)
	// Campaigns returns the public campaigns with their public outcomes,
	// given the rest of the public data. Nil: CampaignsFrom the store when
	// it keeps advocacy records, else none.
	Campaigns func(ctx context.Context, d *Data) ([]*Campaign, error)
}

// Load reads everything public from st as the anonymous viewer, whoever
// asks, and projects it.
func Load(ctx context.Context, st Store, opts Options) (*Data, error) {
	ctx = vigil.WithViewer(ctx, vigil.Anonymous)
	if m, ok := st.(vigil.MonitorService); ok && opts.Archives == nil {
		opts.Archives = ArchivesFrom(m)
	}
	if a, ok := st.(vigil.AdvocacyService); ok && opts.Campaigns == nil {
		opts.Campaigns = CampaignsFrom(a)
	}
	var ds vigil.Dataset
	if _, err := st.Export(ctx, collector{&ds}, vigil.ExportOptions{}); err != nil {
		return nil, fmt.Errorf("publish: read public records: %w", err)
	}
	d := project(&ds)
	if err := d.loadSince(ctx, st); err != nil {
		return nil, err
	}
	if err := d.loadReports(ctx, st); err != nil {
		return nil, err
	}
	if opts.Archives != nil && len(d.Sources) > 0 {
		ids := make([]int64, len(d.Sources))
		for i, s := range d.Sources {
			ids[i] = s.ID
		}
		arch, err := opts.Archives(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("publish: archives: %w", err)
		}
		for _, s := range d.Sources {
			if a, ok := arch[s.ID]; ok {
				s.Archive = &Archive{SHA256: a.SHA256, RetrievedAt: a.RetrievedAt.UTC()}
			}
		}
	}
	if opts.Campaigns != nil {
		cs, err := opts.Campaigns(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("publish: campaigns: %w", err)
		}
		d.Campaigns = cs
	}
	if err := d.loadStats(ctx, st); err != nil {
		return nil, err
	}
	return d, nil
}

// collector gathers an export into a Dataset.
type collector struct{ d *vigil.Dataset }

func (c collector) WriteRecord(_ string, rec any) error {
	c.d.Add(rec)
	return nil
}

// loadSince stamps the newest public incidents with when they became
// public: the feed of newly public incidents lists them. Older incidents
// keep a nil stamp.
func (d *Data) loadSince(ctx context.Context, st Store) error {
	ps, err := st.FindNewlyPublic(ctx, vigil.MaxLimit)
	if err != nil {
		return fmt.Errorf("publish: newly public incidents: %w", err)
	}
	for _, p := range ps {
		if inc := d.incident[p.EntityID]; inc != nil {
			since := p.Since.UTC()
			inc.PublicSince = &since
		}
	}
	return nil
}

// loadReports reads the published public reports and their images.
func (d *Data) loadReports(ctx context.Context, st Store) error {
	d.Images = map[string]*vigil.Image{}
	for off := 0; ; off += vigil.MaxLimit {
		rs, n, err := st.FindReports(ctx, vigil.ReportFilter{Status: vigil.ReportPublished, Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		if err != nil {
			return fmt.Errorf("publish: read reports: %w", err)
		}
		for _, r := range rs {
			pr, err := d.projectReport(ctx, st, r)
			if err != nil {
				return err
			}
			if pr != nil {
				d.Reports = append(d.Reports, pr)
			}
		}
		if off+len(rs) >= n || len(rs) == 0 {
			break
		}
	}
	slices.SortFunc(d.Reports, func(a, b *Report) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.Slug, b.Slug), cmp.Compare(a.Lang, b.Lang))
	})
	for _, r := range d.Reports {
		d.AsOf = later(d.AsOf, r.UpdatedAt)
	}
	return nil
}

// loadStats computes the totals of every period the site offers and of
// every {{total}} in a report.
func (d *Data) loadStats(ctx context.Context, st Store) error {
	d.Stats = map[string]*vigil.Stats{}
	d.Periods = []Period{{Key: "all"}}
	years := map[string]bool{}
	for _, inc := range d.Incidents {
		if len(inc.DateStart) >= 4 {
			years[inc.DateStart[:4]] = true
		}
	}
	for _, y := range slices.Sorted(mapKeys(years)) {
		d.Periods = append(d.Periods, Period{Key: y, From: y + "-01-01", To: y + "-12-31"})
	}
	var filters []vigil.StatsFilter
	for _, p := range d.Periods {
		for _, ev := range Events {
			filters = append(filters, vigil.StatsFilter{Event: ev, From: p.From, To: p.To})
		}
	}
	for _, r := range d.Reports {
		ds, err := vigil.ParseDirectives(r.Body)
		if err != nil {
			continue // a published report parses; a broken one shows as text
		}
		for _, dr := range ds {
			if dr.Kind == vigil.DirectiveTotal {
				filters = append(filters, dr.Total)
			}
		}
	}
	for _, f := range filters {
		if _, done := d.Stats[StatsKey(f)]; done {
			continue
		}
		s, err := d.computeStats(ctx, st, f)
		if err != nil {
			return err
		}
		d.Stats[StatsKey(f)] = s
	}
	return nil
}

// computeStats asks the store for a total, as the anonymous viewer
// whoever asks, and keeps only what public incidents explain.
func (d *Data) computeStats(ctx context.Context, st Store, f vigil.StatsFilter) (*vigil.Stats, error) {
	s, err := st.Stats(vigil.WithViewer(ctx, vigil.Anonymous), f)
	if err != nil {
		return nil, fmt.Errorf("publish: total %s: %w", StatsKey(f), err)
	}
	return d.projectStats(s), nil
}

// StatsFor returns the total for f, computed by Load, or nil.
func (d *Data) StatsFor(f vigil.StatsFilter) *vigil.Stats { return d.Stats[StatsKey(f)] }

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b.UTC()
	}
	return a
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
