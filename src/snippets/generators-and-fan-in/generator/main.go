package main

import (
	"fmt"
	"time"
)

// boring returns a receive-only channel and starts the
// goroutine that sends on it: a generator.
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

func main() {
	start := time.Now()
	joe := boring("Joe", 20*time.Millisecond)
	ann := boring("Ann", 35*time.Millisecond)
	for i := 0; i < 3; i++ {
		fmt.Println(<-joe, "at", time.Since(start))
		fmt.Println(<-ann, "at", time.Since(start))
	}
	fmt.Println("You're both boring; I'm leaving.")
}
