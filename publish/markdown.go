package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"vigil"
	"vigil/i18n"
)

// renderedReport is a report body as HTML with its numbered citations.
type renderedReport struct {
	Body      template.HTML
	Citations []citation
}

// citation is one numbered footnote: a source, and the anchors of the
// places in the text that cite it.
type citation struct {
	N      int
	Source *Source
	// Missing is set when the source is no longer public: the footnote
	// then says only that.
	Missing bool
	ID      int64
	Refs    []string
}

// reportRender is the state of rendering one report: it numbers
// citations in order of first appearance.
type reportRender struct {
	s     *Site
	d     *Data
	v     *view
	r     *Report
	cites []*citation
	byID  map[int64]*citation
}

// renderReport turns a report's Markdown into HTML. Raw HTML in the body
// is not rendered (goldmark's default), dangerous link schemes are
// dropped, and every directive becomes markup made from public data only:
// a record that is not public renders as "unavailable", whatever the
// body says.
func (s *Site) renderReport(d *Data, r *Report, v *view) (*renderedReport, error) {
	rr := &reportRender{s: s, d: d, v: v, r: r, byID: map[int64]*citation{}}
	md := goldmark.New(
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(directiveParser{}, 100)),
			parser.WithASTTransformers(util.Prioritized(photoBlocks{}, 100)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rr, 100))),
	)
	var b bytes.Buffer
	if err := md.Convert([]byte(r.Body), &b); err != nil {
		return nil, fmt.Errorf("publish: render report %d: %w", r.ID, err)
	}
	out := &renderedReport{Body: template.HTML(b.String())} // goldmark escapes text and omits raw HTML
	for _, c := range rr.cites {
		out.Citations = append(out.Citations, *c)
	}
	return out, nil
}

var kindDirective = ast.NewNodeKind("Directive")
var kindPhoto = ast.NewNodeKind("Photo")

// directiveNode is a {{…}} in running text.
type directiveNode struct {
	ast.BaseInline
	d vigil.Directive
}

func (n *directiveNode) Kind() ast.NodeKind { return kindDirective }

func (n *directiveNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": string(n.d.Kind)}, nil)
}

// photoNode is a {{photo N}} alone in its paragraph: a figure.
type photoNode struct {
	ast.BaseBlock
	n int
}

func (n *photoNode) Kind() ast.NodeKind { return kindPhoto }

func (n *photoNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"N": strconv.Itoa(n.n)}, nil)
}

// directiveParser reads {{…}} on one line; a malformed one stays text.
type directiveParser struct{}

func (directiveParser) Trigger() []byte { return []byte{'{'} }

func (directiveParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("{{")) {
		return nil
	}
	end := bytes.Index(line, []byte("}}"))
	if end < 0 {
		return nil
	}
	d, err := vigil.ParseDirective(string(line[:end+2]))
	if err != nil {
		return nil
	}
	block.Advance(end + 2)
	return &directiveNode{d: d}
}

// photoBlocks turns a paragraph holding only {{photo N}} into a figure.
type photoBlocks struct{}

func (photoBlocks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		var photo *directiveNode
		only := true
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch x := c.(type) {
			case *directiveNode:
				if x.d.Kind == vigil.DirectivePhoto && photo == nil {
					photo = x
					continue
				}
			case *ast.Text:
				if len(bytes.TrimSpace(x.Segment.Value(reader.Source()))) == 0 {
					continue
				}
			}
			only = false
		}
		if photo != nil && only {
			p.Parent().ReplaceChild(p.Parent(), p, &photoNode{n: photo.d.Photo})
		}
	}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (rr *reportRender) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindDirective, rr.directive)
	reg.Register(kindPhoto, rr.photoBlock)
}

