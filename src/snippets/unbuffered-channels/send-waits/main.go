package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan string) // unbuffered
	go func() {
		time.Sleep(time.Second) // busy
		<-ch
	}()
	t0 := time.Now()
	ch <- "hello" // blocks
	d := time.Since(t0).Round(time.Second)
	fmt.Println("send took", d)
}
