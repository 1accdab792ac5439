package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestOpenAPIMatchesTheRoutes calls every operation the document lists
// against the live server and checks that the route exists, that the
// status is one the document promises, and that the body validates
// against the documented schema.
func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	f := mustFixture(t)
	// The demo has no incident links; make one so its routes have a record.
	if r := f.do(t, "POST", "/api/v1/incident-links", f.write, map[string]any{"from_id": 2, "to_id": 1, "kind": "follow_up_of", "sensitivity": "public"}); r.status != 201 {
		t.Fatalf("create link: %d %s", r.status, r.body)
	}
	mustMonitoringData(t, f)
	r := f.do(t, "GET", "/api/v1/openapi.json", "", nil)
	if r.status != 200 {
		t.Fatalf("openapi.json: %d", r.status)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	root := doc.(map[string]any)
	if root["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v, want 3.1.0", root["openapi"])
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	paths := root["paths"].(map[string]any)
	var keys []string
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	if len(keys) < 20 {
		t.Fatalf("only %d paths documented", len(keys))
	}
	ops := 0
	for _, p := range keys {
		for method, opv := range paths[p].(map[string]any) {
			op := opv.(map[string]any)
			ops++
			name := strings.ToUpper(method) + " " + p
			t.Run(name, func(t *testing.T) {
				url := p
				if strings.Contains(url, "{id}") {
					list, _, _ := strings.Cut(p, "/{id}")
					url = strings.Replace(url, "{id}", strconv.FormatInt(firstID(t, f, list), 10), 1)
				}
				url = strings.Replace(url, "{format}", "geojson", 1)
				url = strings.Replace(url, "{sha256}", firstImage(t, f), 1)
				var body any
				switch method {
				case "get":
					url += exampleQuery(p)
				case "post", "patch":
					body = "{}"
				case "delete":
					url += "?version=999"
				}
				res := f.do(t, strings.ToUpper(method), url, f.write, body)
				responses := op["responses"].(map[string]any)
				rdoc, ok := responses[strconv.Itoa(res.status)].(map[string]any)
				if !ok {
					t.Fatalf("status %d is not documented (documented: %v): %s", res.status, keysOf(responses), res.body)
				}
				if res.status == 404 && bytes.Contains(res.body, []byte("no API endpoint")) {
					t.Fatalf("documented route is not served")
				}
				content, ok := rdoc["content"].(map[string]any)
				if !ok {
					return
				}
				if mt, _, _ := strings.Cut(res.header.Get("Content-Type"), ";"); mt != "application/json" {
					// A file (an export, an image): its type is one the
					// document lists.
					if _, ok := content[mt]; !ok {
						t.Fatalf("Content-Type %q is not documented (documented: %v)", mt, keysOf(content))
					}
					return
				}
				ptr := fmt.Sprintf("openapi.json#/paths/%s/%s/responses/%d/content/application~1json/schema", escape(p), method, res.status)
				sch, err := c.Compile(ptr)
				if err != nil {
					t.Fatalf("compile %s: %v", ptr, err)
				}
				_ = content
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.body))
				if err != nil {
					t.Fatalf("body is not JSON: %v", err)
				}
				if err := sch.Validate(inst); err != nil {
					t.Errorf("body does not match the documented schema: %v\n%s", err, res.body)
				}
			})
		}
	}
	if ops < 60 {
		t.Errorf("only %d operations documented", ops)
	}
}

func firstID(t *testing.T, f *fixture, listPath string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	f.do(t, "GET", listPath, f.write, nil).json(t, &list)
	if len(list.Items) == 0 {
		t.Fatalf("%s is empty in the demo data; cannot exercise its /{id} routes", listPath)
	}
	return list.Items[0].ID
}

// firstImage is the SHA-256 of the demo report's photo.
func firstImage(t *testing.T, f *fixture) string {
	t.Helper()
	var list struct {
		Items []struct {
			Photos []struct {
				Image string `json:"image"`
			} `json:"photos"`
		} `json:"items"`
	}
	f.do(t, "GET", "/api/v1/public/reports", "", nil).json(t, &list)
	if len(list.Items) == 0 || len(list.Items[0].Photos) == 0 {
		t.Fatal("the demo has no public report with a photo")
	}
	return list.Items[0].Photos[0].Image
}

func exampleQuery(path string) string {
	switch path {
	case "/api/v1/stats":
		return "?event=repatriation&from=2023-10-01&to=2024-05-31"
	case "/api/v1/figure":
		return "?text=200%EC%97%AC+%EB%AA%85" // 200여 명
	case "/api/v1/search":
		return "?q=%EB%B6%81%EC%86%A1" // 북송
	case "/api/v1/public/stats":
		return "?event=repatriation&from=2023-10-01&to=2024-05-31"
	case "/api/v1/export":
		return "?format=hxl"
	case "/api/v1/date":
		return "?text=%EC%A7%80%EB%82%9C+9%EC%9D%BC&ref=2023-10-13" // 지난 9일
	}
	return ""
}

func escape(p string) string {
	return strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
}

func keysOf(m map[string]any) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

// TestOpenAPIIsValidJSON guards the document's shape: every operation has
// an id and responses.
func TestOpenAPIOperationsHaveIDs(t *testing.T) {
	f := mustFixture(t)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string         `json:"operationId"`
			Responses   map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(f.do(t, "GET", "/api/v1/openapi.json", "", nil).body, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for p, ops := range doc.Paths {
		for m, op := range ops {
			if op.OperationID == "" || len(op.Responses) == 0 {
				t.Errorf("%s %s lacks operationId or responses", m, p)
			}
			if prev, dup := seen[op.OperationID]; dup {
				t.Errorf("operationId %s used by %s and %s %s", op.OperationID, prev, m, p)
			}
			seen[op.OperationID] = m + " " + p
		}
	}
}

// TestOpenAPISchemasReject checks that the generated schemas are strict
// enough to catch a wrong body, so the route test above can fail.
func TestOpenAPISchemasReject(t *testing.T) {
	f := mustFixture(t)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.do(t, "GET", "/api/v1/openapi.json", "", nil).body))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("openapi.json#/components/schemas/Incident")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"id as string":       `{"id":"seven"}`,
		"figure best string": `{"figure":{"low":1,"best":"many","high":3}}`,
		"title as array":     `{"title":["x"]}`,
	} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err := sch.Validate(inst); err == nil {
			t.Errorf("%s: the Incident schema accepted %s", name, body)
		}
	}
}