func (rr *reportRender) directive(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	d := n.(*directiveNode).d
	esc := template.HTMLEscapeString
	lang := rr.v.Lang
	switch d.Kind {
	case vigil.DirectiveCite:
		for _, id := range d.IDs {
			c := rr.byID[id]
			if c == nil {
				c = &citation{N: len(rr.cites) + 1, ID: id, Source: rr.d.Source(id)}
				c.Missing = c.Source == nil
				rr.cites = append(rr.cites, c)
				rr.byID[id] = c
			}
			ref := fmt.Sprintf("cite-ref-%d-%d", c.N, len(c.Refs)+1)
			c.Refs = append(c.Refs, ref)
			fmt.Fprintf(w, `<sup class="cite" id="%s"><a href="#cite-%d" aria-label="%s">[%d]</a></sup>`, ref, c.N, esc(rr.s.T(lang, "pub.report.cite_label", c.N)), c.N)
		}
	case vigil.DirectiveIncident:
		if inc := rr.d.Incident(d.IDs[0]); inc != nil {
			fmt.Fprintf(w, `<a class="incident-ref" href="%s">%s</a>`, esc(rr.v.Href(incidentPath(inc.ID))), esc(inc.Title.In(lang)))
		} else {
			fmt.Fprintf(w, `<span class="unavailable">%s</span>`, esc(rr.s.T(lang, "pub.unavailable")))
		}
	case vigil.DirectiveTotal:
		st := rr.d.StatsFor(d.Total)
		if st == nil {
			fmt.Fprintf(w, `<span class="unavailable">%s</span>`, esc(rr.s.T(lang, "pub.unavailable")))
			break
		}
		t := st.Total
		low := i18n.Int(lang, t.Low)
		high := rr.s.T(lang, "figure.unbounded")
		if t.High != nil {
			high = i18n.Int(lang, *t.High)
		}
		fmt.Fprintf(w, `<a class="live-figure" href="%s" data-event="%s"><span class="best">%s</span></a> <span class="range">%s</span>`,
			esc(rr.v.Href(figurePath(d.Total))), esc(string(d.Total.Event)), esc(rr.s.T(lang, "pub.figure.best", i18n.Int(lang, t.Best))),
			esc(rr.s.T(lang, "pub.figure.range", low, high)))
	case vigil.DirectivePhoto:
		rr.photo(w, d.Photo, "span")
	}
	return ast.WalkContinue, nil
}

func (rr *reportRender) photoBlock(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		rr.photo(w, n.(*photoNode).n, "figure")
	}
	return ast.WalkSkipChildren, nil
}

// photo writes photo n as a figure (or an inline span in running text)
// with its caption and credit.
func (rr *reportRender) photo(w util.BufWriter, n int, el string) {
	esc := template.HTMLEscapeString
	if n < 1 || n > len(rr.r.Photos) {
		fmt.Fprintf(w, `<span class="unavailable">%s</span>`, esc(rr.s.T(rr.v.Lang, "pub.unavailable")))
		return
	}
	ph := rr.r.Photos[n-1]
	cap := "figcaption"
	if el != "figure" {
		cap = "span"
	}
	fmt.Fprintf(w, `<%s class="photo" id="photo-%d"><img src="%s" alt="%s" loading="lazy"><%s class="caption">%s <span class="credit">%s</span></%s></%s>`,
		el, n, esc(rr.v.Rel(imagePath(ph.Image, ph.MediaType))), esc(ph.Alt), cap, esc(ph.Caption),
		esc(rr.s.T(rr.v.Lang, "pub.photo.credit", ph.Credit)), cap, el)
	if el == "figure" {
		_, _ = w.WriteString("\n")
	}
}

// incidentPath is an incident's page within a language.
func incidentPath(id int64) string { return "incidents/" + strconv.FormatInt(id, 10) + ".html" }

// figurePath is the page of a total a report shows: the incidents
// behind it.
func figurePath(f vigil.StatsFilter) string {
	from, to := f.From, f.To
	if from == "" {
		from = "start"
	}
	if to == "" {
		to = "now"
	}
	return "totals/" + string(f.Event) + "_" + from + "_" + to + ".html"
}

// reportPath is a report's page within its language.
func reportPath(slug string) string { return "reports/" + slug + ".html" }
