package main

import (
	"fmt"
	"sync"
)

// store is the same map, guarded by a mutex instead of an owner.
type store struct {
	mu    sync.Mutex // guards state
	state map[string]int
}

func (s *store) read(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state[key]
}

func (s *store) write(key string, val int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[key] = val
}

func main() {
	s := &store{state: map[string]int{}}

	// Three goroutines write at once, each holding the lock in turn.
	var wg sync.WaitGroup
	for i, key := range []string{"a", "b", "c"} {
		wg.Go(func() { s.write(key, i+1) })
	}
	wg.Wait()

	for _, key := range []string{"a", "b", "c"} {
		fmt.Println(key, "=", s.read(key))
	}
}
