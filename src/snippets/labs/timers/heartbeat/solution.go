package main

import (
	"fmt"
	"time"
)

const deadline = 5 * time.Minute

var pauses = []time.Duration{
	4 * time.Minute, 150 * time.Second, 288 * time.Second, time.Minute, 30 * time.Second,
}

// worker sends heartbeats 1 to 50, after pauses of up to 4m48s
// each, then crashes: it sends nothing more.
func worker(beats chan<- int) {
	for n := 1; n <= 50; n++ {
		time.Sleep(pauses[n%len(pauses)])
		beats <- n
	}
}

// monitor receives heartbeats until none has come for deadline,
// and returns how many it received.
func monitor(beats <-chan int, deadline time.Duration) int {
	received := 0
	silence := time.NewTimer(deadline)
	for {
		select {
		case <-beats:
			received++
			silence.Reset(deadline) // the deadline counts from this beat
		case <-silence.C:
			return received
		}
	}
}

func main() {
	start := time.Now()
	beats := make(chan int)
	go worker(beats)
	received := monitor(beats, deadline)
	fmt.Println("heartbeats received:", received)
	fmt.Println("alarm at", time.Since(start))
}
