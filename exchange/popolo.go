package exchange

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vigil"
)

// Popolo JSON (popoloproject.com): persons, organizations, posts and
// memberships. Ids are strings ("person-3", "organization-1", "post-2")
// as Popolo wants; names are in English (else Korean), and every
// language's name is also an other_name with its lang.

type popoloDoc struct {
	Persons       []popoloPerson     `json:"persons"`
	Organizations []popoloOrg        `json:"organizations"`
	Posts         []popoloPost       `json:"posts"`
	Memberships   []popoloMembership `json:"memberships"`
}

type popoloName struct {
	Name string `json:"name"`
	Lang string `json:"lang,omitempty"`
	Note string `json:"note,omitempty"`
}

type popoloLink struct {
	URL  string `json:"url"`
	Note string `json:"note,omitempty"`
}

type popoloPerson struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	OtherNames     []popoloName       `json:"other_names"`
	Identifiers    []vigil.Identifier `json:"identifiers"`
	Links          []popoloLink       `json:"links"`
	Classification string             `json:"vigil_classification,omitempty"`
	CountryCode    string             `json:"vigil_country_code,omitempty"`
	// Pseudonym says that the name is a pseudonym standing for a
	// protected person.
	Pseudonym   bool              `json:"vigil_pseudonym,omitempty"`
	Sensitivity vigil.Sensitivity `json:"vigil_sensitivity"`
}

type popoloOrg struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	Classification string             `json:"classification,omitempty"`
	ParentID       string             `json:"parent_id,omitempty"`
	OtherNames     []popoloName       `json:"other_names"`
	Identifiers    []vigil.Identifier `json:"identifiers"`
	Links          []popoloLink       `json:"links"`
	CountryCode    string             `json:"vigil_country_code,omitempty"`
	Sensitivity    vigil.Sensitivity  `json:"vigil_sensitivity"`
}

type popoloPost struct {
	ID             string            `json:"id"`
	Label          string            `json:"label"`
	OtherLabels    []popoloName      `json:"other_label"`
	OrganizationID string            `json:"organization_id"`
	Sensitivity    vigil.Sensitivity `json:"vigil_sensitivity"`
}

type popoloMembership struct {
	ID             string            `json:"id"`
	PersonID       string            `json:"person_id"`
	OrganizationID string            `json:"organization_id"`
	PostID         string            `json:"post_id,omitempty"`
	Role           string            `json:"role,omitempty"`
	OtherRoles     []popoloName      `json:"vigil_role"`
	StartDate      string            `json:"start_date,omitempty"`
	EndDate        string            `json:"end_date,omitempty"`
	Sensitivity    vigil.Sensitivity `json:"vigil_sensitivity"`
}

func popoloID(kind string, id int64) string { return kind + "-" + strconv.FormatInt(id, 10) }

// langNames lists each language's name with its lang.
func langNames(n vigil.Names) []popoloName {
	out := []popoloName{}
	for _, l := range []struct{ lang, s string }{{"en", n.En}, {"ko", n.Ko}, {"zh", n.Zh}} {
		if l.s != "" {
			out = append(out, popoloName{Name: l.s, Lang: l.lang})
		}
	}
	return out
}

