package main

import (
	"fmt"
	"strings"
	"time"
)

type Result string
type Search func(query string) Result

// A seeded random source (Park and Miller's minimal standard).
// Pike used rand.Intn(100).
type source struct{ state int64 }

func (s *source) Intn(n int) int {
	s.state = s.state * 48271 % 2147483647
	return int(s.state % int64(n))
}

func fakeSearch(kind string, latency time.Duration) Search {
	return func(query string) Result {
		time.Sleep(latency)
		return Result(fmt.Sprintf("%s result for %q", kind, query))
	}
}

// Two replicas of each server.
type Servers struct {
	Web, Image, Video []Search
}

// servers makes the six servers of one seed, drawing their latencies
// (0-99ms) in this order: web1, image1, video1, web2, image2, video2.
func servers(seed int64) Servers {
	r := &source{state: seed}
	ms := func() time.Duration { return time.Duration(r.Intn(100)) * time.Millisecond }
	web1, image1, video1 := ms(), ms(), ms()
	web2, image2, video2 := ms(), ms(), ms()
	return Servers{
		Web:   []Search{fakeSearch("web1", web1), fakeSearch("web2", web2)},
		Image: []Search{fakeSearch("image1", image1), fakeSearch("image2", image2)},
		Video: []Search{fakeSearch("video1", video1), fakeSearch("video2", video2)},
	}
}

// First asks every replica and returns the first answer. One slot per
// replica: the losers' sends succeed, and they end. (Pike's channel is
// unbuffered: every loser blocks on its send for ever.)
func First(query string, replicas ...Search) Result {
	c := make(chan Result, len(replicas))
	searchReplica := func(i int) { c <- replicas[i](query) }
	for i := range replicas {
		go searchReplica(i)
	}
	return <-c
}

// Google 3.0: replicated servers, and still the timeout. A slot per
// kind: a First that answers after the timeout can still send, and its
// goroutine ends.
func Google(query string, s Servers) (results []Result) {
	c := make(chan Result, 3)
	go func() { c <- First(query, s.Web...) }()
	go func() { c <- First(query, s.Image...) }()
	go func() { c <- First(query, s.Video...) }()

	timeout := time.After(80 * time.Millisecond)
	for i := 0; i < 3; i++ {
		select {
		case result := <-c:
			results = append(results, result)
		case <-timeout:
			return
		}
	}
	return
}

func main() {
	for seed := int64(1); seed <= 12; seed++ {
		start := time.Now()
		results := Google("golang", servers(seed))
		elapsed := time.Since(start)
		names := make([]string, len(results))
		for i, r := range results {
			names[i] = strings.Fields(string(r))[0]
		}
		fmt.Printf("seed %d: %v in %v\n", seed, names, elapsed)
	}
	// The caller goes on with its work (a server, with its next
	// request): a loser has time to answer.
	time.Sleep(time.Second)
}
