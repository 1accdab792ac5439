// Package i18n holds vigil's Korean and English messages and formats
// numbers, dates and figures for each language.
//
// Messages are flat JSON files keyed by dotted names ("nav.incidents"),
// several per language (locales/en/*.json, locales/ko/*.json) so that each
// feature keeps its own file; a key defined twice is an error. Arguments
// are positional fmt verbs. English plurals use a ".one" variant of a key
// when the count is 1; Korean has no grammatical plural. This is all the
// two languages need, so vigil does not depend on an i18n library.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Languages vigil speaks, the first being the reference: every key must
// exist, non-empty, in every language.
var Languages = []string{"en", "ko"}

// Bundle holds the messages of every language.
type Bundle struct {
	msgs map[string]map[string]string
}

// Load reads <dir>/<lang>/*.json for every language in Languages.
func Load(fsys fs.FS, dir string) (*Bundle, error) {
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, lang := range Languages {
		files, err := fs.Glob(fsys, path.Join(dir, lang, "*.json"))
		if err != nil || len(files) == 0 {
			return nil, fmt.Errorf("i18n: no message files for %s in %s", lang, dir)
		}
		m := map[string]string{}
		for _, f := range files {
			raw, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(raw, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q is already defined in another %s file", f, k, lang)
				}
				m[k] = v
			}
		}
		b.msgs[lang] = m
	}
	return b, nil
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// T returns the message for key in lang, formatted with args. A missing
// key renders as the key itself in brackets, so it shows in review and
// the completeness test catches it.
func (b *Bundle) T(lang, key string, args ...any) string {
	msg, ok := b.msgs[lang][key]
	if !ok || msg == "" {
		msg, ok = b.msgs[Languages[0]][key]
	}
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N returns the message for key with a count: the key's ".one" variant
// when n is 1 and one exists in lang, else the key itself. The count is
// passed as the first argument, already formatted for lang.
func (b *Bundle) N(lang, key string, n int, args ...any) string {
	all := append([]any{Int(lang, n)}, args...)
	if n == 1 {
		if _, ok := b.msgs[lang][key+".one"]; ok {
			return b.T(lang, key+".one", all...)
		}
	}
	return b.T(lang, key, all...)
}

// Has reports whether key exists in the reference language.
func (b *Bundle) Has(key string) bool {
	_, ok := b.msgs[Languages[0]][key]
	return ok
}

// Problems lists keys that are missing or empty in some language,
// compared with every other language, as "ko: nav.incidents missing".
func (b *Bundle) Problems() []string {
	keys := map[string]bool{}
	for _, m := range b.msgs {
		for k := range m {
			if !strings.HasSuffix(k, ".one") {
				keys[k] = true
			}
		}
	}
	var out []string
	for k := range keys {
		for _, lang := range Languages {
			v, ok := b.msgs[lang][k]
			switch {
			case !ok:
				out = append(out, lang+": "+k+" missing")
			case strings.TrimSpace(v) == "":
				out = append(out, lang+": "+k+" empty")
			}
		}
	}
	sort.Strings(out)
	return out
}

// Negotiate picks the language for a request: the explicit choice when it
// is supported, else the first supported language in Accept-Language by
// quality, else the reference language.
func Negotiate(choice, acceptLanguage string) string {
	if Supported(choice) {
		return choice
	}
	type cand struct {
		lang string
		q    float64
		i    int
	}
	var cs []cand
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if Supported(base) && q > 0 {
			cs = append(cs, cand{base, q, i})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].q > cs[b].q })
	if len(cs) > 0 {
		return cs[0].lang
	}
	return Languages[0]
}
