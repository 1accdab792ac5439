// Package triage turns feed items into draft claims for the inbox: it
// extracts candidate claims with their sentences, highlights their spans
// in safe HTML, ranks existing incidents a claim may belong to, and
// carries out an acceptance (archive first, then one transaction). The
// functions are pure except Desk, which reaches the network only through
// its Archiver.
package triage

import (
	"html/template"
	"sort"
	"strings"

	"vigil"
	"vigil/edtf"
	"vigil/extract"
)

// Gazetteer builds the extractor's gazetteer from the store's places:
// their Korean, English and Chinese names and variants, with the place
// IDs, so a matched place is a record. The extractor's built-in list
// follows (IDs 0), so a place the records lack is still named in the
// claim's place text.
func Gazetteer(places []*vigil.Place) *extract.Gazetteer {
	entries := make([]extract.Entry, 0, len(places))
	for _, p := range places {
		var names []string
		for _, n := range append([]string{p.Names.Ko, p.Names.En, p.Names.Zh}, p.Variants...) {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			entries = append(entries, extract.Entry{ID: p.ID, Kind: placeKind(p.Kind), Names: names})
		}
	}
	return extract.NewGazetteer(append(entries, extract.DefaultEntries()...))
}

func placeKind(k vigil.PlaceKind) extract.PlaceKind {
	switch k {
	case vigil.PlaceFacility, vigil.PlaceCrossing:
		return extract.Facility
	case vigil.PlaceCounty:
		return extract.County
	case vigil.PlaceCity:
		return extract.City
	case vigil.PlaceProvince:
		return extract.Province
	}
	return extract.Country
}

// Candidate is one claim extracted from an item, with its sentence.
type Candidate struct {
	extract.Claim
	// Quote is the sentence holding the count: [QuoteStart, QuoteEnd) of
	// the item's text.
	Quote      string `json:"quote"`
	QuoteStart int    `json:"quote_start"`
	QuoteEnd   int    `json:"quote_end"`
	// DateStart and DateEnd are the bounds of Date ("" when unknown).
	DateStart string `json:"date_start"`
	DateEnd   string `json:"date_end"`
}

// ItemText is the text claims are extracted from: the title, a line
// break, and the item's text. Offsets of candidates are into it.
func ItemText(it *vigil.FeedItem) string {
	if it.Title == "" {
		return it.Text
	}
	return it.Title + "\n" + it.Text
}

// Candidates extracts the claims of an item, read in its language and
// resolved against its publication day, with places from g.
func Candidates(it *vigil.FeedItem, g *extract.Gazetteer) []Candidate {
	text := ItemText(it)
	opt := extract.Options{Lang: it.Language, Gazetteer: g}
	if it.Published != "" {
		if ref, given, err := extract.PublishedDate(it.Published); err == nil {
			opt.Published, opt.PublishedEDTF = ref, given
		}
	}
	claims := extract.Extract(text, opt)
	out := make([]Candidate, 0, len(claims))
	for _, c := range claims {
		s, e := Sentence(text, c.Start, c.End)
		cand := Candidate{Claim: c, Quote: text[s:e], QuoteStart: s, QuoteEnd: e}
		if c.Date != "" {
			if d, err := edtf.Parse(c.Date); err == nil {
				cand.DateStart, cand.DateEnd = d.Earliest, d.Latest
			}
		}
		out = append(out, cand)
	}
	return out
}

// Sentence returns the bounds of the sentence of text that holds the
// span [start, end): it runs from after the previous sentence end (". ",
// "! ", "? ", "다. ", a line break) to the next, trimmed.
func Sentence(text string, start, end int) (int, int) {
	start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
	s := start
	for s > 0 {
		c := text[s-1]
		if c == '\n' {
			break
		}
		if (c == ' ' || c == '\t') && s >= 2 && strings.IndexByte(".!?", text[s-2]) >= 0 {
			break
		}
		s--
	}
	e := end
	for e < len(text) {
		c := text[e]
		if c == '\n' {
			break
		}
		if strings.IndexByte(".!?", c) >= 0 && (e+1 == len(text) || text[e+1] == ' ' || text[e+1] == '\n' || text[e+1] == '"') {
			e++
			break
		}
		e++
	}
	for s < e && (text[s] == ' ' || text[s] == '\t') {
		s++
	}
	for e > s && (text[e-1] == ' ' || text[e-1] == '\t') {
		e--
	}
	return s, e
}

// Span is a part of a text to mark, with a label for its title.
type Span struct {
	Start, End int
	Label      string
}

// Highlight returns text as safe HTML: every segment escaped, each span
// wrapped in <mark> (with its label as the title), line breaks kept as
// <br>. Overlapping or out-of-range spans are clipped, never trusted.
func Highlight(text string, spans []Span) template.HTML {
	sorted := append([]Span(nil), spans...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	pos := 0
	write := func(s string) {
		b.WriteString(strings.ReplaceAll(template.HTMLEscapeString(s), "\n", "<br>\n"))
	}
	for _, sp := range sorted {
		s, e := max(sp.Start, pos), min(sp.End, len(text))
		if s >= e {
			continue
		}
		write(text[pos:s])
		b.WriteString(`<mark title="`)
		b.WriteString(template.HTMLEscapeString(sp.Label))
		b.WriteString(`">`)
		write(text[s:e])
		b.WriteString("</mark>")
		pos = e
	}
	write(text[pos:])
	return template.HTML(b.String()) //nolint:gosec // every segment above is escaped
}