// writePopolo writes the actors, posts and memberships of d as one
// Popolo document. A protected person appears as the export shows them:
// under the pseudonym, with vigil_pseudonym set and nothing else of the
// identity.
func writePopolo(w io.Writer, d *vigil.Dataset, _ WriterOptions) error {
	doc := popoloDoc{Persons: []popoloPerson{}, Organizations: []popoloOrg{}, Posts: []popoloPost{}, Memberships: []popoloMembership{}}
	kind := map[int64]vigil.ActorKind{}
	for _, a := range d.Actors {
		kind[a.ID] = a.Kind
		links := []popoloLink{}
		if a.URL != "" {
			links = append(links, popoloLink{URL: a.URL})
		}
		others := langNames(a.Name)
		for _, o := range a.OtherNames {
			others = append(others, popoloName{Name: o.Name, Lang: o.Lang, Note: o.Note})
		}
		ids := a.Identifiers
		if ids == nil {
			ids = []vigil.Identifier{}
		}
		if a.Kind == vigil.ActorPerson {
			doc.Persons = append(doc.Persons, popoloPerson{ID: popoloID("person", a.ID), Name: a.Name.In("en"), OtherNames: others,
				Identifiers: ids, Links: links, Classification: a.Classification, CountryCode: a.CountryCode, Pseudonym: a.Redacted, Sensitivity: a.Sensitivity})
			continue
		}
		o := popoloOrg{ID: popoloID("organization", a.ID), Name: a.Name.In("en"), Classification: a.Classification, OtherNames: others,
			Identifiers: ids, Links: links, CountryCode: a.CountryCode, Sensitivity: a.Sensitivity}
		if a.ParentID != nil {
			o.ParentID = popoloID("organization", *a.ParentID)
		}
		doc.Organizations = append(doc.Organizations, o)
	}
	for _, p := range d.Posts {
		doc.Posts = append(doc.Posts, popoloPost{ID: popoloID("post", p.ID), Label: p.Label.In("en"), OtherLabels: langNames(p.Label),
			OrganizationID: popoloID("organization", p.OrganizationID), Sensitivity: p.Sensitivity})
	}
	for _, m := range d.Memberships {
		pm := popoloMembership{ID: popoloID("membership", m.ID), PersonID: popoloID("person", m.PersonID),
			OrganizationID: popoloID("organization", m.OrganizationID), Role: m.Role.In("en"), OtherRoles: langNames(m.Role),
			StartDate: m.StartDate, EndDate: m.EndDate, Sensitivity: m.Sensitivity}
		if m.PostID != nil {
			pm.PostID = popoloID("post", *m.PostID)
		}
		doc.Memberships = append(doc.Memberships, pm)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// ReadPopolo reads a Popolo JSON document (persons, organizations, posts,
// memberships) into actors, posts and memberships. Ids are keys within
// the file; names in other_names with a lang of en, ko or zh become the
// record's names, the rest other names. A person marked vigil_pseudonym
// is imported under that name, as an ordinary person: the identity
// behind a pseudonym is not in the file. Sensitivity defaults to
// restricted.
func ReadPopolo(r io.Reader) (*vigil.Dataset, error) {
	var doc popoloDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "invalid Popolo JSON: %v", err)
	}
	p := newProblems("Popolo JSON")
	d := &vigil.Dataset{}
	keys := map[string]int64{}
	key := func(where, id string) int64 {
		if id == "" {
			p.add(where+".id", "is required")
			return 0
		}
		if _, dup := keys[id]; dup {
			p.add(where+".id", "%q is used twice", id)
		}
		keys[id] = int64(len(keys) + 1)
		return keys[id]
	}
	ref := func(where, id string) *int64 {
		if id == "" {
			return nil
		}
		k, ok := keys[id]
		if !ok {
			p.add(where, "refers to %q, which is not in the file", id)
			return nil
		}
		return &k
	}
	sens := func(s vigil.Sensitivity) vigil.Sensitivity {
		if s == "" {
			return vigil.Restricted
		}
		return s
	}
	names := func(name string, others []popoloName) (vigil.Names, []vigil.OtherName) {
		var n vigil.Names
		var rest []vigil.OtherName
		for _, o := range others {
			switch {
			case o.Lang == "en" && n.En == "":
				n.En = o.Name
			case o.Lang == "ko" && n.Ko == "":
				n.Ko = o.Name
			case o.Lang == "zh" && n.Zh == "":
				n.Zh = o.Name
			default:
				rest = append(rest, vigil.OtherName{Name: o.Name, Lang: o.Lang, Note: o.Note})
			}
		}
		if n.IsZero() {
			n.En = name
		}
		return n, rest
	}
	for i, o := range doc.Organizations {
		where := fmt.Sprintf("organizations[%d]", i)
		a := &vigil.Actor{Meta: vigil.Meta{ID: key(where, o.ID), Sensitivity: sens(o.Sensitivity)}, Kind: vigil.ActorOrganization,
			Classification: o.Classification, Identifiers: o.Identifiers, CountryCode: o.CountryCode}
		a.Name, a.OtherNames = names(o.Name, o.OtherNames)
		if len(o.Links) > 0 {
			a.URL = o.Links[0].URL
		}
		d.Actors = append(d.Actors, a)
	}
	for i, o := range doc.Organizations {
		d.Actors[i].ParentID = ref(fmt.Sprintf("organizations[%d].parent_id", i), o.ParentID)
	}
	for i, ps := range doc.Persons {
		where := fmt.Sprintf("persons[%d]", i)
		a := &vigil.Actor{Meta: vigil.Meta{ID: key(where, ps.ID), Sensitivity: sens(ps.Sensitivity)}, Kind: vigil.ActorPerson,
			Classification: ps.Classification, Identifiers: ps.Identifiers, CountryCode: ps.CountryCode}
		a.Name, a.OtherNames = names(ps.Name, ps.OtherNames)
		if len(ps.Links) > 0 {
			a.URL = ps.Links[0].URL
		}
		d.Actors = append(d.Actors, a)
	}
	for i, po := range doc.Posts {
		where := fmt.Sprintf("posts[%d]", i)
		post := &vigil.Post{Meta: vigil.Meta{ID: key(where, po.ID), Sensitivity: sens(po.Sensitivity)}}
		post.Label, _ = names(po.Label, po.OtherLabels)
		if org := ref(where+".organization_id", po.OrganizationID); org != nil {
			post.OrganizationID = *org
		}
		d.Posts = append(d.Posts, post)
	}
	for i, m := range doc.Memberships {
		where := fmt.Sprintf("memberships[%d]", i)
		mem := &vigil.Membership{Meta: vigil.Meta{ID: int64(i + 1), Sensitivity: sens(m.Sensitivity)}, StartDate: m.StartDate, EndDate: m.EndDate}
		mem.Role, _ = names(m.Role, m.OtherRoles)
		if strings.TrimSpace(m.Role) == "" && len(m.OtherRoles) == 0 {
			mem.Role = vigil.Names{}
		}
		if pid := ref(where+".person_id", m.PersonID); pid != nil {
			mem.PersonID = *pid
		}
		if oid := ref(where+".organization_id", m.OrganizationID); oid != nil {
			mem.OrganizationID = *oid
		}
		mem.PostID = ref(where+".post_id", m.PostID)
		d.Memberships = append(d.Memberships, mem)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return d, nil
}
