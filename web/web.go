// Package web embeds vigil's templates, static assets and locale files,
// so the binary serves its UI with no files beside it and no CDN.
package web

import "embed"

// FS holds templates/*.html, static/* and locales/<lang>/*.json.
//
//go:embed templates/*.html static/* locales/*/*.json
var FS embed.FS
