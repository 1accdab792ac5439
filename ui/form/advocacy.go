package form

import (
	"net/url"
	"strconv"
	"strings"

	"vigil"
)

// rows is how many repeated rows a form shows for the fields under
// prefix ("incident_ids.0", "targets.1.actor_id"): the rows with a value
// and one blank row to add another, at least least.
func rows(vals url.Values, prefix string, least int) int {
	n := 0
	for k := range vals {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok || vals.Get(k) == "" {
			continue
		}
		if i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil && i+1 > n {
			n = i + 1
		}
	}
	return max(n+1, least)
}

// setIDs sets one row per id: prefix.0, prefix.1, …
func setIDs(v url.Values, prefix string, ids []int64) {
	for n, id := range ids {
		v.Set(prefix+"."+strconv.Itoa(n), strconv.FormatInt(id, 10))
	}
}

// getIDs reads the rows of ids under prefix, skipping blank rows.
func getIDs(v url.Values, prefix string, p vigil.Problems) []int64 {
	out := []int64{}
	for n := range rows(v, prefix, 0) {
		if id := optID(v, prefix+"."+strconv.Itoa(n), p); id != nil {
			out = append(out, *id)
		}
	}
	return out
}

// idRows are repeated selects of records of one kind; the first row
// starts a group and carries the help.
func idRows(vals url.Values, prefix, label, dynamic, group, help string, least int) []Field {
	var fs []Field
	for n := range rows(vals, prefix, least) {
		f := Field{Name: prefix + "." + strconv.Itoa(n), Label: label, Kind: Select, Dynamic: dynamic}
		if n == 0 {
			f.Group, f.Help = group, help
		}
		fs = append(fs, f)
	}
	return fs
}

