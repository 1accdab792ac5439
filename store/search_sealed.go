package store

import (
	"context"
	"slices"
	"strings"

	"vigil"
	"vigil/search"
)

// Sealed fields are never in the search index (views blanks them), so a
// restricted reader would not find a protected person by name, or a
// restricted record by its words. For them the store searches the sealed
// records themselves: it reads every sealed record of the kinds asked,
// opens it, segments its text as the index would, and keeps those that
// match every term. Nothing of it is written anywhere; the cost grows
// with the number of sealed records (an organization holds thousands),
// and is paid only by searches at restricted clearance (docs/privacy.md).

// sealedCand is a record found by searching its opened text.
type sealedCand struct {
	hit   vigil.SearchHit
	title vigil.Names
	body  string
}

// searchSealed returns the sealed records of the searchable tables that
// match every term, opened, for a reader with restricted clearance.
func searchSealed(ctx context.Context, t *txn, terms []search.Term, kinds []vigil.SearchKind) ([]sealedCand, error) {
	var out []sealedCand
	for _, fn := range []func() ([]sealedCand, error){
		func() ([]sealedCand, error) { return sealedMatches(ctx, t, incidents, terms, kinds) },
		func() ([]sealedCand, error) { return sealedMatches(ctx, t, claims, terms, kinds) },
		func() ([]sealedCand, error) { return sealedMatches(ctx, t, sources, terms, kinds) },
		func() ([]sealedCand, error) { return sealedMatches(ctx, t, actors, terms, kinds) },
		func() ([]sealedCand, error) { return sealedMatches(ctx, t, places, terms, kinds) },
	} {
		cs, err := fn()
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// sealedMatches searches the sealed records of one table.
func sealedMatches[T any](ctx context.Context, t *txn, tb *table[T], terms []search.Term, kinds []vigil.SearchKind) ([]sealedCand, error) {
	if tb.text == nil || tb.seal == nil || (len(kinds) > 0 && !slices.Contains(kinds, tb.kind)) {
		return nil, nil
	}
	cond, args := tb.visibility(t.clearance())
	recs, err := queryRecords(ctx, t, tb, true, "SELECT "+tb.selectCols()+" FROM "+tb.name+" t WHERE "+tb.seal.cond+" AND "+cond+" ORDER BY t.id", args...)
	if err != nil {
		return nil, err
	}
	var out []sealedCand
	for _, rec := range recs {
		tb.projectFor(rec, t.v)
		title, body := tb.text(rec)
		if !matchesAll(search.Tokens(joinText(title.Ko, title.En, title.Zh)), search.Tokens(body), terms) {
			continue
		}
		out = append(out, sealedCand{hit: vigil.SearchHit{Kind: tb.kind, ID: tb.meta(rec).ID, Title: title}, title: title, body: body})
	}
	return out, nil
}

// matchesAll reports whether every term occurs in the title's or the
// body's tokens as the index would match it: its tokens adjacent and in
// order in one field, or for a prefix term a token that starts with it.
func matchesAll(title, body []string, terms []search.Term) bool {
	for _, term := range terms {
		if !hasPhrase(title, term) && !hasPhrase(body, term) {
			return false
		}
	}
	return true
}

func hasPhrase(toks []string, term search.Term) bool {
	n := len(term.Tokens)
	if n == 0 {
		return false
	}
	for i := 0; i+n <= len(toks); i++ {
		ok := true
		for j, want := range term.Tokens {
			got := toks[i+j]
			if term.Prefix && j == 0 {
				if !strings.HasPrefix(got, want) {
					ok = false
					break
				}
			} else if got != want {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
