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

// The first three latencies are 1.0's: replica 2 of each is new.
var (
	Web1   = fakeSearch("web1")
	Image1 = fakeSearch("image1")
	Video1 = fakeSearch("video1")
	Web2   = fakeSearch("web2")
	Image2 = fakeSearch("image2")
	Video2 = fakeSearch("video2")
)

// First asks every replica and returns the first answer.
func First(query string, replicas ...Search) Result {
	// One slot per replica: the losers' sends succeed and they end.
	// (Pike's channel is unbuffered: every loser blocks for ever.)
	c := make(chan Result, len(replicas))
	searchReplica := func(i int) { c <- replicas[i](query) }
	for i := range replicas {
		go searchReplica(i)
	}
	return <-c
}

// Google 3.0: replicated servers, and still the timeout.
func Google(query string) (results []Result) {
	c := make(chan Result, 3)
	go func() { c <- First(query, Web1, Web2) }()
	go func() { c <- First(query, Image1, Image2) }()
	go func() { c <- First(query, Video1, Video2) }()

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
	// Stay on while the losing replicas finish.
	time.Sleep(100 * time.Millisecond)
}
