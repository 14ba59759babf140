package main

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

// The server's access log: every request, and how it ended.
var wire = make(chan string, 100)

// How long the server takes to answer each item (1 to 12).
var latency = []time.Duration{0, 40, 70, 50, 30, 60, 45, 35, 55, 25, 65, 20, 50}

// fetch asks the server for one item. Item 7 fails. Like
// http.Client, it sends nothing for a canceled context, and it
// gives up as soon as ctx is canceled.
func fetch(ctx context.Context, id int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	wire <- fmt.Sprintf("GET /items/%d", id)
	select {
	case <-ctx.Done():
		wire <- fmt.Sprintf("canceled /items/%d", id)
		return ctx.Err()
	case <-time.After(latency[id] * time.Millisecond):
	}
	if id == 7 {
		wire <- fmt.Sprintf("500 /items/%d", id)
		return fmt.Errorf("GET /items/%d: 500 Internal Server Error", id)
	}
	wire <- fmt.Sprintf("200 /items/%d", id)
	return nil
}

func main() {
	fetched := make([]bool, 13)
	// The group's context is canceled when the first fetch fails.
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(3) // at most 3 requests in flight
	for id := 1; id <= 12; id++ {
		if ctx.Err() != nil {
			break // a fetch failed: start no more
		}
		// With the limit reached, Go blocks until a slot is free.
		g.Go(func() error {
			err := fetch(ctx, id)
			if err == nil {
				fetched[id] = true
			}
			return err
		})
	}
	err := g.Wait()
	n := 0
	for _, ok := range fetched {
		if ok {
			n++
		}
	}
	fmt.Println("items fetched:", n)
	fmt.Println("first error:", err)
}
