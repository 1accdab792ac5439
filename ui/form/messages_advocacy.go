package form

import "regexp"

// The advocacy records' validator messages, appended to messages.
func init() {
	for _, m := range []struct{ re, key, argKey string }{
		{`^references an? (campaign|letter|event|ask|post) that does not exist$`, "val.no_ref.$1", ""},
		{`^"(.*)" is not (?:an ask state|an action kind|an event kind|a channel|a consent status|a risk check result|ko or en)`, "val.choice", ""},
		{`^"(.*)" is not a day \(YYYY-MM-DD\)$`, "val.day", ""},
		{`^is required \(YYYY-MM-DD\)$`, "val.required", ""},
		{`^must hold positive ids$`, "val.id", ""},
		{`^entry \d+: actor_id must be a positive id$`, "val.id", ""},
		{`^is required: an? (acknowledged|raised|partially|declined) state needs a source as evidence$`, "val.state_source", "ask."},
		{`^the ask is (\w+), which is final$`, "val.ask_final", "ask."},
		{`^an ask that is \w+ can move to .*, not \w+$`, "val.ask_move", ""},
		{`^is required: who changed \(an actor id or a name\)$`, "val.changed_by", ""},
		{`^at least one source is required as evidence of the outcome$`, "val.outcome_source", ""},
		{`^ask \d+ belongs to another campaign$`, "val.ask_campaign", ""},
		{`^is required: to whom \(an actor id or a name\)$`, "val.recipient", ""},
		{`^is required: who took the photo`, "val.credit", ""},
		{`^a photo can be public only after the risk check cleared it`, "val.photo_public", ""},
		{`^must be a JPEG or PNG image`, "val.image", ""},
		{`^is required as a file part$`, "val.required", ""},
		{`^is larger than (\d+) MiB$`, "val.file_too_large", ""},
		{`^is the same as version (\d+); nothing to save$`, "val.same_text", ""},
		{`^letter \d+ has versions 1 to (\d+)$`, "val.comment_version", ""},
		{`^cannot change$`, "val.cannot_change", ""},
	} {
		messages = append(messages, struct {
			re     *regexp.Regexp
			key    string
			argKey string
		}{regexp.MustCompile(m.re), m.key, m.argKey})
	}
}
