package main

import "fmt"

func main() {
	queue := make(chan string, 3) // room for 3
	queue <- "a"                  // none of these
	queue <- "b"                  // three sends waits:
	queue <- "c"                  // the buffer has room
	fmt.Println("len", len(queue), "cap", cap(queue))

	fmt.Println(<-queue) // first in,
	fmt.Println(<-queue) // first out
	fmt.Println("len", len(queue), "cap", cap(queue))
	fmt.Println(<-queue)
}
