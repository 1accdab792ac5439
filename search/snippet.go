package search

import (
	"strings"
	"unicode"
)

// Segment is a piece of a snippet: plain text, or a match to highlight.
// A snippet is data; the caller escapes each Text when it renders HTML.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Ellipsis marks text cut from a snippet.
const Ellipsis = "…"

// maxSnippetInput bounds the runes of text the snippet builder reads.
const maxSnippetInput = 20000

// span is a match in rune offsets [start, end), and which term it is.
type span struct{ start, end, term int }

// Matches finds where the terms occur in text, in rune offsets, sorted
// and without overlaps. A word matches when its stem is a term's; a CJK
// term matches as a substring of a CJK run, so 탈북 is found inside
// 탈북민들이.
func matches(rs []rune, terms []Term) []span {
	var out []span
	for _, u := range units(string(rs)) {
		switch u.cls {
		case word:
			tok := wordToken(u.text)
			for ti, t := range terms {
				if !t.CJK && tok != "" && tok == t.Text {
					out = append(out, span{u.start, u.end, ti})
					break
				}
			}
		case hangul, han:
			run := []rune(u.text)
			covered := make([]int, len(run)) // term index + 1 per rune
			for ti, t := range terms {
				if !t.CJK {
					continue
				}
				needle := []rune(t.Text)
				for i := 0; i+len(needle) <= len(run); i++ {
					if equalRunes(run[i:i+len(needle)], needle) {
						for k := i; k < i+len(needle); k++ {
							if covered[k] == 0 {
								covered[k] = ti + 1
							}
						}
					}
				}
			}
			if !u.runeMapped {
				// Normalization changed the length: highlight the run.
				for _, c := range covered {
					if c > 0 {
						out = append(out, span{u.start, u.end, c - 1})
						break
					}
				}
				continue
			}
			for i := 0; i < len(run); {
				if covered[i] == 0 {
					i++
					continue
				}
				j := i
				for j < len(run) && covered[j] > 0 {
					j++
				}
				out = append(out, span{u.start + i, u.start + j, covered[i] - 1})
				i = j
			}
		}
	}
	return out
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Snippet returns about width runes of text around its best group of
// matches, split into plain and matched segments. The window with the
// most distinct terms wins (then the most matches, then the earliest).
// It is cut at spaces where one is near, and "…" marks cut ends. With no
// match it is the start of the text. Offsets are runes, so a snippet
// never splits a character. Segments concatenate to a piece of the text
// with the ellipses around it; whitespace runs are collapsed to one
// space.
func Snippet(text string, terms []Term, width int) []Segment {
	if width < 10 {
		width = 10
	}
	rs := []rune(text)
	truncated := false
	if len(rs) > maxSnippetInput {
		rs, truncated = rs[:maxSnippetInput], true
	}
	if len(rs) == 0 {
		return nil
	}
	found := matches(rs, terms)
	start, end := 0, min(len(rs), width)
	if len(found) > 0 {
		start, end = bestWindow(rs, found, width)
	}
	start, end = trimToSpaces(rs, start, end)
	var out []Segment
	if start > 0 {
		out = appendText(out, Ellipsis, false)
	}
	pos := start
	for _, m := range found {
		if m.end <= start || m.start >= end {
			continue
		}
		s, e := max(m.start, start), min(m.end, end)
		if s > pos {
			out = appendText(out, collapse(rs[pos:s]), false)
		}
		out = appendText(out, collapse(rs[s:e]), true)
		pos = e
	}
	if pos < end {
		out = appendText(out, collapse(rs[pos:end]), false)
	}
	if end < len(rs) || truncated {
		out = appendText(out, Ellipsis, false)
	}
	return out
}

// HasMatch reports whether terms occur in text (as Snippet would mark
// them).
func HasMatch(text string, terms []Term) bool {
	rs := []rune(text)
	if len(rs) > maxSnippetInput {
		rs = rs[:maxSnippetInput]
	}
	return len(matches(rs, terms)) > 0
}

// bestWindow picks the window of width runes, starting a little before
// some match, that covers the most distinct terms.
func bestWindow(rs []rune, found []span, width int) (int, int) {
	lead := width / 5
	bestStart, bestTerms, bestCount := -1, -1, -1
	for i, m := range found {
		s := max(0, m.start-lead)
		e := min(len(rs), s+width)
		terms := map[int]bool{}
		count := 0
		for _, n := range found[i:] {
			if n.start >= e {
				break
			}
			terms[n.term] = true
			count++
		}
		if len(terms) > bestTerms || (len(terms) == bestTerms && count > bestCount) {
			bestStart, bestTerms, bestCount = s, len(terms), count
		}
	}
	end := min(len(rs), bestStart+width)
	// Use the room left at the end of the text before the window.
	start := max(0, min(bestStart, end-width))
	return start, end
}

// trimToSpaces moves a cut start forward, and a cut end back, to the
// nearest space within a few runes, so that words are not split.
func trimToSpaces(rs []rune, start, end int) (int, int) {
	const reach = 12
	if start > 0 && !unicode.IsSpace(rs[start-1]) {
		for i := start; i < min(end, start+reach); i++ {
			if unicode.IsSpace(rs[i]) {
				start = i + 1
				break
			}
		}
	}
	if end < len(rs) && !unicode.IsSpace(rs[end]) {
		for i := end - 1; i > max(start, end-reach); i-- {
			if unicode.IsSpace(rs[i]) {
				end = i
				break
			}
		}
	}
	return start, end
}

// collapse turns every run of whitespace into one space.
func collapse(rs []rune) string {
	var b strings.Builder
	space := false
	for _, r := range rs {
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// appendText adds text as a segment, merging it with the previous one
// when both are plain.
func appendText(out []Segment, text string, match bool) []Segment {
	if text == "" {
		return out
	}
	if n := len(out); n > 0 && !match && !out[n-1].Match {
		out[n-1].Text += text
		return out
	}
	return append(out, Segment{Text: text, Match: match})
}
