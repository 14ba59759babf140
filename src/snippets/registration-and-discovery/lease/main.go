// A TTL registry in plain Go: a lease per instance that expires unless
// a heartbeat renews it, deregistration, and a blocking query.
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Registry keeps one lease per instance: a timer that turns the
// instance critical when no heartbeat renewed it within its TTL.
// Every change bumps index and wakes the blocking queries.
type Registry struct {
	mu      sync.Mutex
	index   uint64
	changed chan struct{} // closed and replaced on every change
	leases  map[string]*lease
}

type lease struct {
	ttl     time.Duration
	passing bool
	timer   *time.Timer
}

func NewRegistry() *Registry {
	return &Registry{index: 1, changed: make(chan struct{}), leases: map[string]*lease{}}
}

// bump records a change; r.mu is held.
func (r *Registry) bump() {
	r.index++
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *Registry) Register(id string, ttl time.Duration) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := &lease{ttl: ttl, passing: true}
	l.timer = time.AfterFunc(ttl, func() { r.expire(id, l) })
	r.leases[id] = l
	r.bump()
	return id
}

func (r *Registry) expire(id string, l *lease) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.leases[id] == l && l.passing {
		l.passing = false
		r.bump()
	}
}

// Pass is a heartbeat (Consul's check/pass): false for an unknown id.
func (r *Registry) Pass(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.leases[id]
	if !ok {
		return false
	}
	l.timer.Reset(l.ttl)
	if !l.passing {
		l.passing = true
		r.bump()
	}
	return true
}

func (r *Registry) Deregister(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.leases[id]
	if !ok {
		return false
	}
	l.timer.Stop()
	delete(r.leases, id)
	r.bump()
	return true
}

// Passing is a blocking query (Consul's ?index=): it waits until the
// registry changed past index, wait passed or ctx is done, then
// answers the passing instances and the current index.
func (r *Registry) Passing(ctx context.Context, index uint64, wait time.Duration) (uint64, []string) {
	r.mu.Lock()
	if r.index <= index {
		changed := r.changed
		r.mu.Unlock()
		timeout := time.NewTimer(wait)
		select {
		case <-changed:
		case <-timeout.C:
		case <-ctx.Done():
		}
		timeout.Stop()
		r.mu.Lock()
	}
	defer r.mu.Unlock()
	var ids []string
	for id, l := range r.leases {
		if l.passing {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return r.index, ids
}

// watch prints the passing instances each time they change, with
// blocking queries, until ctx is done.
func watch(ctx context.Context, registry *Registry, start time.Time, stopped chan<- struct{}) {
	defer close(stopped)
	var index uint64
	last := ""
	for ctx.Err() == nil {
		var ids []string
		index, ids = registry.Passing(ctx, index, time.Minute)
		if s := strings.Join(ids, " "); s != last {
			fmt.Printf("%-8s api: [%s]\n", time.Since(start), s)
			last = s
		}
	}
}

func main() {
	start := time.Now()
	registry := NewRegistry()
	registry.Register("api-1", 15*time.Second)
	ctx, stop := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go watch(ctx, registry, start, watched)

	time.Sleep(20 * time.Second) // no heartbeat: the lease expires at 15s
	registry.Pass("api-1")       // a late heartbeat: passing again
	time.Sleep(5 * time.Second)
	registry.Deregister("api-1") // a clean goodbye: gone at once

	time.Sleep(5 * time.Second)
	fmt.Println("heartbeat after deregister:", registry.Pass("api-1"))
	stop()
	<-watched
}
