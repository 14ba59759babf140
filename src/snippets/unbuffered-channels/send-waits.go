package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan string) // unbuffered
	go func() {
		time.Sleep(time.Second) // busy for 1s
		<-ch
	}()
	start := time.Now()
	ch <- "hello" // waits for the receiver
	waited := time.Since(start).Round(time.Second)
	fmt.Println("send returned after", waited)
}
