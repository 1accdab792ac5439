package publish

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"vigil"
)

// ArchivesFrom returns an Options.Archives that reads the newest
// snapshot of each source from the monitoring records. It asks as the
// anonymous viewer: a snapshot the public may not see gives no hash.
func ArchivesFrom(m vigil.MonitorService) func(ctx context.Context, sourceIDs []int64) (map[int64]Archive, error) {
	return func(ctx context.Context, ids []int64) (map[int64]Archive, error) {
		ctx = vigil.WithViewer(ctx, vigil.Anonymous)
		out := map[int64]Archive{}
		for _, id := range ids {
			sn, _, err := m.FindSnapshots(ctx, vigil.SnapshotFilter{SourceID: &id, Page: vigil.Page{Limit: 1, Sort: "-retrieved_at"}})
			if err != nil {
				return nil, fmt.Errorf("publish: snapshots of source %d: %w", id, err)
			}
			if len(sn) == 1 && isPublic(sn[0].Meta) {
				out[id] = Archive{SHA256: sn[0].SHA256, RetrievedAt: sn[0].RetrievedAt.UTC()}
			}
		}
		return out, nil
	}
}

// CampaignsFrom returns an Options.Campaigns that projects the public
// campaigns of the advocacy records: title, goal, deadline, the public
// steps of their timeline and their public outcomes, each with a public
// source when one is named. Asks, letters, signatures, events and notes
// stay out. It reads as the anonymous viewer.
func CampaignsFrom(a vigil.AdvocacyService) func(ctx context.Context, d *Data) ([]*Campaign, error) {
	return func(ctx context.Context, d *Data) ([]*Campaign, error) {
		ctx = vigil.WithViewer(ctx, vigil.Anonymous)
		var out []*Campaign
		for off := 0; ; off += vigil.MaxLimit {
			cs, n, err := a.FindCampaigns(ctx, vigil.CampaignFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
			if err != nil {
				return nil, fmt.Errorf("publish: campaigns: %w", err)
			}
			for _, c := range cs {
				pc, err := projectCampaign(ctx, a, d, c)
				if err != nil {
					return nil, err
				}
				if pc != nil {
					out = append(out, pc)
				}
			}
			if off+len(cs) >= n || len(cs) == 0 {
				break
			}
		}
		slices.SortFunc(out, func(x, y *Campaign) int { return cmp.Or(cmp.Compare(y.Start, x.Start), cmp.Compare(x.ID, y.ID)) })
		return out, nil
	}
}

func projectCampaign(ctx context.Context, a vigil.AdvocacyService, d *Data, c *vigil.Campaign) (*Campaign, error) {
	if !isPublic(c.Meta) {
		return nil, nil
	}
	pc := &Campaign{ID: c.ID, Title: c.Title, Summary: c.Goal, End: c.Deadline, Steps: []CampaignStep{}, Outcomes: []CampaignStep{}}
	publicSource := func(id *int64) *Source {
		if id == nil {
			return nil
		}
		return d.Source(*id)
	}
	acts, _, err := a.FindActions(ctx, vigil.ActionFilter{CampaignID: &c.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, fmt.Errorf("publish: actions of campaign %d: %w", c.ID, err)
	}
	for _, act := range acts {
		if !isPublic(act.Meta) {
			continue
		}
		pc.Steps = append(pc.Steps, CampaignStep{Date: act.Date, Text: act.Title, Source: publicSource(act.SourceID), sort: act.DateStart})
	}
	outs, _, err := a.FindOutcomes(ctx, vigil.OutcomeFilter{CampaignID: &c.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, fmt.Errorf("publish: outcomes of campaign %d: %w", c.ID, err)
	}
	for _, o := range outs {
		if !isPublic(o.Meta) {
			continue
		}
		step := CampaignStep{Date: o.Date, Text: o.Change, sort: o.DateStart}
		if o.ChangedByID != nil {
			if who := d.Actor(*o.ChangedByID); who != nil {
				step.By = who.Name
			}
		} else {
			step.By = vigil.Names{En: o.ChangedBy}
		}
		for _, id := range o.SourceIDs {
			if s := publicSource(&id); s != nil {
				step.Source = s
				break
			}
		}
		pc.Outcomes = append(pc.Outcomes, step)
	}
	byDate := func(x, y CampaignStep) int { return cmp.Compare(x.sort, y.sort) }
	slices.SortStableFunc(pc.Steps, byDate)
	slices.SortStableFunc(pc.Outcomes, byDate)
	if len(pc.Steps) > 0 {
		pc.Start = pc.Steps[0].Date
	}
	return pc, nil
}
