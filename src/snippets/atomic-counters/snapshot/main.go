package main

import (
	"fmt"
	"sync"
	"time"
)

// Latency is read as a whole: the mean is sum / count, so
// nobody may see count updated without sum.
type Latency struct {
	mu    sync.Mutex
	count int
	sum   time.Duration
	max   time.Duration
}

func (l *Latency) Observe(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count++
	l.sum += d
	l.max = max(l.max, d)
}

// Report reads all three under the same lock.
func (l *Latency) Report() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	mean := l.sum / time.Duration(l.count)
	return fmt.Sprintf("requests: %d, mean: %v, max: %v", l.count, mean, l.max)
}

func main() {
	var lat Latency
	var wg sync.WaitGroup
	for _, ms := range []time.Duration{12, 30, 18} {
		wg.Go(func() { lat.Observe(ms * time.Millisecond) })
	}
	wg.Wait()
	fmt.Println(lat.Report())
}
