package vigil

import (
	"context"
	"fmt"
	"strings"
)

// Section names: the parts of a Dataset, as they are named in the native
// JSON format and in import errors ("claims[12].figure").
const (
	SectionPlaces       = "places"
	SectionActors       = "actors"
	SectionPosts        = "posts"
	SectionMemberships  = "memberships"
	SectionInstruments  = "instruments"
	SectionProvisions   = "provisions"
	SectionStateParties = "state_parties"
	SectionSources      = "sources"
	SectionIncidents    = "incidents"
	SectionLinks        = "incident_links"
	SectionClaims       = "claims"
	SectionViolations   = "violations"
)

// Sections lists the sections in the order they are exported and
// imported: every reference points to an earlier section, or (places'
// and actors' parents) to the same one.
var Sections = []string{SectionPlaces, SectionActors, SectionPosts, SectionMemberships, SectionInstruments,
	SectionProvisions, SectionStateParties, SectionSources, SectionIncidents, SectionLinks, SectionClaims, SectionViolations}

// Dataset is a set of records moved into or out of vigil as a unit: the
// contents of a native JSON or CSV file.
//
// Within a dataset, a record's ID is a key local to the dataset, and its
// references (a claim's SourceID, IncidentID, PlaceID …) name keys of
// records in the same dataset. Importing creates every record anew and
// maps the keys to new database ids; versions, timestamps and derived
// fields in the dataset are ignored and recomputed.
type Dataset struct {
	Places       []*Place
	Actors       []*Actor
	Posts        []*Post
	Memberships  []*Membership
	Instruments  []*Instrument
	Provisions   []*LegalProvision
	StateParties []*StateParty
	Sources      []*Source
	Incidents    []*Incident
	Links        []*IncidentLink
	Claims       []*Claim
	Violations   []*Violation

	// KnownPlaces maps place keys to places already in the database (key →
	// database id). A reference to such a key points at the existing
	// place; the CSV format resolves place names in the gazetteer this
	// way. A key must not be both here and in Places.
	KnownPlaces map[int64]int64

	// Locate names where a field of a record came from in the input, for
	// error messages: "row 14, column figure" for CSV. Field is a field
	// name as the record's Validate reports it ("figure", "title.en") or
	// "" for the record as a whole. Nil means the JSON path,
	// "claims[12].figure".
	Locate func(section string, index int, field string) string
}

// Where names a field of record index of section, through Locate.
func (d *Dataset) Where(section string, index int, field string) string {
	if d.Locate != nil {
		return d.Locate(section, index, field)
	}
	return JSONPath(section, index, field)
}

// JSONPath is the path of a field in the native JSON format:
// "claims[12].figure", or "claims[12]" for the whole record.
func JSONPath(section string, index int, field string) string {
	p := fmt.Sprintf("%s[%d]", section, index)
	if field != "" {
		p += "." + field
	}
	return p
}

// Counts returns the number of records in each section.
func (d *Dataset) Counts() map[string]int {
	return map[string]int{
		SectionPlaces: len(d.Places), SectionActors: len(d.Actors), SectionPosts: len(d.Posts),
		SectionMemberships: len(d.Memberships), SectionInstruments: len(d.Instruments),
		SectionProvisions: len(d.Provisions), SectionStateParties: len(d.StateParties),
		SectionSources: len(d.Sources), SectionIncidents: len(d.Incidents), SectionLinks: len(d.Links),
		SectionClaims: len(d.Claims), SectionViolations: len(d.Violations),
	}
}

// Len returns the number of records in all sections.
func (d *Dataset) Len() int {
	n := 0
	for _, c := range d.Counts() {
		n += c
	}
	return n
}

// Each calls fn with every record, a section at a time in Sections
// order, and stops at the first error.
func (d *Dataset) Each(fn func(section string, rec any) error) error {
	for _, s := range Sections {
		if err := d.eachOf(s, fn); err != nil {
			return err
		}
	}
	return nil
}

func (d *Dataset) eachOf(section string, fn func(string, any) error) error {
	var err error
	each := func(n int, at func(int) any) {
		for i := 0; i < n && err == nil; i++ {
			err = fn(section, at(i))
		}
	}
	switch section {
	case SectionPlaces:
		each(len(d.Places), func(i int) any { return d.Places[i] })
	case SectionActors:
		each(len(d.Actors), func(i int) any { return d.Actors[i] })
	case SectionPosts:
		each(len(d.Posts), func(i int) any { return d.Posts[i] })
	case SectionMemberships:
		each(len(d.Memberships), func(i int) any { return d.Memberships[i] })
	case SectionInstruments:
		each(len(d.Instruments), func(i int) any { return d.Instruments[i] })
	case SectionProvisions:
		each(len(d.Provisions), func(i int) any { return d.Provisions[i] })
	case SectionStateParties:
		each(len(d.StateParties), func(i int) any { return d.StateParties[i] })
	case SectionSources:
		each(len(d.Sources), func(i int) any { return d.Sources[i] })
	case SectionIncidents:
		each(len(d.Incidents), func(i int) any { return d.Incidents[i] })
	case SectionLinks:
		each(len(d.Links), func(i int) any { return d.Links[i] })
	case SectionClaims:
		each(len(d.Claims), func(i int) any { return d.Claims[i] })
	case SectionViolations:
		each(len(d.Violations), func(i int) any { return d.Violations[i] })
	}
	return err
}

