package exchange

import (
	"fmt"
	"strings"

	"vigil"
)

// The columns of the native CSV format, in the order the writer puts
// them. The reader matches them by name, in any order.
const (
	colIncident = iota
	colIncidentTitleKo
	colIncidentTitleEn
	colIncidentEvent
	colIncidentDate
	colIncidentPlace
	colIncidentSensitivity
	colIncidentPartOf
	colIncidentSameCohort
	colIncidentFollowUpOf
	colSource
	colSourcePublisher
	colSourceURL
	colSourceKind
	colSourceTitleKo
	colSourceTitleEn
	colSourceLanguage
	colSourcePublished
	colSourceReliability
	colSourceRelayedFrom
	colSourceSensitivity
	colQuote
	colFigure
	colEvent
	colDate
	colPlace
	colPlaceText
	colCredibility
	colSensitivity
	colNotes
	numCols
)

// Columns lists the column names of the native CSV format in the order
// the writer puts them.
var Columns = [numCols]string{
	"incident", "incident_title_ko", "incident_title_en", "incident_event", "incident_date", "incident_place",
	"incident_sensitivity", "incident_part_of", "incident_same_cohort", "incident_follow_up_of",
	"source", "source_publisher", "source_url", "source_kind", "source_title_ko", "source_title_en", "source_language",
	"source_published", "source_reliability", "source_relayed_from", "source_sensitivity",
	"quote", "figure", "event", "date", "place", "place_text", "credibility", "sensitivity", "notes",
}

// requiredColumns must be in every header.
var requiredColumns = []int{colSourcePublisher, colFigure}

// The column groups: an incident's columns describe the incident named
// in column incident, a source's the source of the claim, and the rest
// the claim itself.
const (
	firstIncidentCol, lastIncidentCol = colIncident, colIncidentFollowUpOf
	firstSourceCol, lastSourceCol     = colSource, colSourceSensitivity
	firstClaimCol, lastClaimCol       = colQuote, colNotes
)

// fieldColumns maps the fields a record's Validate names to the CSV
// column they come from, per section.
var fieldColumns = map[string]map[string]int{
	vigil.SectionClaims: {
		"quote": colQuote, "figure": colFigure, "event": colEvent, "date": colDate, "place_id": colPlace,
		"place_text": colPlaceText, "credibility": colCredibility, "sensitivity": colSensitivity, "notes": colNotes,
		"source_id": colSourcePublisher, "incident_id": colIncident,
	},
	vigil.SectionIncidents: {
		"id": colIncident, "title": colIncidentTitleKo, "title.ko": colIncidentTitleKo, "title.en": colIncidentTitleEn,
		"event": colIncidentEvent, "date": colIncidentDate, "date_basis": colIncidentDate, "place_id": colIncidentPlace,
		"sensitivity": colIncidentSensitivity,
	},
	vigil.SectionSources: {
		"id": colSource, "publisher": colSourcePublisher, "url": colSourceURL, "kind": colSourceKind,
		"title": colSourceTitleKo, "title.ko": colSourceTitleKo, "title.en": colSourceTitleEn,
		"language": colSourceLanguage, "published": colSourcePublished, "reliability": colSourceReliability,
		"relayed_from": colSourceRelayedFrom, "sensitivity": colSourceSensitivity,
	},
}

// at names a cell: "row 14, column figure".
func at(row, col int) string {
	if col < 0 {
		return fmt.Sprintf("row %d", row)
	}
	return fmt.Sprintf("row %d, column %s", row, Columns[col])
}

// cell is a value and the row it was read on.
type cell struct {
	v   string
	row int
}

// entity is an incident or source that rows refer to by key: its first
// row, and for each of its columns the first non-empty value.
type entity struct {
	key   string
	index int
	row   int
	vals  []cell // by column, offset by the group's first column
}

// csvLocator names where a dataset's records came from in the CSV.
type csvLocator struct {
	claimRows []int
	incidents []*entity
	sources   []*entity
	links     []cellAt
}

// cellAt is a cell's row and column.
type cellAt struct{ row, col int }

// locate implements vigil.Dataset.Locate.
func (l *csvLocator) locate(section string, index int, field string) string {
	field = strings.TrimSpace(field)
	col, ok := fieldColumns[section][field]
	if !ok {
		// "title.zh" and the like: the nearest named column.
		col, ok = fieldColumns[section][strings.SplitN(field, ".", 2)[0]]
	}
	if !ok {
		col = -1
	}
	switch section {
	case vigil.SectionClaims:
		if index >= 0 && index < len(l.claimRows) {
			return at(l.claimRows[index], col)
		}
	case vigil.SectionIncidents:
		if index >= 0 && index < len(l.incidents) {
			return l.incidents[index].at(col, firstIncidentCol)
		}
	case vigil.SectionSources:
		if index >= 0 && index < len(l.sources) {
			return l.sources[index].at(col, firstSourceCol)
		}
	case vigil.SectionLinks:
		if index >= 0 && index < len(l.links) {
			return at(l.links[index].row, l.links[index].col)
		}
	}
	return vigil.JSONPath(section, index, field)
}

// at names column col of an entity: the row its value came from, or the
// entity's first row.
func (e *entity) at(col, first int) string {
	row := e.row
	if col >= 0 {
		if c := e.vals[col-first]; c.v != "" {
			row = c.row
		}
	}
	return at(row, col)
}
