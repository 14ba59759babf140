package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	ticker := time.NewTicker(100 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-ticker.C
		fmt.Println("tick", i, "at", time.Since(start))
	}

	ticker.Stop()
	select {
	case <-ticker.C:
		fmt.Println("a tick after Stop")
	case <-time.After(1 * time.Second):
		fmt.Println("no tick in the second after Stop")
	}
}
