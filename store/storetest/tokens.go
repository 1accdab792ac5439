package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"vigil"
	"vigil/figure"
)

var secretFormat = regexp.MustCompile(`^vgl_[a-z2-7]{52}$`)

func testTokens(t *testing.T, open Opener) {
	t.Run("create, authenticate, revoke", func(t *testing.T) {
		s := open(t)
		ctx := As(Admin)
		tk := &vigil.Token{Name: "ingest bot", Scope: vigil.ScopeWrite, Clearance: vigil.Coalition}
		secret, err := s.CreateToken(ctx, tk)
		MustOK(t, err, "create token")
		if !secretFormat.MatchString(secret) || tk.ID <= 0 || tk.Prefix != secret[4:12] || tk.CreatedAt.IsZero() {
			t.Fatalf("secret %q token %+v", secret, tk)
		}
		sum := sha256.Sum256([]byte(secret))
		if got := QueryString(t, s, "SELECT hash FROM api_tokens WHERE id = ?", tk.ID); got != hex.EncodeToString(sum[:]) {
			t.Fatalf("stored hash %q is not the SHA-256 of the secret", got)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE data LIKE ? OR data LIKE ?", "%"+secret[4:]+"%", "%"+hex.EncodeToString(sum[:])+"%"); n != 0 {
			t.Fatal("the audit log holds the secret or its hash")
		}
		if e := lastEntry(t, s); e.Entity != "api_tokens" || e.EntityID != tk.ID {
			t.Fatalf("token creation not audited: %+v", e)
		}

		got, err := s.AuthenticateToken(As(Anonymous), secret)
		MustOK(t, err, "authenticate")
		if got.ID != tk.ID || got.Scope != vigil.ScopeWrite || got.Clearance != vigil.Coalition || got.LastUsedAt == nil {
			t.Fatalf("authenticated %+v", got)
		}
		if v := got.Viewer(); v.Role != vigil.RoleEditor || v.Clearance != vigil.Coalition {
			t.Fatalf("viewer %+v", v)
		}
		n := AuditCount(t, s)
		_, err = s.AuthenticateToken(As(Anonymous), secret)
		MustOK(t, err, "authenticate again")
		if AuditCount(t, s) != n {
			t.Fatal("authentication wrote an audit entry")
		}

		for _, bad := range []string{"", "vgl_", secret[:len(secret)-1] + "a", strings.ToUpper(secret), "xyz_" + secret[4:], secret + "a"} {
			if bad == secret {
				continue
			}
			_, err := s.AuthenticateToken(As(Anonymous), bad)
			MustCode(t, err, vigil.EUNAUTHORIZED, fmt.Sprintf("authenticate %q", bad))
		}

		MustOK(t, s.RevokeToken(ctx, tk.ID), "revoke")
		_, err = s.AuthenticateToken(As(Anonymous), secret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "authenticate revoked")
		MustOK(t, s.RevokeToken(ctx, tk.ID), "revoke twice")
		MustCode(t, s.RevokeToken(ctx, 999999), vigil.ENOTFOUND, "revoke missing")
		list, err := s.FindTokens(ctx)
		MustOK(t, err, "find tokens")
		if len(list) != 1 || list[0].RevokedAt == nil || list[0].Prefix != tk.Prefix {
			t.Fatalf("tokens %+v", list)
		}
		MustVerify(t, s)
	})
	t.Run("admin only", func(t *testing.T) {
		s := open(t)
		for _, v := range []vigil.Viewer{Editor, Contributor, Staff, Anonymous} {
			_, err := s.CreateToken(As(v), &vigil.Token{Name: "x"})
			MustCode(t, err, vigil.EFORBIDDEN, "create token as "+v.Actor)
			_, err = s.FindTokens(As(v))
			MustCode(t, err, vigil.EFORBIDDEN, "list tokens as "+v.Actor)
			MustCode(t, s.RevokeToken(As(v), 1), vigil.EFORBIDDEN, "revoke token as "+v.Actor)
		}
		lesser := Admin
		lesser.Clearance = vigil.Coalition
		_, err := s.CreateToken(As(lesser), &vigil.Token{Name: "escalate", Clearance: vigil.Restricted})
		MustField(t, err, "clearance", "above your own clearance")
		_, err = s.CreateToken(As(Admin), &vigil.Token{Name: " ", Scope: "delete"})
		MustField(t, err, "name", "required")
		MustField(t, err, "scope", "not read or write")
		if QueryInt(t, s, "SELECT COUNT(*) FROM api_tokens") != 0 {
			t.Fatal("a refused token was stored")
		}
	})
}

