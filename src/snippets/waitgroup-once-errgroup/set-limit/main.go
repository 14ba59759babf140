package main

import (
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"
)

func main() {
	start := time.Now()
	jobs := []time.Duration{30, 10, 25, 10, 10} // milliseconds
	var g errgroup.Group
	g.SetLimit(2) // at most 2 jobs at once
	for i, d := range jobs {
		// Go blocks while 2 jobs are running.
		g.Go(func() error {
			time.Sleep(d * time.Millisecond)
			fmt.Println(time.Since(start), "done    job", i+1)
			return nil
		})
		fmt.Println(time.Since(start), "started job", i+1)
	}
	g.Wait()
}
