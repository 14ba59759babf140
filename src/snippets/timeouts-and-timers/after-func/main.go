package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	done := make(chan struct{})
	reminder := time.AfterFunc(time.Hour, func() {
		fmt.Println("an hour later:", time.Since(start))
		close(done)
	})
	cancelled := time.AfterFunc(time.Minute, func() {
		fmt.Println("never printed")
	})

	fmt.Println("Stop before it ran:", cancelled.Stop())
	<-done
	fmt.Println("Stop after it ran:", reminder.Stop())
}
