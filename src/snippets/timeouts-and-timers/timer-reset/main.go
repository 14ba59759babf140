package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	t := time.NewTimer(50 * time.Millisecond)
	fmt.Println("len", len(t.C), "cap", cap(t.C))

	time.Sleep(100 * time.Millisecond) // t is due; nobody received
	fmt.Println("Stop:", t.Stop())
	select {
	case <-t.C:
		fmt.Println("a stale value")
	default:
		fmt.Println("no stale value")
	}

	t.Reset(50 * time.Millisecond)
	<-t.C
	fmt.Println("fired at", time.Since(start))
}
