package storetest

import (
	"testing"

	"vigil"
)

// dated returns an unsaved incident of the event with an editor's date.
func dated(title string, event vigil.EventType, date string, sens vigil.Sensitivity) *vigil.Incident {
	return &vigil.Incident{Meta: vigil.Meta{Sensitivity: sens}, Title: vigil.Names{En: title}, Event: event, Date: date, DateBasis: vigil.BasisEditor}
}

// dueIDs lists the incident ids of a follow-up page.
func dueIDs(due []*vigil.FollowUpDue) []int64 {
	ids := []int64{}
	for _, d := range due {
		ids = append(ids, d.Incident.ID)
	}
	return ids
}

func testFollowUp(t *testing.T, open Opener) {
	t.Run("arrest with no later report is due after the threshold", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		cases := []struct {
			name string
			f    vigil.FollowUpFilter
			want []int64
		}{
			{"35 days later", vigil.FollowUpFilter{AsOf: "2024-06-10"}, []int64{w.Nanning60.ID}},
			{"exactly 30 days", vigil.FollowUpFilter{AsOf: "2024-06-05"}, []int64{w.Nanning60.ID}},
			{"29 days", vigil.FollowUpFilter{AsOf: "2024-06-04"}, []int64{}},
			{"threshold is a parameter", vigil.FollowUpFilter{AsOf: "2024-06-10", Days: 40}, []int64{}},
			{"short threshold", vigil.FollowUpFilter{AsOf: "2024-05-13", Days: 7}, []int64{w.Nanning60.ID}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				due, n, err := s.FindFollowUpsDue(As(Anonymous), c.f)
				MustOK(t, err, "follow-ups")
				MustEqualJSON(t, dueIDs(due), c.want, "due incidents")
				if n != len(c.want) {
					t.Fatalf("count %d, want %d", n, len(c.want))
				}
			})
		}
		due, _, err := s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{AsOf: "2024-06-10"})
		MustOK(t, err, "follow-ups")
		if d := due[0]; d.Since != "2024-05-06" || d.Days != 35 || d.CohortSize != 1 || d.Incident.Title.Ko == "" {
			t.Fatalf("due %+v", d)
		}
	})

	t.Run("a later report in the cohort or a follow-up link answers it", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		ctx := As(Editor)
		asOf := vigil.FollowUpFilter{AsOf: "2024-07-31"}

		det := MustCreate(t, s.CreateIncident, dated("detained", vigil.EventDetention, "2024-05-10", vigil.Public))
		MustCreate(t, s.CreateLink, link(w.Nanning60, det, vigil.LinkSameCohort))
		due, _, err := s.FindFollowUpsDue(As(Anonymous), asOf)
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{det.ID}, "the detention is the cohort's last report")
		if due[0].CohortSize != 2 || due[0].Since != "2024-05-10" {
			t.Fatalf("due %+v", due[0])
		}

		rep := MustCreate(t, s.CreateIncident, dated("repatriated", vigil.EventRepatriation, "2024-06-01", vigil.Public))
		l := MustCreate(t, s.CreateLink, link(rep, det, vigil.LinkSameCohort))
		due, _, err = s.FindFollowUpsDue(As(Anonymous), asOf)
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{}, "a later repatriation in the cohort")

		MustOK(t, s.DeleteLink(ctx, l.ID, l.Version), "unlink the repatriation")
		news := MustCreate(t, s.CreateIncident, dated("news of them", vigil.EventOther, "2024-06-20", vigil.Public))
		MustCreate(t, s.CreateLink, link(news, w.Nanning60, vigil.LinkFollowUpOf))
		due, _, err = s.FindFollowUpsDue(As(Anonymous), asOf)
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{}, "a follow_up_of link to a cohort member")
	})

	t.Run("same day: another event answers, a second arrest does not", func(t *testing.T) {
		s := open(t)
		a := MustCreate(t, s.CreateIncident, dated("arrest", vigil.EventArrest, "2024-03-01", vigil.Public))
		b := MustCreate(t, s.CreateIncident, dated("detention", vigil.EventDetention, "2024-03-01", vigil.Public))
		MustCreate(t, s.CreateLink, link(a, b, vigil.LinkSameCohort))
		f := vigil.FollowUpFilter{AsOf: "2024-06-01"}
		due, _, err := s.FindFollowUpsDue(As(Anonymous), f)
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{b.ID}, "one row per cohort, the higher id")

		c := MustCreate(t, s.CreateIncident, dated("sent back", vigil.EventRepatriation, "2024-03-01", vigil.Public))
		MustCreate(t, s.CreateLink, link(c, a, vigil.LinkSameCohort))
		due, _, err = s.FindFollowUpsDue(As(Anonymous), f)
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{}, "a same-day repatriation")
	})

	t.Run("imprecise and missing dates", func(t *testing.T) {
		s := open(t)
		month := MustCreate(t, s.CreateIncident, dated("sometime in May", vigil.EventArrest, "2024-05", vigil.Public))
		MustCreate(t, s.CreateIncident, NewIncident("날짜 없음", vigil.EventArrest, nil))
		// The wait counts from the latest possible day, 31 May.
		due, _, err := s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{AsOf: "2024-06-29"})
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{}, "29 days after 31 May")
		due, _, err = s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{AsOf: "2024-06-30"})
		MustOK(t, err, "follow-ups")
		MustEqualJSON(t, dueIDs(due), []int64{month.ID}, "30 days after 31 May; the undated arrest is never listed")
		if due[0].Since != "2024-05-31" || due[0].Days != 30 {
			t.Fatalf("due %+v", due[0])
		}
	})

	t.Run("clearance", func(t *testing.T) {
		s := open(t)
		pub := MustCreate(t, s.CreateIncident, dated("public arrest", vigil.EventArrest, "2024-01-10", vigil.Public))
		hidden := MustCreate(t, s.CreateIncident, dated("restricted arrest", vigil.EventArrest, "2024-01-05", vigil.Restricted))
		later := MustCreate(t, s.CreateIncident, dated("restricted later report", vigil.EventRelease, "2024-02-01", vigil.Restricted))
		MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, FromID: later.ID, ToID: pub.ID, Kind: vigil.LinkSameCohort})
		f := vigil.FollowUpFilter{AsOf: "2024-06-01"}
		due, n, err := s.FindFollowUpsDue(As(Anonymous), f)
		MustOK(t, err, "follow-ups as anonymous")
		// The public reader sees the public arrest waiting: the later
		// report and the restricted arrest are invisible, and the count
		// says nothing of them either.
		MustEqualJSON(t, dueIDs(due), []int64{pub.ID}, "anonymous")
		if n != 1 || due[0].CohortSize != 1 {
			t.Fatalf("anonymous: count %d, cohort size %d", n, due[0].CohortSize)
		}
		due, _, err = s.FindFollowUpsDue(As(Staff), f)
		MustOK(t, err, "follow-ups as staff")
		MustEqualJSON(t, dueIDs(due), []int64{hidden.ID}, "staff see the later report")
	})

	t.Run("bad filters", func(t *testing.T) {
		s := open(t)
		_, _, err := s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{AsOf: "June 2024"})
		MustField(t, err, "as_of", "not a day")
		_, _, err = s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{Days: -1})
		MustField(t, err, "days", "between")
		_, _, err = s.FindFollowUpsDue(As(Anonymous), vigil.FollowUpFilter{Page: vigil.Page{Sort: "best"}})
		MustField(t, err, "sort", "since")
	})

	t.Run("cohort timeline", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		rep := MustCreate(t, s.CreateIncident, dated("repatriated", vigil.EventRepatriation, "2024-06-01", vigil.Public))
		det := MustCreate(t, s.CreateIncident, dated("detained", vigil.EventDetention, "2024-05-10", vigil.Coalition))
		MustCreate(t, s.CreateLink, link(rep, w.Nanning60, vigil.LinkSameCohort))
		MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, FromID: det.ID, ToID: rep.ID, Kind: vigil.LinkSameCohort})
		ids := func(incs []*vigil.Incident) []int64 {
			out := []int64{}
			for _, i := range incs {
				out = append(out, i.ID)
			}
			return out
		}
		got, err := s.FindCohort(As(Member), rep.ID)
		MustOK(t, err, "cohort as member")
		MustEqualJSON(t, ids(got), []int64{w.Nanning60.ID, det.ID, rep.ID}, "by date")
		got, err = s.FindCohort(As(Anonymous), w.Nanning60.ID)
		MustOK(t, err, "cohort as anonymous")
		MustEqualJSON(t, ids(got), []int64{w.Nanning60.ID, rep.ID}, "visible members only")
		_, err = s.FindCohort(As(Anonymous), det.ID)
		MustCode(t, err, vigil.ENOTFOUND, "cohort of an invisible incident")
		got, err = s.FindCohort(As(Anonymous), w.Oct9.ID)
		MustOK(t, err, "cohort of one")
		MustEqualJSON(t, ids(got), []int64{w.Oct9.ID}, "alone")
	})
}
