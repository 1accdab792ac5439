package search

import (
	"strings"
	"unicode/utf8"
)

// Doc is a candidate to rank: a title (all languages) and a body.
type Doc struct {
	Title, Body string
}

// Ranking parameters: BM25F's saturation k1 and length normalization b,
// and how much a match in a title weighs against one in the body.
const (
	rankK1     = 1.2
	rankB      = 0.75
	titleBoost = 5.0
)

// Scores ranks docs that all match terms, higher first, with a BM25F-like
// formula computed from the text itself: for every term, its count in the
// title (weighted titleBoost) and in the body, each normalized by that
// field's length against the average over docs, saturated with k1. Terms
// weigh the same (every term must match, so a term's rarity says little
// about which matching document is better), which keeps ranking
// independent of the engine and of index-wide statistics that cost a
// pass over every match to compute.
//
// Counts are substring counts of the normalized term: a CJK run as is,
// a word by its stem in the lower-cased text (repatri in
// "repatriation"), so counting needs no tokenizing.
func Scores(docs []Doc, terms []Term) []float64 {
	out := make([]float64, len(docs))
	if len(docs) == 0 || len(terms) == 0 {
		return out
	}
	latin := false
	for _, t := range terms {
		latin = latin || !t.CJK
	}
	type lens struct{ title, body float64 }
	ls := make([]lens, len(docs))
	var sumT, sumB float64
	for i, d := range docs {
		ls[i] = lens{float64(utf8.RuneCountInString(d.Title)), float64(utf8.RuneCountInString(d.Body))}
		sumT += ls[i].title
		sumB += ls[i].body
	}
	avgT := max(1, sumT/float64(len(docs)))
	avgB := max(1, sumB/float64(len(docs)))
	for i, d := range docs {
		title, body := d.Title, d.Body
		if latin {
			title, body = strings.ToLower(title), strings.ToLower(body)
		}
		normT := 1 - rankB + rankB*ls[i].title/avgT
		normB := 1 - rankB + rankB*ls[i].body/avgB
		score := 0.0
		for _, t := range terms {
			if t.Text == "" {
				continue
			}
			tf := titleBoost*float64(strings.Count(title, t.Text))/normT + float64(strings.Count(body, t.Text))/normB
			score += tf / (rankK1 + tf)
		}
		out[i] = score
	}
	return out
}
