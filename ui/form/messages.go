package form

import "regexp"

// messages maps the validators' messages (vigil.Problems, store checks)
// to i18n keys; the groups become the arguments. A message that matches
// none is shown through "val.other", which quotes it as it is.
var messages = []struct {
	re  *regexp.Regexp
	key string
	// argKey, when set, translates each argument as the key argKey+arg.
	argKey string
}{
	{regexp.MustCompile(`^is required$`), "val.required", ""},
	{regexp.MustCompile(`^is required in at least one language \(ko or en\)$`), "val.required_lang", ""},
	{regexp.MustCompile(`^is required \(an EDTF date`), "val.required_date", ""},
	{regexp.MustCompile(`^is required: give text such as`), "val.required_figure", ""},
	{regexp.MustCompile(`^is required when overriding the derived figure$`), "val.override_rationale", ""},
	{regexp.MustCompile(`^must satisfy 0 ≤ low ≤ best ≤ high$`), "val.override_order", ""},
	{regexp.MustCompile(`^is longer than (\d+) characters$`), "val.too_long", ""},
	{regexp.MustCompile(`^is not valid UTF-8$`), "val.utf8", ""},
	{regexp.MustCompile(`^references an? (incident|source|place|actor) that does not exist$`), "val.no_ref.$1", ""},
	{regexp.MustCompile(`^(public|coalition|restricted) is above your clearance \((public|coalition|restricted)\)$`), "val.above_clearance", "sens."},
	{regexp.MustCompile(`^creating a public [a-z ]+ publishes it: an editor or admin role is required`), "val.publish_new", ""},
	{regexp.MustCompile(`^lowering it from (public|coalition|restricted) to (public|coalition|restricted) publishes it: an editor or admin role is required$`), "val.publish_lower", "sens."},
	{regexp.MustCompile(`^"(.*)" is not an http\(s\) URL$`), "val.url", ""},
	{regexp.MustCompile(`^"(.*)" is not a language tag`), "val.language", ""},
	{regexp.MustCompile(`^"(.*)" is not an ISO 3166-1 alpha-2 code$`), "val.country", ""},
	{regexp.MustCompile(`^"(.*)" is not an Admiralty grade`), "val.reliability", ""},
	{regexp.MustCompile(`^(-?[0-9.e+]+) is outside -90\.\.90$`), "val.lat", ""},
	{regexp.MustCompile(`^(-?[0-9.e+]+) is outside -180\.\.180$`), "val.lon", ""},
	{regexp.MustCompile(`^lat and lon are given together or not at all$`), "val.latlon", ""},
	{regexp.MustCompile(`^must be a positive GeoNames id$`), "val.geonames", ""},
	{regexp.MustCompile(`^a place cannot be its own parent$`), "val.own_parent", ""},
	{regexp.MustCompile(`^only a person's identity can be protected$`), "val.protect_person", ""},
	{regexp.MustCompile(`^an incident cannot be linked to itself$`), "val.self_link", ""},
	{regexp.MustCompile(`^incident (\d+) is already part of incident (\d+)`), "val.second_parent", ""},
	{regexp.MustCompile(`^incident (\d+) is itself part of incident (\d+)`), "val.cycle", ""},
	{regexp.MustCompile(`^entry (\d+) repeats place (\d+)`), "val.place_repeat", ""},
	{regexp.MustCompile(`^actor \d+ is an? (person|organization), not an? (person|organization)$`), "val.actor_kind", "actor_kind."},
	{regexp.MustCompile(`^"(.*)" is not (?:an event type|a source kind|a place kind|person or organization|a link kind|one of)`), "val.choice", ""},
	{regexp.MustCompile(`^(\d+) is not a grade from 1`), "val.credibility", ""},
	{regexp.MustCompile(`^has more than 50 entries$`), "val.variants", ""},
	{regexp.MustCompile(`^must be a positive whole number$`), "val.id", ""},
	{regexp.MustCompile(`^must be a whole number$`), "val.int", ""},
	{regexp.MustCompile(`^must be a decimal number`), "val.float", ""},
}

// Localize returns msg in the user's language through t, which looks up
// an i18n key with arguments.
func Localize(msg string, t func(key string, args ...any) string) string {
	for _, m := range messages {
		sub := m.re.FindStringSubmatch(msg)
		if sub == nil {
			continue
		}
		key := m.key
		if loc := m.re.FindStringSubmatchIndex(msg); loc != nil && len(sub) > 1 {
			key = string(m.re.ExpandString(nil, m.key, msg, loc))
		}
		args := make([]any, 0, len(sub)-1)
		for _, s := range sub[1:] {
			if m.argKey != "" {
				s = t(m.argKey + s)
			}
			args = append(args, s)
		}
		if key != m.key {
			args = args[1:] // the group named the key
		}
		return t(key, args...)
	}
	return t("val.other", msg)
}
