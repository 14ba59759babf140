package main

import "fmt"

func main() {
	queue := make(chan string, 3)
	queue <- "a"
	queue <- "b"
	queue <- "c"
	fmt.Println("three sent")
	queue <- "d" // the buffer is full
	fmt.Println("four sent")
	fmt.Println(<-queue)
}