// Add appends rec (a *Place, *Actor, … *Violation) to its section and
// returns the section's name; it returns "" for any other type.
func (d *Dataset) Add(rec any) string {
	switch r := rec.(type) {
	case *Place:
		d.Places = append(d.Places, r)
		return SectionPlaces
	case *Actor:
		d.Actors = append(d.Actors, r)
		return SectionActors
	case *Post:
		d.Posts = append(d.Posts, r)
		return SectionPosts
	case *Membership:
		d.Memberships = append(d.Memberships, r)
		return SectionMemberships
	case *Instrument:
		d.Instruments = append(d.Instruments, r)
		return SectionInstruments
	case *LegalProvision:
		d.Provisions = append(d.Provisions, r)
		return SectionProvisions
	case *StateParty:
		d.StateParties = append(d.StateParties, r)
		return SectionStateParties
	case *Source:
		d.Sources = append(d.Sources, r)
		return SectionSources
	case *Incident:
		d.Incidents = append(d.Incidents, r)
		return SectionIncidents
	case *IncidentLink:
		d.Links = append(d.Links, r)
		return SectionLinks
	case *Claim:
		d.Claims = append(d.Claims, r)
		return SectionClaims
	case *Violation:
		d.Violations = append(d.Violations, r)
		return SectionViolations
	}
	return ""
}

// ActionImport is the audit action of an import: one entry, entity
// "imports", for all the records an import creates.
const ActionImport = "import"

// RecordWriter receives records to export. Records arrive grouped by
// section, the sections in Sections order; rec is a *Place, *Actor, …
// *Violation as the section says. The exchange package's JSON and CSV
// writers implement it.
type RecordWriter interface {
	WriteRecord(section string, rec any) error
}

// Import stages, reported through ImportOptions.Progress.
const (
	StageCheck = "checking"
	StageWrite = "writing"
)

// ImportProgress says how far an import has come: Done of Total records
// in Stage.
type ImportProgress struct {
	Stage       string
	Done, Total int
}

// ImportOptions control an import.
type ImportOptions struct {
	// DryRun checks everything an import would, against the database as
	// well, and writes nothing.
	DryRun bool
	// Format ("json", "csv"), InputSHA256 (hex) and InputBytes describe
	// the input; they are recorded in the import's audit entry.
	Format      string
	InputSHA256 string
	InputBytes  int64
	// Progress, when set, is called from the importing goroutine as
	// records are checked and written, and once at the end of each stage.
	Progress func(ImportProgress)
}

// ImportCount is what an import created in one section: Count records
// with the ids FirstID … LastID (contiguous; both 0 when Count is 0).
type ImportCount struct {
	Count   int   `json:"count"`
	FirstID int64 `json:"first_id,omitempty"`
	LastID  int64 `json:"last_id,omitempty"`
}

// ImportResult reports an import: per section, what was created (or, in
// a dry run, would be, without ids), and the seq of the audit entry
// that records the import.
type ImportResult struct {
	DryRun      bool                   `json:"dry_run"`
	Format      string                 `json:"format,omitempty"`
	InputSHA256 string                 `json:"input_sha256,omitempty"`
	InputBytes  int64                  `json:"input_bytes,omitempty"`
	Records     int                    `json:"records"`
	Sections    map[string]ImportCount `json:"sections"`
	AuditSeq    int64                  `json:"audit_seq,omitempty"`
}

// ExportOptions control an export.
type ExportOptions struct {
	// Progress, when set, is called every few thousand records with the
	// section being written and the number of records written so far.
	Progress func(section string, written int)
}

// ExportResult reports an export: the records written per section, and
// the records left out or trimmed because they point at records the
// viewer may not see (see docs/formats.md).
type ExportResult struct {
	Clearance Sensitivity    `json:"clearance"`
	Written   map[string]int `json:"written"`
	// Dropped counts records left out because a reference they cannot do
	// without (a claim's source, a membership's person) is not visible.
	Dropped map[string]int `json:"dropped"`
	// Cleared counts optional references set to null because their
	// target is not visible (a claim's incident, a place's parent).
	Cleared int `json:"cleared_references"`
}

// ExchangeService moves whole datasets in and out. The store implements
// it; the CLI's import and export commands use it.
type ExchangeService interface {
	// Import checks every record of d and, when all are valid, creates
	// them in one transaction with one audit entry, or creates nothing.
	// Problems are one EINVALID error whose Fields name each record and
	// field through d.Where. It needs a writing role (EFORBIDDEN). The
	// records of d are normalized in place and, after a successful
	// import, carry their new ids.
	Import(ctx context.Context, d *Dataset, opts ImportOptions) (*ImportResult, error)
	// Export writes every record the viewer may see to w, a section at a
	// time in Sections order and by id within a section, from one
	// consistent snapshot.
	Export(ctx context.Context, w RecordWriter, opts ExportOptions) (*ExportResult, error)
}

// SectionNoun is the noun for a record of section in messages: "claim",
// "legal provision".
func SectionNoun(section string) string {
	switch section {
	case SectionProvisions:
		return "legal provision"
	case SectionStateParties:
		return "state party"
	case SectionLinks:
		return "incident link"
	}
	return strings.TrimSuffix(section, "s")
}
