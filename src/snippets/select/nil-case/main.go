package main

import "fmt"

func main() {
	ch := make(chan int)
	close(ch)

	for range 2 {
		select {
		case v, ok := <-ch:
			fmt.Println("closed channel: ready, got", v, ok)
		default:
			fmt.Println("closed channel: not ready")
		}
	}

	ch = nil // a nil channel: its case can never run
	select {
	case v, ok := <-ch:
		fmt.Println("nil channel: ready, got", v, ok)
	default:
		fmt.Println("nil channel: not ready")
	}
}
