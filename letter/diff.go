// Package letter renders joint letters: line diffs between versions, and
// the Markdown, HTML and PDF outputs of a letter's public projection
// (vigil.LetterDocument). It is pure apart from reading the PDF font.
package letter

import "strings"

// Op is the kind of a diff line.
type Op string

// Diff line kinds.
const (
	Same    Op = "same"
	Added   Op = "added"
	Removed Op = "removed"
)

// Line is one line of a diff.
type Line struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// maxCells bounds the LCS table; beyond it the diff is "all removed, all
// added", which is still correct, just coarse.
const maxCells = 4_000_000

// Diff returns the line diff from a to b by longest common subsequence.
func Diff(a, b string) []Line {
	x, y := splitLines(a), splitLines(b)
	out := []Line{}
	// Trim the common head and tail first: most edits are local.
	head := 0
	for head < len(x) && head < len(y) && x[head] == y[head] {
		out = append(out, Line{Same, x[head]})
		head++
	}
	tail := 0
	for tail < len(x)-head && tail < len(y)-head && x[len(x)-1-tail] == y[len(y)-1-tail] {
		tail++
	}
	mx, my := x[head:len(x)-tail], y[head:len(y)-tail]
	if len(mx)*len(my) > maxCells {
		for _, l := range mx {
			out = append(out, Line{Removed, l})
		}
		for _, l := range my {
			out = append(out, Line{Added, l})
		}
	} else {
		out = append(out, lcs(mx, my)...)
	}
	for _, l := range x[len(x)-tail:] {
		out = append(out, Line{Same, l})
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func lcs(x, y []string) []Line {
	n, m := len(x), len(y)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			out = append(out, Line{Same, x[i]})
			i, j = i+1, j+1
		case t[i+1][j] >= t[i][j+1]:
			out = append(out, Line{Removed, x[i]})
			i++
		default:
			out = append(out, Line{Added, y[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Line{Removed, x[i]})
	}
	for ; j < m; j++ {
		out = append(out, Line{Added, y[j]})
	}
	return out
}

// Changed reports whether a diff has any added or removed line.
func Changed(d []Line) bool {
	for _, l := range d {
		if l.Op != Same {
			return true
		}
	}
	return false
}