func testConcurrency(t *testing.T, open Opener) {
	t.Run("concurrent writers", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		const writers, each = 8, 5
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for g := 0; g < writers; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for n := 0; n < each; n++ {
					c := NewClaim(w.Relay, w.Baishan200, "about 200", vigil.EventRepatriation, "2024-04-26")
					c.Quote = fmt.Sprintf("writer %d claim %d", g, n)
					c.Sensitivity = vigil.Coalition
					if err := s.CreateClaim(As(Contributor), c); err != nil {
						errs <- fmt.Errorf("writer %d claim %d: %w", g, n, err)
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if t.Failed() {
			return
		}
		if got := Reload(t, s, w.Baishan200); got.ClaimCount != 1+writers*each {
			t.Fatalf("incident counts %d claims, want %d", got.ClaimCount, 1+writers*each)
		}
		v := MustVerify(t, s)
		if v.Entries != int64(AuditCount(t, s)) {
			t.Fatalf("verified %d entries of %d", v.Entries, AuditCount(t, s))
		}
	})
	t.Run("concurrent updates of one version", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		const writers = 6
		var wg sync.WaitGroup
		codes := make(chan string, writers)
		for g := 0; g < writers; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				i := *w.Oct9
				i.VictimGroup = fmt.Sprintf("writer %d", g)
				codes <- vigil.ErrorCode(s.UpdateIncident(As(Editor), &i))
			}(g)
		}
		wg.Wait()
		close(codes)
		ok, conflicts := 0, 0
		for c := range codes {
			switch c {
			case "":
				ok++
			case vigil.ECONFLICT:
				conflicts++
			default:
				t.Errorf("update failed with %s", c)
			}
		}
		if ok != 1 || conflicts != writers-1 {
			t.Fatalf("%d updates succeeded and %d conflicted, want 1 and %d", ok, conflicts, writers-1)
		}
		if Reload(t, s, w.Oct9).Version != 2 {
			t.Fatalf("version %d after one successful update", w.Oct9.Version)
		}
		MustVerify(t, s)
	})
}

