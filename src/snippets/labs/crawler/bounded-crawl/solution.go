package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ---- The fake web and its fetcher. ----

// The fetcher's log: every fetch as it starts and ends.
var wire = make(chan string, 10_000)

type page struct {
	body  string
	links []string
	ms    int // how long fetching it takes
}

// fakeWeb builds web number seed: a home page, then levels 1 to 5 of
// pages /1a, /1b, ... Every page links back home (a cycle), to one or
// two pages of the next level, sometimes to itself or to a page that
// does not exist. Some pages are slow.
func fakeWeb(seed uint32) map[string]page {
	s := seed
	rand := func(n int) int {
		s = s*1664525 + 1013904223
		return int(s>>16) % n
	}
	home := fmt.Sprintf("https://web%d.test/", seed)
	levels := [][]string{{home}}
	for l := 1; l <= 5; l++ {
		n := 2 + rand(3)
		var urls []string
		for i := range n {
			urls = append(urls, fmt.Sprintf("%s%d%c", home, l, "abcd"[i]))
		}
		levels = append(levels, urls)
	}
	web := map[string]page{}
	for l, urls := range levels {
		var next []string
		if l+1 < len(levels) {
			next = levels[l+1]
		}
		for i, url := range urls {
			links := []string{home}
			for j, child := range next {
				if j%len(urls) == i {
					links = append(links, child)
				}
			}
			if len(next) > 0 {
				links = append(links, next[rand(len(next))])
			}
			if rand(3) == 0 {
				links = append(links, url)
			}
			if rand(4) == 0 {
				links = append(links, fmt.Sprintf("%s%dx", home, l+1))
			}
			ms := 250
			if rand(6) != 0 {
				ms = 10 * (1 + rand(5))
			}
			web[url] = page{"page " + url, links, ms}
		}
	}
	return web
}

type Fetcher interface {
	Fetch(url string) (body string, urls []string, err error)
}

// fakeFetcher serves a fake web, taking each page's time, and logs
// every fetch on the wire.
type fakeFetcher map[string]page

func (f fakeFetcher) Fetch(url string) (string, []string, error) {
	wire <- "GET " + url
	p, ok := f[url]
	ms := 10
	if ok {
		ms = p.ms
	}
	time.Sleep(time.Duration(ms) * time.Millisecond)
	wire <- "done " + url
	if !ok {
		return "", nil, errors.New("not found: " + url)
	}
	return p.body, p.links, nil
}

// ---- The crawler. ----

const K = 3 // at most K fetches in flight

// Crawl fetches every page reachable from url in fewer than depth
// links, each exactly once, at most K at a time, and returns each
// page's body (or error) once all are done.
func Crawl(url string, depth int, fetcher Fetcher) map[string]string {
	var mu sync.Mutex
	seen := map[string]bool{}      // guarded by mu
	results := map[string]string{} // guarded by mu
	sem := make(chan struct{}, K)  // a slot for each fetch
	var wg sync.WaitGroup

	var visit func(url string, depth int)
	visit = func(url string, depth int) {
		if depth <= 0 {
			return
		}
		// Check and mark in one critical section, before fetching:
		// one goroutine claims each URL.
		mu.Lock()
		claimed := !seen[url]
		seen[url] = true
		mu.Unlock()
		if !claimed {
			return
		}

		sem <- struct{}{} // take a slot (blocks while K are taken)
		body, urls, err := fetcher.Fetch(url)
		<-sem // give it back before the children start

		mu.Lock()
		if err != nil {
			results[url] = err.Error()
		} else {
			results[url] = body
		}
		mu.Unlock()
		for _, u := range urls {
			wg.Go(func() { visit(u, depth-1) })
		}
	}

	wg.Go(func() { visit(url, depth) })
	wg.Wait() // every visit, and every visit it started
	return results
}

func main() {
	for _, seed := range []uint32{1, 2, 3} {
		home := fmt.Sprintf("https://web%d.test/", seed)
		results := Crawl(home, 4, fakeFetcher(fakeWeb(seed)))
		wire <- "returned " + home
		missing := 0
		for _, b := range results {
			if len(b) >= 9 && b[:9] == "not found" {
				missing++
			}
		}
		fmt.Printf("%s: %d pages, %d not found\n", home, len(results)-missing, missing)
	}
}
