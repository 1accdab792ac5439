package store

import (
	"context"
	"fmt"

	"vigil"
)

var places = &table[vigil.Place]{
	name: "places",
	noun: "place",
	cols: []string{"kind", "name_ko", "name_en", "name_zh", "variants", "geonames_id", "lat", "lon", "parent_id", "country_code", "coords"},
	// A restricted place keeps its coordinates in coords, sealed, and
	// NULL in lat/lon, which cannot hold a ciphertext.
	args: func(p *vigil.Place) []any {
		lat, lon, coords := ptrArg(p.Lat), ptrArg(p.Lon), ""
		if p.Sensitivity == vigil.Restricted {
			lat, lon, coords = nil, nil, fmtCoords(p.Lat, p.Lon)
		}
		return []any{string(p.Kind), p.Names.Ko, p.Names.En, p.Names.Zh, jsonArg(p.Variants),
			ptrArg(p.GeoNamesID), lat, lon, ptrArg(p.ParentID), p.CountryCode, coords}
	},
	dest: func(p *vigil.Place) []any {
		return []any{&p.Kind, &p.Names.Ko, &p.Names.En, &p.Names.Zh, jsonCol{&p.Variants},
			i64Ptr{&p.GeoNamesID}, f64Ptr{&p.Lat}, f64Ptr{&p.Lon}, i64Ptr{&p.ParentID}, &p.CountryCode, coordsCol{&p.Lat, &p.Lon}}
	},
	// A restricted place (a safe house, a hiding place) is found by its
	// names and coordinates.
	seal: restrictedOnly(func(p *vigil.Place) *vigil.Meta { return &p.Meta }, func(p *vigil.Place) {
		p.Names, p.Variants, p.Lat, p.Lon = vigil.Names{}, nil, nil, nil
	}, "name_ko", "name_en", "name_zh", "variants", "coords"),
	meta: func(p *vigil.Place) *vigil.Meta { return &p.Meta },
	refs: func(p *vigil.Place) []ref {
		return []ref{refTo("parent_id", "places", "place", p.ParentID)}
	},
	usedBy: []backref{{"places", "parent_id"}, {"claims", "place_id"}, {"incidents", "place_id"}, {"incident_places", "place_id"}, {"events", "place_id"}},
	project: func(p *vigil.Place, _ vigil.Viewer) {
		if p.Variants == nil {
			p.Variants = []string{}
		}
	},
	before: func(ctx context.Context, t *txn, p, cur *vigil.Place) error {
		if cur == nil || p.ParentID == nil {
			return nil
		}
		// The new parent must not lie under the place itself.
		var n int
		if err := t.queryRow(ctx, `WITH RECURSIVE up(id, parent_id) AS (
				SELECT id, parent_id FROM places WHERE id = ?
				UNION
				SELECT p.id, p.parent_id FROM places p JOIN up ON p.id = up.parent_id
			) SELECT COUNT(*) FROM up WHERE id = ?`, *p.ParentID, p.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: check ancestors of place %d: %w", p.ID, err)
		}
		if n > 0 {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid place", Fields: map[string]string{
				"parent_id": fmt.Sprintf("place %d lies under place %d: the parent would make a cycle", *p.ParentID, p.ID)}}
		}
		return nil
	},
}

var placeSorts = map[string]string{
	"name":       "LOWER(COALESCE(NULLIF(" + places.sealedCol("name_en") + ", ''), NULLIF(" + places.sealedCol("name_ko") + ", ''), NULLIF(" + places.sealedCol("name_zh") + ", '')))",
	"kind":       "t.kind",
	"updated_at": "t.updated_at",
}

// FindPlaceByID returns place id if the viewer may see it (ENOTFOUND
// otherwise).
func (s *Store) FindPlaceByID(ctx context.Context, id int64) (*vigil.Place, error) {
	return findByID(ctx, s, places, id)
}

// FindPlaces lists the visible places matching f, and their count. Name
// matches any name or variant.
func (s *Store) FindPlaces(ctx context.Context, f vigil.PlaceFilter) ([]*vigil.Place, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	if f.ParentID != nil {
		w.add("t.parent_id = ?", *f.ParentID)
	}
	if f.Name != "" {
		cols := []string{places.sealedCol("name_ko"), places.sealedCol("name_en"), places.sealedCol("name_zh"), places.sealedCol("variants")}
		w.add(likeAny(cols...), repeatArg(likeArg(f.Name), len(cols))...)
	}
	return findList(ctx, s, places, w, f.Page, placeSorts)
}

// CreatePlace validates and stores a new gazetteer entry.
func (s *Store) CreatePlace(ctx context.Context, p *vigil.Place) (err error) {
	defer restore(p, &err)()
	return create(ctx, s, places, p, p.Validate)
}

// UpdatePlace stores p over the version it carries (ECONFLICT when
// stale). A parent that lies under the place is EINVALID.
func (s *Store) UpdatePlace(ctx context.Context, p *vigil.Place) (err error) {
	defer restore(p, &err)()
	return change(ctx, s, places, p, p.Validate)
}

// DeletePlace deletes a place nothing refers to (ECONFLICT otherwise). It
// needs an editing role.
func (s *Store) DeletePlace(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, places, id, version)
}
