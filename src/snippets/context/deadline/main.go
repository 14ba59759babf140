package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	// A child cannot outlive its parent: an hour becomes 2s.
	child, cancelChild := context.WithTimeout(ctx, time.Hour)
	defer cancelChild()
	d, _ := child.Deadline()
	fmt.Println("child's deadline:", d.Sub(start))

	<-child.Done()
	fmt.Println("at", time.Since(start))
	fmt.Println("child:", child.Err())
	fmt.Println("parent:", ctx.Err())

	// Canceled before its deadline: canceled, not exceeded.
	early, cancelEarly := context.WithTimeout(context.Background(), time.Minute)
	cancelEarly()
	fmt.Println("early:", early.Err())

	// WithCancelCause keeps why; Err is still context.Canceled.
	req, stop := context.WithCancelCause(context.Background())
	stop(errors.New("client went away"))
	fmt.Println("err:", req.Err())
	fmt.Println("cause:", context.Cause(req))
	fmt.Println("is Canceled:", errors.Is(req.Err(), context.Canceled))
}
