package ui_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"vigil"
	"vigil/auth"
	"vigil/feed"
	"vigil/httpserver"
	"vigil/internal/newsroom"
	"vigil/store/storetest"
)

// offsetClock is the real time moved forward in whole TOTP steps, so a
// test can get a code the store has not seen yet without waiting.
type offsetClock struct {
	mu  sync.Mutex
	off time.Duration
}

// Now returns the moved time.
func (c *offsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.off)
}

// step moves the clock to the next 30-second TOTP step.
func (c *offsetClock) step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += 30 * time.Second
}

// accounts are the real accounts and sessions of a workspace: one account
// per role of the route × role table, with the clearance the table's
// injected viewers have, signed in once; throwaway accounts for the rows
// that end or change a session.
type accounts struct {
	clock    *offsetClock
	mu       sync.Mutex
	sessions map[string]string // role → a full session's secret
	n        int               // throwaway accounts made
}

// roleUser is the role and clearance of a table role's account.
var roleUser = map[string]struct {
	role      vigil.Role
	clearance vigil.Sensitivity
}{
	"viewer":      {vigil.RoleViewer, vigil.Public},
	"contributor": {vigil.RoleContributor, vigil.Coalition},
	"editor":      {vigil.RoleEditor, vigil.Restricted},
	"admin":       {vigil.RoleAdmin, vigil.Restricted},
}

// signIn creates an account for the table role under email and returns
// a full session's secret: a password sign-in, with a second factor set
// up for the roles that need one.
func (w *workspace) signIn(role, email string) string {
	w.t.Helper()
	ru, ok := roleUser[role]
	if !ok {
		w.t.Fatalf("no account for role %q", role)
	}
	storetest.MustUser(w.t, w.st, email, ru.role, ru.clearance)
	se, secret := storetest.MustLogin(w.t, w.st, email)
	switch se.Stage {
	case vigil.StageFull:
		return secret
	case vigil.StageEnrol:
		e, err := w.st.PendingTOTP(as(anonymous), secret)
		if err != nil {
			w.t.Fatal(err)
		}
		_, full, err := w.st.ConfirmTOTP(as(anonymous), secret, w.code(e.Secret), vigil.Client{})
		if err != nil {
			w.t.Fatal(err)
		}
		return full
	}
	w.t.Fatalf("sign-in of %s stopped at %s", email, se.Stage)
	return ""
}

// code is the TOTP code of secret at the store's time.
func (w *workspace) code(secret string) string {
	w.t.Helper()
	c, err := auth.TOTPCode(secret, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// session returns the secret of the role's shared session ("" for
// anonymous), signing its account in on first use. Rows that would end
// or replace it use fresh instead.
func (w *workspace) session(role string) string {
	w.t.Helper()
	if role == "anonymous" {
		return ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sessions == nil {
		w.sessions = map[string]string{}
	}
	if s, ok := w.sessions[role]; ok {
		return s
	}
	s := w.signIn(role, role+"@example.org")
	w.sessions[role] = s
	return s
}

// fresh signs in a new throwaway account of the role and returns its
// session's secret ("" for anonymous).
func (w *workspace) fresh(role string) string {
	w.t.Helper()
	if role == "anonymous" {
		return ""
	}
	return w.signIn(role, w.email(role))
}

// email is a new address for a throwaway account.
func (w *workspace) email(prefix string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	return fmt.Sprintf("%s-%d@example.org", prefix, w.n)
}

// sessionID is the id of the session with this secret.
func (w *workspace) sessionID(secret string) int64 {
	w.t.Helper()
	se, _, err := w.st.LookupSession(context.Background(), secret)
	if err != nil {
		w.t.Fatal(err)
	}
	return se.ID
}

// pending returns a session waiting for its second factor, and the code
// that finishes it: an editor with a second factor signs in again one
// TOTP step later.
func (w *workspace) pending() (secret, code string) {
	w.t.Helper()
	email := w.email("pending")
	storetest.MustUser(w.t, w.st, email, vigil.RoleEditor, vigil.Restricted)
	se, s := storetest.MustLogin(w.t, w.st, email)
	e, err := w.st.PendingTOTP(as(anonymous), s)
	if err != nil || se.Stage != vigil.StageEnrol {
		w.t.Fatalf("enrolment of %s: stage %s, %v", email, se.Stage, err)
	}
	if _, _, err := w.st.ConfirmTOTP(as(anonymous), s, w.code(e.Secret), vigil.Client{}); err != nil {
		w.t.Fatal(err)
	}
	w.clock.step()
	se, s = storetest.MustLogin(w.t, w.st, email)
	if se.Stage != vigil.StageTOTP {
		w.t.Fatalf("second sign-in of %s: stage %s", email, se.Stage)
	}
	return s, w.code(e.Secret)
}

// cookie is the header pair that sends a session's secret, or nothing.
func cookie(secret string) []string {
	if secret == "" {
		return nil
	}
	return []string{"Cookie", httpserver.SessionCookie + "=" + secret}
}

// feedItem stores a new inbox item of the workspace's feed, a story on
// the newsroom (which the archive can fetch) with one count of people,
// and returns its id, version and the start of its candidate claim.
func (w *workspace) feedItem(tag string) (id int64, version, start int) {
	w.t.Helper()
	a := newsroom.EnArticles[1]
	tag = strings.TrimSuffix(w.email(tag), "@example.org") // items are unique by address and content
	it := &vigil.FeedItem{URL: w.news.ArticleURL(a.Slug) + "?for=" + tag, Title: a.Title + " (" + tag + ")", Text: a.Body, Language: "en",
		ContentHash: feed.ContentHash(a.Title+tag, a.Body), Rules: []string{"repatriat*"}}
	ctx := vigil.WithViewer(context.Background(), feed.PollerViewer)
	out, err := w.st.RecordPoll(ctx, &vigil.FeedPoll{FeedID: w.feed.ID, Status: 200, NextPollAt: w.clock.Now().Add(time.Hour), Items: []*vigil.FeedItem{it}})
	if err != nil {
		w.t.Fatal(err)
	}
	if len(out.ItemIDs) != 1 {
		w.t.Fatalf("the poll stored %d items, want 1", len(out.ItemIDs))
	}
	id = out.ItemIDs[0]
	e, err := w.desk.Entry(as(admin), id)
	if err != nil || len(e.Candidates) == 0 {
		w.t.Fatalf("item %d: %v", id, err)
	}
	return id, e.Item.Version, e.Candidates[0].Start
}
