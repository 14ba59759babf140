package main

import (
	"fmt"
	"time"
)

// boring sends a numbered message after each delay.
func boring(msg string, delays []time.Duration) <-chan string {
	c := make(chan string)
	go func() {
		for i, d := range delays {
			time.Sleep(d)
			c <- fmt.Sprintf("%s %d", msg, i)
		}
	}()
	return c
}

func main() {
	start := time.Now()
	delays := []time.Duration{300 * time.Millisecond, 800 * time.Millisecond, 1500 * time.Millisecond}
	c := boring("Joe", delays)
	for {
		select {
		case s := <-c:
			fmt.Println(time.Since(start), s)
		case <-time.After(1 * time.Second): // a new timer for each message
			fmt.Println(time.Since(start), "You're too slow.")
			return
		}
	}
}
