package search

import "strings"

// suffixes are tried longest first; the first one that leaves a stem of
// at least three letters with a vowel is removed (once). The list is
// aimed at the vocabulary of reports on detention and repatriation:
// repatriated, repatriation, repatriates → repatri; defectors, defected,
// defection → defect; arrests, arresting → arrest; detained → detain.
var suffixes = []struct{ from, to string }{
	{"ational", ""}, {"ations", ""}, {"ation", ""},
	{"ators", ""}, {"ator", ""}, {"ating", ""}, {"ated", ""}, {"ates", ""}, {"ate", ""},
	{"izations", "iz"}, {"ization", "iz"},
	{"itions", ""}, {"ition", ""}, {"ions", ""}, {"ion", ""},
	{"ements", ""}, {"ement", ""}, {"ments", ""}, {"ment", ""},
	{"nesses", ""}, {"ness", ""},
	{"ies", "y"}, {"ied", "y"},
	{"ings", ""}, {"ing", ""}, {"edly", ""}, {"ed", ""},
	{"ors", ""}, {"or", ""}, {"ers", ""}, {"er", ""},
	{"ly", ""},
}

// Stem reduces a lower-case English word to a stem shared by its
// inflections and close derivations. It is a light suffix stripper of
// our own, not the Porter algorithm: it removes one suffix, then a
// plural s, a final e and a doubled final consonant, so that forms such
// as force/forced/forces/forcing meet at forc. Words with anything but
// ASCII letters, and words under four letters, are returned unchanged.
func Stem(w string) string {
	if len(w) < 4 || !asciiLetters(w) {
		return w
	}
	w = plural(w)
	for _, s := range suffixes {
		if strings.HasSuffix(w, s.from) {
			stem := w[:len(w)-len(s.from)]
			if len(stem) >= 3 && hasVowel(stem) {
				w = stem + s.to
				break
			}
		}
	}
	if len(w) > 3 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
}

// plural removes a plural s: -sses → -ss, -xes/-ches/-shes → without es,
// -s → without s, but not after s, u or i (press, status, crisis).
func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ies"), strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s") && len(w) > 4:
		return w[:len(w)-1]
	}
	return w
}

func asciiLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func hasVowel(w string) bool { return strings.ContainsAny(w, "aeiouy") }
