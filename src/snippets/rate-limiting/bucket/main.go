// Command bucket sends a burst of 8 requests, then one every 50ms,
// through a token bucket of 10 tokens a second that holds 5.
package main

import (
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

func main() {
	lim := rate.NewLimiter(10, 5) // r = 10/s, b = 5; it starts full
	start := time.Now()
	sent, admitted := 0, 0
	fmt.Println("time   sent  admitted  b + r·t")
	for i := range 11 {
		n := 1
		if i == 0 {
			n = 8 // the burst
		}
		for range n {
			sent++
			if lim.Allow() { // takes a token if there is one
				admitted++
			}
		}
		t := time.Since(start)
		fmt.Printf("%-6v %4d %9d %8.1f\n",
			t, sent, admitted, 5+10*t.Seconds())
		time.Sleep(50 * time.Millisecond)
	}
}
