package main

import (
	"fmt"
	"time"
)

// boring sends a numbered message every 300ms, forever.
func boring(msg string) <-chan string {
	c := make(chan string)
	go func() {
		for i := 0; ; i++ {
			time.Sleep(300 * time.Millisecond)
			c <- fmt.Sprintf("%s %d", msg, i)
		}
	}()
	return c
}

func main() {
	start := time.Now()
	c := boring("Joe")
	timeout := time.After(1 * time.Second) // one timer for the whole loop
	for {
		select {
		case s := <-c:
			fmt.Println(time.Since(start), s)
		case <-timeout:
			fmt.Println(time.Since(start), "You talk too much.")
			return
		}
	}
}
