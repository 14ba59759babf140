package main

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// callee builds its context from the header, as a server does,
// and works for 500ms unless that context ends first.
func callee(header string) {
	start := time.Now()
	ms, _ := strconv.Atoi(header)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(ms)*time.Millisecond)
	defer cancel()
	select {
	case <-time.After(500 * time.Millisecond):
		fmt.Println("callee: done after", time.Since(start))
	case <-ctx.Done():
		fmt.Println("callee:", ctx.Err(), "after", time.Since(start))
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	time.Sleep(50 * time.Millisecond) // work done before the call
	deadline, _ := ctx.Deadline()
	header := strconv.FormatInt(time.Until(deadline).Milliseconds(), 10)
	fmt.Println("x-mesh-deadline-ms:", header)
	callee(header)
}
