package vigil

import "context"

// DefaultFollowUpDays is how long a cohort may go without a later report
// before it is listed as awaiting follow-up, when a filter gives no
// threshold.
const DefaultFollowUpDays = 30

// FollowUpEvents are the event types after which the people are still
// somewhere we should hear of again: arrested or detained people are
// either released, transferred or sent back, and a cohort whose last
// report is one of these is awaiting news.
var FollowUpEvents = []EventType{EventArrest, EventDetention}

// FollowUpFilter selects the cohorts awaiting follow-up.
type FollowUpFilter struct {
	Page
	// AsOf is the day the wait is measured to, as YYYY-MM-DD; "" means
	// today (UTC, by the store's clock).
	AsOf string
	// Days is the threshold: a cohort is listed once its last report's
	// latest possible day is at least Days days before AsOf. 0 means
	// DefaultFollowUpDays.
	Days int
}

// FollowUpSorts lists the orders follow-ups can be listed in: "since"
// (the longest wait first, the default) or "-since".
var FollowUpSorts = []string{"since"}

// FollowUpDue is a same_cohort chain whose last report is an arrest or
// detention, with no later report in the chain and no follow_up_of link
// to any of its incidents, for at least the filter's Days.
type FollowUpDue struct {
	// Incident is the chain's last report (the latest earliest day; on a
	// tie, the highest id).
	Incident *Incident `json:"incident"`
	// Since is the last report's latest possible day (YYYY-MM-DD): the
	// wait is counted from it, so an imprecise date never overstates it.
	Since string `json:"since"`
	// Days is the number of days from Since to AsOf.
	Days int `json:"days"`
	// CohortSize is the number of incidents in the chain the viewer sees.
	CohortSize int `json:"cohort_size"`
}

// CohortService answers questions about same_cohort chains: the people
// reported as arrested, then detained, then repatriated. Like every read,
// it sees only what the viewer's clearance allows, so a later report the
// viewer may not see does not hide a cohort from them (nor reveal itself).
type CohortService interface {
	// FindCohort returns the visible incidents of the same_cohort chain of
	// incident id, by earliest day (undated last), then id. ENOTFOUND when
	// incident id is not visible.
	FindCohort(ctx context.Context, id int64) ([]*Incident, error)
	// FindFollowUpsDue lists the chains awaiting follow-up, the longest
	// wait first, and their count. EINVALID for a bad AsOf, a negative
	// Days or a bad page.
	FindFollowUpsDue(ctx context.Context, f FollowUpFilter) ([]*FollowUpDue, int, error)
}
