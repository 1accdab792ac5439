package ui_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoutesGoThroughTheTable keeps the route table complete: no file of
// package ui registers a handler on a mux except Register in routes.go,
// which registers exactly what Routes lists. A page added with its own
// mux.HandleFunc would be served without a row in the route × role
// table; this test names it.
func TestRoutesGoThroughTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
				return true
			}
			if f != "routes.go" {
				t.Errorf("%s: %s registers a route outside the route table (add it to a list that (*UI).routes reads)", fset.Position(call.Pos()), sel.Sel.Name)
			}
			calls++
			return true
		})
	}
	if calls != 1 {
		t.Errorf("routes.go registers through %d calls, want the one loop over the table", calls)
	}
}
