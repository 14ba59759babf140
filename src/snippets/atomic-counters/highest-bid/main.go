package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// raise stores bid in best if it is higher than what best
// holds, and says whether it did.
func raise(best *atomic.Int64, bid int64) bool {
	for {
		cur := best.Load()
		if bid <= cur {
			return false
		}
		if best.CompareAndSwap(cur, bid) {
			return true
		}
		// best changed since the Load: look again.
	}
}

func main() {
	var best atomic.Int64
	fmt.Println(best.CompareAndSwap(0, 42), best.Load())
	fmt.Println(best.CompareAndSwap(0, 13), best.Load())

	var wg sync.WaitGroup
	for _, bid := range []int64{64, 97, 13, 88, 97} {
		wg.Go(func() { raise(&best, bid) })
	}
	wg.Wait()
	fmt.Println("highest bid:", best.Swap(0))
	fmt.Println("after the swap:", best.Load())
}
