package main

import (
	"fmt"
	"time"
)

type Result string
type Search func(query string) Result

// A seeded random source (Park and Miller's minimal standard), so that
// every run draws the same latencies. Pike used rand.Intn(100).
type source struct{ state int64 }

func (s *source) Intn(n int) int {
	s.state = s.state * 48271 % 2147483647
	return int(s.state % int64(n))
}

var latencies = &source{state: 5}

// fakeSearch draws its latency once, when it is made: the same seed
// gives the same latencies in whatever order the searches run.
func fakeSearch(kind string) Search {
	latency := time.Duration(latencies.Intn(100)) * time.Millisecond
	return func(query string) Result {
		time.Sleep(latency)
		return Result(fmt.Sprintf("%s result for %q (%v)", kind, query, latency))
	}
}

var (
	Web   = fakeSearch("web")
	Image = fakeSearch("image")
	Video = fakeSearch("video")
)

// Google 1.0: one search after another.
func Google(query string) (results []Result) {
	results = append(results, Web(query))
	results = append(results, Image(query))
	results = append(results, Video(query))
	return
}

func main() {
	start := time.Now()
	results := Google("golang")
	elapsed := time.Since(start)
	for _, r := range results {
		fmt.Println(r)
	}
	fmt.Println("took", elapsed)
}
