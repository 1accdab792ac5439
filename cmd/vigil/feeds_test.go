package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vigil/internal/newsroom"
)

func TestFeedsAndArchiveCommands(t *testing.T) {
	news := newsroom.Start()
	t.Cleanup(news.Close)
	vars := map[string]string{"VIGIL_DATA": t.TempDir()}
	cli := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runCLI(t, vars, "", args...)
		if code != want {
			t.Fatalf("vigil %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errOut)
		}
		return out + errOut
	}
	cli(0, "feeds", "add", news.URL+newsroom.KoRSS, "--title", "연합 탈북 소식", "--lang", "ko")
	cli(0, "feeds", "add", news.URL+newsroom.Error500)
	cli(1, "feeds", "add", "ftp://example.org/feed")
	out := cli(0, "feeds", "poll")
	if !strings.Contains(out, "failed") || !strings.Contains(out, "refused") && !strings.Contains(out, "not allowed") {
		t.Fatalf("without --allow-loopback the newsroom must be refused:\n%s", out)
	}
	out = cli(0, "feeds", "poll", "--allow-loopback")
	if !strings.Contains(out, "3 entries, 3 new, 2 to the inbox") || !strings.Contains(out, "500 Internal Server Error") {
		t.Fatalf("poll:\n%s", out)
	}
	if out := cli(0, "feeds", "list"); !strings.Contains(out, newsroom.KoRSS) || !strings.Contains(out, "500") {
		t.Fatalf("list:\n%s", out)
	}
	if out := cli(0, "feeds", "rules"); !strings.Contains(out, "강제북송") {
		t.Fatalf("rules:\n%s", out)
	}

	cli(1, "archive", news.ArticleURL("ko-tumen-repatriation"))
	out = cli(0, "archive", news.ArticleURL("ko-tumen-repatriation"), "--allow-loopback")
	m := regexp.MustCompile(`blob\s+([0-9a-f]{64}) \(encrypted\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("archive:\n%s", out)
	}
	if out := cli(0, "archive", "verify"); !strings.Contains(out, "1 blobs") || !strings.Contains(out, "0 problems") {
		t.Fatalf("verify:\n%s", out)
	}
	blob := filepath.Join(vars["VIGIL_DATA"], "blobs", "sha256", m[1][:2], m[1])
	if err := os.WriteFile(blob, []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := cli(1, "archive", "verify"); !strings.Contains(out, "CHANGED  "+m[1]) {
		t.Fatalf("verify after tampering:\n%s", out)
	}
	if err := os.Remove(blob); err != nil {
		t.Fatal(err)
	}
	if out := cli(1, "archive", "verify"); !strings.Contains(out, "MISSING  "+m[1]) {
		t.Fatalf("verify after removal:\n%s", out)
	}
}
