package feed_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/archive"
	"vigil/feed"
	"vigil/store"
)

// benchRSS is an RSS document of n Korean and English items, ~600 bytes
// each, like a busy news feed.
func benchRSS(base string, n int) []byte {
	tag := strings.TrimPrefix(base, "https://news.example")
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title><language>ko</language>`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<item><title>탈북민 %d명 강제북송 우려 — report %d%s</title><link>%s/a/%d</link><guid>g%d</guid><pubDate>Mon, 13 May 2024 09:00:00 +0900</pubDate><description>&lt;p&gt;중국 공안이 지난 9일 단둥에서 탈북민 %d명을 체포했다. Police arrested %d North Koreans in Dandong, activists said.&lt;/p&gt;</description></item>`,
			i, i, tag, base, i, i, i%90+10, i%90+10)
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

// BenchmarkParse measures feed.Parse (sanitize, decode, HTML to text)
// against the baseline of a bare encoding/xml Unmarshal of the same
// document into a minimal RSS struct.
func BenchmarkParse(b *testing.B) {
	doc := benchRSS("https://news.example", 200)
	b.Run("feed.Parse", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			if _, _, err := feed.Parse(doc, "application/rss+xml", "https://news.example/rss"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-xml.Unmarshal", func(b *testing.B) {
		var v struct {
			Items []struct {
				Title, Link, Description string
			} `xml:"channel>item"`
		}
		b.SetBytes(int64(len(doc)))
		for i := 0; i < b.N; i++ {
			if err := xml.Unmarshal(doc, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPoll measures polling throughput end to end: 20 feeds of 50
// new items each, served on loopback, fetched 4 at a time, parsed,
// matched and recorded in SQLite. The baseline fetches the same feeds
// with the same fetcher and does nothing else.
func BenchmarkPoll(b *testing.B) {
	const feeds, items = 20, 50
	round := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(benchRSS("https://news.example"+r.URL.Path+fmt.Sprint(round), items))
	}))
	defer srv.Close()
	fetcher := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 10 * time.Second})
	b.Run("poll", func(b *testing.B) {
		st, err := store.Open(context.Background(), b.TempDir()+"/vigil.db", store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		ctx := vigil.WithViewer(context.Background(), feed.PollerViewer)
		var fds []*vigil.Feed
		for i := 0; i < feeds; i++ {
			f := &vigil.Feed{URL: fmt.Sprintf("%s/f%d", srv.URL, i), Active: true}
			if err := st.CreateFeed(ctx, f); err != nil {
				b.Fatal(err)
			}
			fds = append(fds, f)
		}
		p := &feed.Poller{Svc: st, Fetcher: fetcher, Concurrency: 4}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			round++ // every round serves new items
			reps, err := p.Poll(ctx, fds)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range reps {
				if r.Err != "" || r.Added != items {
					b.Fatalf("%+v", r)
				}
			}
		}
		b.ReportMetric(float64(feeds*b.N)/b.Elapsed().Seconds(), "feeds/s")
		b.ReportMetric(float64(feeds*items*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("baseline-fetch-only", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sem := make(chan struct{}, 4)
			done := make(chan struct{}, feeds)
			for j := 0; j < feeds; j++ {
				sem <- struct{}{}
				go func() {
					defer func() { <-sem; done <- struct{}{} }()
					if _, err := fetcher.Fetch(context.Background(), fmt.Sprintf("%s/f%d", srv.URL, j), nil); err != nil {
						b.Error(err)
					}
				}()
			}
			for j := 0; j < feeds; j++ {
				<-done
			}
		}
		b.ReportMetric(float64(feeds*b.N)/b.Elapsed().Seconds(), "feeds/s")
	})
}
