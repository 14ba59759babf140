package main

import (
	"fmt"
	"time"
)

func boring(msg string, every time.Duration) <-chan string {
	c := make(chan string)
	go func() {
		for i := 0; ; i++ {
			time.Sleep(every)
			c <- fmt.Sprintf("%s %d", msg, i)
		}
	}()
	return c
}

// fanIn multiplexes two channels onto one: whoever is
// ready speaks. One forwarding goroutine per input.
func fanIn(input1, input2 <-chan string) <-chan string {
	c := make(chan string)
	go func() {
		for {
			c <- <-input1
		}
	}()
	go func() {
		for {
			c <- <-input2
		}
	}()
	return c
}

func main() {
	start := time.Now()
	c := fanIn(
		boring("Joe", 20*time.Millisecond),
		boring("Ann", 35*time.Millisecond),
	)
	for i := 0; i < 8; i++ {
		fmt.Println(<-c, "at", time.Since(start))
	}
	fmt.Println("You're both boring; I'm leaving.")
}