func testLists(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	ctx := As(Admin)
	t.Run("paging and total", func(t *testing.T) {
		page, n, err := s.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Limit: 3, Offset: 3, Sort: "name"}})
		MustOK(t, err, "page")
		if n != 7 || len(page) != 3 {
			t.Fatalf("%d places of %d, want 3 of 7", len(page), n)
		}
		all, _, err := s.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Sort: "name"}})
		MustOK(t, err, "all")
		for i := 1; i < len(all); i++ {
			if strings.ToLower(all[i-1].Names.En) > strings.ToLower(all[i].Names.En) {
				t.Fatalf("places not sorted by name: %q before %q", all[i-1].Names.En, all[i].Names.En)
			}
		}
		if page[0].ID != all[3].ID {
			t.Fatal("the page does not match the full list")
		}
		desc, _, err := s.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Sort: "-name"}})
		MustOK(t, err, "desc")
		if desc[0].ID != all[len(all)-1].ID {
			t.Fatal("descending sort is not the reverse")
		}
		past, n, err := s.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Offset: 100}})
		MustOK(t, err, "past the end")
		if len(past) != 0 || n != 7 || past == nil {
			t.Fatalf("past the end: %v of %d", past, n)
		}
	})
	t.Run("nulls sort last both ways", func(t *testing.T) {
		bare := MustCreate(t, s.CreateIncident, NewIncident("수치 없음", vigil.EventRepatriation, nil))
		for _, sort := range []string{"best", "-best"} {
			list, _, err := s.FindIncidents(ctx, vigil.IncidentFilter{Page: vigil.Page{Sort: sort}})
			MustOK(t, err, "sort "+sort)
			if list[len(list)-1].ID != bare.ID {
				t.Fatalf("sort %s: incident without figure is not last", sort)
			}
			if sort == "-best" && list[0].ID != w.Oct9.ID {
				t.Fatalf("sort -best: first is %d, want %d", list[0].ID, w.Oct9.ID)
			}
		}
	})
	t.Run("incident filters", func(t *testing.T) {
		cases := []struct {
			name string
			f    vigil.IncidentFilter
			want []int64
		}{
			{"event", vigil.IncidentFilter{Event: vigil.EventArrest}, ids(w.Nanning60)},
			{"window", vigil.IncidentFilter{From: "2024-04-26", To: "2024-04-30"}, ids(w.Baishan200, w.More50)},
			{"ids", vigil.IncidentFilter{IDs: []int64{w.Oct9.ID, w.Nanning60.ID}}, ids(w.Oct9, w.Nanning60)},
			{"place tree", vigil.IncidentFilter{PlaceID: &w.Guangxi.ID}, ids(w.Nanning60)},
			{"title in Korean", vigil.IncidentFilter{Query: "바이산"}, ids(w.Baishan200)},
			{"sensitivity", vigil.IncidentFilter{Sensitivity: vigil.Restricted}, nil},
		}
		for _, tt := range cases {
			t.Run(tt.name, func(t *testing.T) {
				list, n, err := s.FindIncidents(ctx, tt.f)
				MustOK(t, err, "find incidents")
				got := make([]int64, len(list))
				for i, x := range list {
					got[i] = x.ID
				}
				if n != len(tt.want) || fmt.Sprint(sorted(got)) != fmt.Sprint(tt.want) {
					t.Fatalf("got %v (count %d), want %v", got, n, tt.want)
				}
			})
		}
	})
	t.Run("claim filters", func(t *testing.T) {
		free := NewClaim(w.Relay, nil, "dozens", vigil.EventDetention, "2024-03")
		MustCreate(t, s.CreateClaim, free)
		if free.Interval.Best != 30 || free.Figure.Qualifier != figure.Vague {
			t.Fatalf("vague claim interval %+v", free.Interval)
		}
		list, n, err := s.FindClaims(ctx, vigil.ClaimFilter{Unassigned: true})
		MustOK(t, err, "unassigned claims")
		if n != 1 || list[0].ID != free.ID || list[0].IncidentID != nil {
			t.Fatalf("unassigned: %d", n)
		}
		_, n, err = s.FindClaims(ctx, vigil.ClaimFilter{SourceID: &w.Release.ID, Page: vigil.Page{Sort: "-best"}})
		MustOK(t, err, "claims of a source")
		if n != 3 {
			t.Fatalf("%d claims of the release, want 3", n)
		}
	})
	t.Run("source filters", func(t *testing.T) {
		_, n, err := s.FindSources(ctx, vigil.SourceFilter{Publisher: "daily", Language: "ko", Kind: vigil.SourceArticle})
		MustOK(t, err, "sources by publisher")
		if n != 1 {
			t.Fatalf("%d sources by Daily NK", n)
		}
		_, n, err = s.FindSources(ctx, vigil.SourceFilter{Query: "100%_"})
		MustOK(t, err, "wildcards are literal")
		if n != 0 {
			t.Fatalf("LIKE wildcards in a query matched %d sources", n)
		}
	})
}
