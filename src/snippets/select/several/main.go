package main

import (
	"fmt"
	"time"
)

// after sends msg on the channel it returns, d from now.
func after(d time.Duration, msg string) chan string {
	ch := make(chan string)
	go func() {
		time.Sleep(d)
		ch <- msg
	}()
	return ch
}

func main() {
	t0 := time.Now()
	email := after(30*time.Millisecond, "email: 1 new message")
	chat := after(10*time.Millisecond, "chat: hi!")

	for range 2 {
		select {
		case msg := <-email:
			fmt.Println(time.Since(t0), msg)
		case msg := <-chat:
			fmt.Println(time.Since(t0), msg)
		}
	}
}
