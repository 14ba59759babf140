package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

type backend struct {
	name    string
	latency time.Duration
}

// The backends a search asks, and how long each takes to answer.
var backends = []backend{
	{"web", 30 * time.Millisecond},
	{"images", 60 * time.Millisecond},
	{"video", 250 * time.Millisecond},
}

// ask waits for one backend's answer and sends it on out, unless
// ctx is done first: then it gives up at once.
func ask(ctx context.Context, b backend, out chan<- string) {
	select {
	case <-time.After(b.latency):
	case <-ctx.Done():
		return
	}
	select {
	case out <- b.name:
	case <-ctx.Done():
	}
}

// search asks every backend at once and returns what answered before
// ctx was done, with ctx.Err() if it was.
func search(ctx context.Context) ([]string, error) {
	out := make(chan string)
	for _, b := range backends {
		go ask(ctx, b, out)
	}
	var found []string
	for len(found) < len(backends) {
		select {
		case name := <-out:
			found = append(found, name)
		case <-ctx.Done():
			return found, ctx.Err()
		}
	}
	return found, nil
}

func main() {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	found, err := search(ctx)
	fmt.Println("found:", strings.Join(found, ", "))
	fmt.Println("error:", err)
	fmt.Println("deadline exceeded:", errors.Is(err, context.DeadlineExceeded))
	fmt.Println("search returned at", time.Since(start))
	// The caller goes on with its work (a server, with its next request).
	time.Sleep(time.Second)
}
