package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runCLI runs one command line with its own streams and environment.
func runCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb syncBuffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code = run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestFigureAndDateCommands(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"range", []string{"figure", "50-60"}, `{"text":"50-60","qualifier":"range","low":50,"high":60,"interval":{"low":50,"best":55,"high":60}}`},
		{"more than", []string{"figure", "more than 60"}, `{"text":"more than 60","qualifier":"more_than","value":60,"interval":{"low":61,"best":61,"high":null}}`},
		{"korean approx over", []string{"figure", "200여 명"}, `{"text":"200여 명","qualifier":"approx_over","value":200,"interval":{"low":200,"best":200,"high":220}}`},
		{"korean units", []string{"figure", "최소한 1천76명"}, `{"text":"최소한 1천76명","qualifier":"at_least","value":1076,"interval":{"low":1076,"best":1076,"high":null}}`},
		{"unquoted words are joined", []string{"figure", "some", "600"}, `{"text":"some 600","qualifier":"approx","value":600,"interval":{"low":540,"best":600,"high":660}}`},
		{"date after the text", []string{"date", "around April 26", "--ref", "2024-05-20"}, `{"edtf":"2024-04-26~","earliest":"2024-04-26","latest":"2024-04-26"}`},
		{"korean relative day", []string{"date", "--ref", "2023-10-13", "지난 9일"}, `{"edtf":"2023-10-09","earliest":"2023-10-09","latest":"2023-10-09"}`},
		{"korean last year", []string{"date", "지난해 10월", "--ref", "2024-05-20"}, `{"edtf":"2023-10","earliest":"2023-10-01","latest":"2023-10-31"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, "", c.args...)
			if code != 0 || strings.TrimSpace(out) != c.want {
				t.Errorf("exit %d, stdout %s, stderr %s\nwant %s", code, out, errs, c.want)
			}
		})
	}
	t.Run("bad figure names the input and exits 1", func(t *testing.T) {
		code, _, errs := runCLI(t, nil, "", "figure", "about two hundred and")
		if code != 1 || !strings.Contains(errs, `"about two hundred and" is not a number of people`) {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("bad ref is a usage error", func(t *testing.T) {
		code, _, errs := runCLI(t, nil, "", "date", "last month", "--ref", "May 2024")
		if code != 2 || !strings.Contains(errs, "--ref") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands() {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(c.name) + ` `).MatchString(out) {
			t.Errorf("help does not list %s:\n%s", c.name, out)
		}
	}
	if code, _, errs := runCLI(t, nil, "", "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
}

func TestTokenStatsAndAuditOnADataDirectory(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"VIGIL_DATA": dir}
	code, secret, errs := runCLI(t, vars, "", "token", "create", "--name", "ingest", "--scope", "write", "--clearance", "coalition")
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(secret), "vgl_") {
		t.Fatalf("token create: exit %d, out %q, err %q", code, secret, errs)
	}
	code, out, _ := runCLI(t, vars, "", "token", "list")
	if code != 0 || !strings.Contains(out, "ingest") || strings.Contains(out, strings.TrimSpace(secret)) {
		t.Errorf("token list: exit %d, %q (must name the token, never print its secret)", code, out)
	}
	code, out, errs = runCLI(t, vars, "", "stats", "--event", "repatriation", "--from", "2023-10-01", "--to", "2024-05-31")
	if code != 0 {
		t.Fatalf("stats: exit %d, %s", code, errs)
	}
	var st struct {
		Total struct{ Best int } `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Total.Best != 0 {
		t.Errorf("stats of an empty database: %v %s", err, out)
	}
	if code, _, errs := runCLI(t, vars, "", "stats", "--from", "2023-10-01"); code != 2 || !strings.Contains(errs, "--event") {
		t.Errorf("stats without --event: exit %d, %q", code, errs)
	}
	code, out, errs = runCLI(t, vars, "", "audit", "verify")
	if code != 0 || !strings.Contains(out, "intact: 1 entries") {
		t.Errorf("audit verify: exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, _ := runCLI(t, vars, "", "token", "revoke", "1"); code != 0 {
		t.Errorf("token revoke: exit %d", code)
	}
}

// TestServeDemo is the README's first command, end to end: serve --demo
// on a fresh data directory, then ask the API for the seed's totals.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", t.TempDir() + "/fresh"})
	}()
	addrRE := regexp.MustCompile(`serving http://(\S+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(errb.String()); m != nil {
			base = "http://" + m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errb.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", errb.String())
	}
	res, err := http.Get(base + "/api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var st struct {
		Total struct {
			Low, Best int
			High      *int
		} `json:"total"`
		Incidents []int64 `json:"incidents"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if st.Total.Low != 770 || st.Total.Best != 855 || st.Total.High == nil || *st.Total.High != 940 || len(st.Incidents) != 3 {
		t.Errorf("demo totals %s, want 770/855/940 over 3 incidents", body)
	}
	// The demo prints a one-time invitation to sign in as an admin.
	m := regexp.MustCompile(`open (http://\S+/invite/\S+) once`).FindStringSubmatch(errb.String())
	if m == nil {
		t.Fatalf("the demo printed no admin invitation: %s", errb.String())
	}
	res, err = http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), "<form") {
		t.Errorf("the invitation link answered %d without a form", res.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after shutdown: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestServeDemoRefusesADirectoryWithData(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runCLI(t, map[string]string{"VIGIL_DATA": dir}, "", "migrate"); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, _, errs := runCLI(t, nil, "", "serve", "--demo", "--data", dir, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "fresh data directory") {
		t.Errorf("exit %d, %q", code, errs)
	}
}