// Campaign edits a campaign: its goal, related incidents, targets (an
// actor, optionally in a post) and deadline.
var Campaign = Codec[vigil.Campaign]{
	Spec: func(vals url.Values) []Field {
		fs := []Field{
			{Name: "title.ko", Label: "field.title.ko", Kind: Text, Lang: "ko", Group: "grp.campaign", Help: "help.title"},
			{Name: "title.en", Label: "field.title.en", Kind: Text, Lang: "en"},
			{Name: "goal.ko", Label: "field.goal.ko", Kind: TextArea, Lang: "ko"},
			{Name: "goal.en", Label: "field.goal.en", Kind: TextArea, Lang: "en"},
			{Name: "deadline", Label: "field.deadline", Kind: Date, Help: "help.campaign_deadline"},
		}
		fs = append(fs, idRows(vals, "incident_ids", "field.related_incident", "incidents", "grp.related", "help.related_incidents", 2)...)
		for n := range rows(vals, "targets", 2) {
			pre := "targets." + strconv.Itoa(n)
			actor := Field{Name: pre + ".actor_id", Label: "field.target_actor", Kind: Select, Dynamic: "actors"}
			if n == 0 {
				actor.Group, actor.Help = "grp.targets", "help.targets"
			}
			fs = append(fs, actor, Field{Name: pre + ".post_id", Label: "field.target_post", Kind: Select, Dynamic: "posts"})
		}
		return append(fs,
			Field{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes", Group: "grp.access"},
			sensitivityField(),
		)
	},
	Values: func(c *vigil.Campaign) url.Values {
		v := url.Values{}
		setNames(v, "title", c.Title, "ko", "en")
		setNames(v, "goal", c.Goal, "ko", "en")
		v.Set("deadline", c.Deadline)
		setIDs(v, "incident_ids", c.IncidentIDs)
		for n, t := range c.Targets {
			pre := "targets." + strconv.Itoa(n)
			v.Set(pre+".actor_id", strconv.FormatInt(t.ActorID, 10))
			v.Set(pre+".post_id", id64(t.PostID))
		}
		v.Set("notes", c.Notes)
		v.Set("sensitivity", string(c.Sensitivity))
		return v
	},
	Apply: func(v url.Values, c *vigil.Campaign) vigil.Problems {
		p := vigil.Problems{}
		getNames(v, "title", &c.Title, "ko", "en")
		getNames(v, "goal", &c.Goal, "ko", "en")
		c.Deadline = v.Get("deadline")
		c.IncidentIDs = getIDs(v, "incident_ids", p)
		c.Targets = []vigil.CampaignTarget{}
		for n := range rows(v, "targets", 0) {
			pre := "targets." + strconv.Itoa(n)
			actor, post := optID(v, pre+".actor_id", p), optID(v, pre+".post_id", p)
			switch {
			case actor == nil && post == nil:
			case actor == nil:
				if _, bad := p[pre+".actor_id"]; !bad {
					p.Add(pre+".actor_id", "is required")
				}
			default:
				c.Targets = append(c.Targets, vigil.CampaignTarget{ActorID: *actor, PostID: post})
			}
		}
		c.Notes = v.Get("notes")
		c.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// Ask edits what a campaign asks of a target: the text, the target and
// the deadline. Its state changes through AskState.
var Ask = Codec[vigil.Ask]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "campaign_id", Label: "field.campaign_id", Kind: Select, Required: true, Dynamic: "campaigns", Group: "grp.ask"},
			{Name: "target_id", Label: "field.target_id", Kind: Select, Dynamic: "actors", Help: "help.ask_target"},
			{Name: "text.ko", Label: "field.ask_text.ko", Kind: TextArea, Lang: "ko", Help: "help.ask_text"},
			{Name: "text.en", Label: "field.ask_text.en", Kind: TextArea, Lang: "en"},
			{Name: "deadline", Label: "field.deadline", Kind: Date, Help: "help.ask_deadline"},
			sensitivityField(),
		}
	},
	Values: func(a *vigil.Ask) url.Values {
		v := url.Values{}
		v.Set("campaign_id", idOrEmpty(a.CampaignID))
		v.Set("target_id", id64(a.TargetID))
		setNames(v, "text", a.Text, "ko", "en")
		v.Set("deadline", a.Deadline)
		v.Set("sensitivity", string(a.Sensitivity))
		return v
	},
	Apply: func(v url.Values, a *vigil.Ask) vigil.Problems {
		p := vigil.Problems{}
		a.CampaignID = reqID(v, "campaign_id", p)
		a.TargetID = optID(v, "target_id", p)
		getNames(v, "text", &a.Text, "ko", "en")
		a.Deadline = v.Get("deadline")
		a.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// AskState records a change of an ask's state: the new state, when (an
// EDTF date) and the evidence (a source, required for a response). The
// form shows the current state and blank date, source and note, because
// it records a new change rather than editing the last one; Apply puts
// the change in the ask's state fields, for
// vigil.AdvocacyService.ChangeAskState.
var AskState = Codec[vigil.Ask]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "state", Label: "field.ask_state", Kind: Select, Required: true, Options: options("ask.", vigil.AskStates), Group: "grp.state_change", Help: "help.ask_state"},
			{Name: "date", Label: "field.state_date", Kind: Text, Required: true, Help: "help.state_date", Autocomplete: "off"},
			{Name: "source_id", Label: "field.evidence", Kind: Select, Dynamic: "sources", Help: "help.state_source"},
			{Name: "note", Label: "field.state_note", Kind: TextArea},
		}
	},
	Values: func(a *vigil.Ask) url.Values {
		return url.Values{"state": {string(a.State)}, "date": {""}, "source_id": {""}, "note": {""}}
	},
	Apply: func(v url.Values, a *vigil.Ask) vigil.Problems {
		p := vigil.Problems{}
		a.State = vigil.AskState(v.Get("state"))
		a.StateDate = v.Get("date")
		a.StateSourceID = optID(v, "source_id", p)
		a.StateNote = v.Get("note")
		return p
	},
}

