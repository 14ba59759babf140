package main

import "fmt"

func main() {
	ch := make(chan string, 1)

	for _, msg := range []string{"first", "second"} {
		select {
		case ch <- msg:
			fmt.Println("sent", msg)
		default: // the buffer is full: do not wait
			fmt.Println("full, dropped", msg)
		}
	}

	for range 2 {
		select {
		case msg := <-ch:
			fmt.Println("received", msg)
		default: // nothing there: do not wait
			fmt.Println("empty, nothing received")
		}
	}
}
