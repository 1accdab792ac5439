package api_test

import (
	"fmt"
	"strings"
	"testing"

	"vigil/store/storetest"
)

// TestNoCanaryInResponses plants a canary in every sealed field and reads
// every collection and every planted record through the API: anonymous
// readers and a coalition token see none of them; a restricted token sees
// them (which shows the check can fail). The crawler of the web UI uses
// the same helper (docs/privacy.md).
func TestNoCanaryInResponses(t *testing.T) {
	f := mustFixture(t)
	c := storetest.PlantCanaries(t, f.st)
	paths := []string{}
	for _, res := range []string{"sources", "claims", "incidents", "incident-links", "places", "actors", "posts", "memberships",
		"instruments", "provisions", "state-parties", "violations"} {
		paths = append(paths, "/api/v1/"+res+"?limit=500")
	}
	records := []struct {
		res string
		id  int64
	}{
		{"actors", c.ProtectedPublic}, {"actors", c.ProtectedCoalition}, {"actors", c.RestrictedActor},
		{"sources", c.RestrictedSource}, {"claims", c.RestrictedClaim},
		{"incidents", c.PublicIncident}, {"incidents", c.RestrictedIncident}, {"incident-links", c.RestrictedLink},
		{"places", c.RestrictedPlace}, {"posts", c.RestrictedPost}, {"memberships", c.RestrictedMembership},
		{"violations", c.RestrictedViolation},
	}
	for _, r := range records {
		paths = append(paths, fmt.Sprintf("/api/v1/%s/%d", r.res, r.id))
	}
	paths = append(paths, "/api/v1/stats?event=repatriation&from=2024-01-01&to=2024-12-31",
		// Advocacy, monitoring and the audit log: a signatory's identity,
		// an invitation's person and label, a restricted archive; the
		// log carries sealed fields as ciphertexts only.
		"/api/v1/signatures?limit=500", fmt.Sprintf("/api/v1/signatures/%d", c.Signature),
		fmt.Sprintf("/api/v1/letters/%d/invitations", c.Letter),
		"/api/v1/archives?limit=500", fmt.Sprintf("/api/v1/archives/%d", c.RestrictedSnapshot),
		"/api/osdi/v1/signatures", "/api/osdi/v1/people", fmt.Sprintf("/api/osdi/v1/signatures/%d", c.Signature),
		"/api/v1/audit?limit=500")
	for _, res := range []string{"campaigns", "asks", "campaign-actions", "outcomes", "events", "photos", "letters", "deliveries", "reports"} {
		paths = append(paths, "/api/v1/"+res+"?limit=500")
	}
	a := c.Advocacy
	for _, p := range []string{"campaigns/%d", "asks/%d", "asks/%d/history", "campaign-actions/%d", "outcomes/%d", "events/%d", "photos/%d",
		"letters/%d", "letters/%d/versions", "letters/%d/comments", "letters/%d/document", "deliveries/%d", "reports/%d"} {
		id := map[string]int64{"campaigns": a.Campaign, "asks": a.Ask, "campaign-actions": a.Action, "outcomes": a.Outcome, "events": a.Event,
			"photos": a.Photo, "letters": a.Letter, "deliveries": a.Delivery, "reports": a.Report}[strings.Split(p, "/")[0]]
		paths = append(paths, "/api/v1/"+fmt.Sprintf(p, id))
	}
	for _, who := range []struct{ name, token string }{{"anonymous", ""}, {"coalition token", f.read}} {
		t.Run(who.name, func(t *testing.T) {
			for _, p := range paths {
				r := f.do(t, "GET", p, who.token, nil)
				if found := c.Find(string(r.body)); len(found) > 0 {
					t.Errorf("GET %s (%d) shows restricted values %v", p, r.status, found)
				}
			}
		})
	}
	t.Run("restricted token", func(t *testing.T) {
		seen := map[string]bool{}
		for _, p := range paths {
			for _, s := range c.Find(string(f.do(t, "GET", p, f.write, nil).body)) {
				seen[s] = true
			}
		}
		// Second-factor secrets and blob keys never leave the server, not
		// even for a restricted reader; every other canary must show.
		never := map[string]bool{}
		for _, f := range []string{"users.totp_secret", "users.totp_pending", "snapshots.blob_key", "photos.data_key"} {
			for _, s := range c.Fields[f] {
				never[s] = true
				if seen[s] {
					t.Errorf("a restricted reader sees %s %q", f, s)
				}
			}
		}
		if len(seen) != len(c.Strings)-len(never) {
			t.Errorf("a restricted reader sees %d of the %d planted values readers may see", len(seen), len(c.Strings)-len(never))
		}
	})
}