// Action edits an entry of a campaign's timeline.
var Action = Codec[vigil.CampaignAction]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "campaign_id", Label: "field.campaign_id", Kind: Select, Required: true, Dynamic: "campaigns", Group: "grp.action"},
			{Name: "kind", Label: "field.action_kind", Kind: Select, Required: true, Options: options("action.", vigil.ActionKinds)},
			{Name: "title.ko", Label: "field.title.ko", Kind: Text, Lang: "ko", Help: "help.title"},
			{Name: "title.en", Label: "field.title.en", Kind: Text, Lang: "en"},
			{Name: "summary.ko", Label: "field.summary.ko", Kind: TextArea, Lang: "ko"},
			{Name: "summary.en", Label: "field.summary.en", Kind: TextArea, Lang: "en"},
			{Name: "date", Label: "field.date", Kind: Text, Required: true, Help: "help.action_date", Autocomplete: "off"},
			{Name: "letter_id", Label: "field.letter_id", Kind: Select, Dynamic: "letters", Group: "grp.action_links", Help: "help.action_links"},
			{Name: "event_id", Label: "field.event_id", Kind: Select, Dynamic: "events"},
			{Name: "source_id", Label: "field.source_id", Kind: Select, Dynamic: "sources"},
			sensitivityField(),
		}
	},
	Values: func(a *vigil.CampaignAction) url.Values {
		v := url.Values{}
		v.Set("campaign_id", idOrEmpty(a.CampaignID))
		v.Set("kind", string(a.Kind))
		setNames(v, "title", a.Title, "ko", "en")
		setNames(v, "summary", a.Summary, "ko", "en")
		v.Set("date", a.Date)
		v.Set("letter_id", id64(a.LetterID))
		v.Set("event_id", id64(a.EventID))
		v.Set("source_id", id64(a.SourceID))
		v.Set("sensitivity", string(a.Sensitivity))
		return v
	},
	Apply: func(v url.Values, a *vigil.CampaignAction) vigil.Problems {
		p := vigil.Problems{}
		a.CampaignID = reqID(v, "campaign_id", p)
		a.Kind = vigil.ActionKind(v.Get("kind"))
		getNames(v, "title", &a.Title, "ko", "en")
		getNames(v, "summary", &a.Summary, "ko", "en")
		a.Date = v.Get("date")
		a.LetterID = optID(v, "letter_id", p)
		a.EventID = optID(v, "event_id", p)
		a.SourceID = optID(v, "source_id", p)
		a.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// Outcome edits an outcome in Outcome Harvesting form: what changed, who
// changed it, when, its significance, the coalition's contribution, and
// the sources that show it.
var Outcome = Codec[vigil.Outcome]{
	Spec: func(vals url.Values) []Field {
		fs := []Field{
			{Name: "campaign_id", Label: "field.campaign_id", Kind: Select, Required: true, Dynamic: "campaigns", Group: "grp.outcome"},
			{Name: "ask_id", Label: "field.ask_id", Kind: Select, Dynamic: "asks", Help: "help.outcome_ask"},
			{Name: "change.ko", Label: "field.change.ko", Kind: TextArea, Lang: "ko", Help: "help.change"},
			{Name: "change.en", Label: "field.change.en", Kind: TextArea, Lang: "en"},
			{Name: "changed_by_id", Label: "field.changed_by_id", Kind: Select, Dynamic: "actors", Group: "grp.outcome_who", Help: "help.changed_by"},
			{Name: "changed_by", Label: "field.changed_by", Kind: Text},
			{Name: "date", Label: "field.outcome_date", Kind: Text, Required: true, Help: "help.action_date", Autocomplete: "off"},
			{Name: "significance.ko", Label: "field.significance.ko", Kind: TextArea, Lang: "ko", Group: "grp.outcome_why", Help: "help.significance"},
			{Name: "significance.en", Label: "field.significance.en", Kind: TextArea, Lang: "en"},
			{Name: "contribution.ko", Label: "field.contribution.ko", Kind: TextArea, Lang: "ko", Help: "help.contribution"},
			{Name: "contribution.en", Label: "field.contribution.en", Kind: TextArea, Lang: "en"},
		}
		fs = append(fs, idRows(vals, "source_ids", "field.evidence", "sources", "grp.evidence", "help.outcome_sources", 2)...)
		return append(fs, sensitivityField())
	},
	Values: func(o *vigil.Outcome) url.Values {
		v := url.Values{}
		v.Set("campaign_id", idOrEmpty(o.CampaignID))
		v.Set("ask_id", id64(o.AskID))
		setNames(v, "change", o.Change, "ko", "en")
		v.Set("changed_by_id", id64(o.ChangedByID))
		v.Set("changed_by", o.ChangedBy)
		v.Set("date", o.Date)
		setNames(v, "significance", o.Significance, "ko", "en")
		setNames(v, "contribution", o.Contribution, "ko", "en")
		setIDs(v, "source_ids", o.SourceIDs)
		v.Set("sensitivity", string(o.Sensitivity))
		return v
	},
	Apply: func(v url.Values, o *vigil.Outcome) vigil.Problems {
		p := vigil.Problems{}
		o.CampaignID = reqID(v, "campaign_id", p)
		o.AskID = optID(v, "ask_id", p)
		getNames(v, "change", &o.Change, "ko", "en")
		o.ChangedByID = optID(v, "changed_by_id", p)
		o.ChangedBy = v.Get("changed_by")
		o.Date = v.Get("date")
		getNames(v, "significance", &o.Significance, "ko", "en")
		getNames(v, "contribution", &o.Contribution, "ko", "en")
		o.SourceIDs = getIDs(v, "source_ids", p)
		o.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// idOrEmpty formats a required id, "" while unset.
func idOrEmpty(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// reqID parses a required id; a missing one is left to the validator
// (0), a malformed one is a problem.
func reqID(v url.Values, name string, p vigil.Problems) int64 {
	if id := optID(v, name, p); id != nil {
		return *id
	}
	return 0
}
