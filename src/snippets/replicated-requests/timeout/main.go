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

// Google 2.1: don't wait for slow servers.
func Google(query string) (results []Result) {
	// A slot for every result: a search that answers after the timeout
	// can still send, and its goroutine ends. (Pike's channel is
	// unbuffered, and that goroutine blocks on its send for ever.)
	c := make(chan Result, 3)
	go func() { c <- Web(query) }()
	go func() { c <- Image(query) }()
	go func() { c <- Video(query) }()

	timeout := time.After(80 * time.Millisecond)
	for i := 0; i < 3; i++ {
		select {
		case result := <-c:
			results = append(results, result)
		case <-timeout:
			fmt.Println("timed out")
			return
		}
	}
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
