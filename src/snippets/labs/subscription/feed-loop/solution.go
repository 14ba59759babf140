package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// An Item of a feed; its GUID says which post it is.
type Item struct {
	GUID, Title string
}

// A Fetcher returns new items, when to fetch next, and what went wrong.
type Fetcher interface {
	Fetch() (items []Item, next time.Time, err error)
}

// A Subscription delivers a feed's items on Updates(), each once, in
// order, until Close stops it. Close returns the last error the fetcher
// gave.
type Subscription interface {
	Updates() <-chan Item
	Close() error
}

// The fake feed: each fetch takes 10ms and returns the next batch,
// repeating the last item of the batch before (feeds do that; the GUID
// tells). Then the server fails. It keeps a log, printed at the end.
var start time.Time // set by main, on the program's clock

func at() time.Duration { return time.Since(start) }

var batches = [][]string{
	{"loopvar", "rangefunc", "iter"},
	{"iter", "unique", "synctest"},
	{"synctest", "swiss", "weak"},
	{"weak", "toolchain", "greenteagc"},
}

type fakeFetcher struct {
	mu  sync.Mutex // the log is written by fetches, read by main
	log []string
}

func (f *fakeFetcher) Fetch() ([]Item, time.Time, error) {
	f.mu.Lock()
	n := len(f.log)
	f.log = append(f.log, fmt.Sprintf("fetch %d at %v", n+1, at()))
	f.mu.Unlock()
	time.Sleep(10 * time.Millisecond)
	next := time.Now().Add(15 * time.Millisecond)
	if n >= len(batches) {
		return nil, next, errors.New("GET /feed: 503 Service Unavailable")
	}
	var items []Item
	for _, title := range batches[n] {
		items = append(items, Item{"go.dev/blog/" + title, title})
	}
	return items, next, nil
}

// At most this many items wait in the loop for the reader.
const maxPending = 4

// How long to wait after a fetch that failed.
const retryDelay = 60 * time.Millisecond

type sub struct {
	fetcher Fetcher
	updates chan Item
	closing chan chan error
}

func Subscribe(fetcher Fetcher) Subscription {
	s := &sub{
		fetcher: fetcher,
		updates: make(chan Item),
		closing: make(chan chan error),
	}
	go s.loop()
	return s
}

func (s *sub) Updates() <-chan Item { return s.updates }

// Close asks the loop to stop and waits for its answer: the last error.
// The loop owns err; nobody else reads it.
func (s *sub) Close() error {
	errc := make(chan error)
	s.closing <- errc
	return <-errc
}

type fetchResult struct {
	items []Item
	next  time.Time
	err   error
}

// loop owns the subscription's state: only it reads or writes pending,
// next, err, seen and fetchDone.
func (s *sub) loop() {
	var pending []Item
	var next time.Time
	var err error
	seen := make(map[string]bool)
	// Non-nil while a fetch runs. Buffered, so that a fetch still
	// running when the loop returns can finish and exit.
	var fetchDone chan fetchResult
	for {
		// Fetch when it is time, unless one is running or pending is
		// full: a nil channel turns the case off.
		var startFetch <-chan time.Time
		if fetchDone == nil && len(pending) < maxPending {
			delay := max(0, time.Until(next))
			startFetch = time.After(delay)
		}
		// Send only when there is something to send.
		var first Item
		var updates chan Item
		if len(pending) > 0 {
			first = pending[0]
			updates = s.updates
		}
		select {
		case errc := <-s.closing:
			errc <- err
			close(s.updates)
			return
		case <-startFetch:
			fetchDone = make(chan fetchResult, 1)
			go func(done chan<- fetchResult) {
				items, next, err := s.fetcher.Fetch()
				done <- fetchResult{items, next, err}
			}(fetchDone)
		case result := <-fetchDone:
			fetchDone = nil
			err = result.err
			if err != nil {
				next = time.Now().Add(retryDelay)
				break
			}
			next = result.next
			for _, item := range result.items {
				if seen[item.GUID] {
					continue
				}
				seen[item.GUID] = true
				pending = append(pending, item)
			}
		case updates <- first:
			pending = pending[1:]
		}
	}
}

func main() {
	start = time.Now()
	f := &fakeFetcher{}
	s := Subscribe(f)
	// A slow reader: one item every 25ms.
	for range 8 {
		item := <-s.Updates()
		fmt.Printf("got %s at %v\n", item.Title, at())
		time.Sleep(25 * time.Millisecond)
	}
	fmt.Printf("close at %v\n", at())
	err := s.Close()
	fmt.Printf("closed at %v: %v\n", at(), err)
	f.mu.Lock()
	for _, line := range f.log {
		fmt.Println(line)
	}
	f.mu.Unlock()
	// The program goes on with its work.
	time.Sleep(time.Second)
}
