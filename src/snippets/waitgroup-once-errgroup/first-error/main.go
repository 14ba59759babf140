package main

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

// fetch waits d for a service to answer, unless ctx is canceled
// first. The orders service fails.
func fetch(ctx context.Context, name string, d time.Duration) (string, error) {
	select {
	case <-time.After(d):
		if name == "orders" {
			return name + ": 503", fmt.Errorf("%s: 503 Service Unavailable", name)
		}
		return name + ": ok", nil
	case <-ctx.Done():
		return name + ": " + ctx.Err().Error(), ctx.Err()
	}
}

func main() {
	start := time.Now()
	names := []string{"users", "orders", "catalog"}
	waits := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, time.Second}
	results := make([]string, len(names))

	g, ctx := errgroup.WithContext(context.Background())
	for i, name := range names {
		g.Go(func() error {
			var err error
			results[i], err = fetch(ctx, name, waits[i])
			return err
		})
	}
	err := g.Wait()
	for _, r := range results {
		fmt.Println(r)
	}
	fmt.Println("Wait:", err)
	fmt.Println("after", time.Since(start))
}
