// The services/heartbeat lab in Go: a TTL registry in plain Go (no Consul or etcd), three
// instances that register, heartbeat every ttl/3 and deregister on shutdown, one crash, and a
// watcher that follows the registry with blocking queries. Run on synctest's clock.
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// An instance must renew its lease within ttl, or the registry
// takes it out of the passing list.
const ttl = 15 * time.Second

// heartbeat renews the lease every ttl/3, so one lost or late
// beat is not enough to expire it, until ctx is done; then it
// stops its ticker and closes stopped.
func heartbeat(ctx context.Context, conn *Conn, id string, stopped chan<- struct{}) {
	defer close(stopped)
	ticker := time.NewTicker(ttl / 3)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			conn.Pass(id)
		case <-ctx.Done():
			return
		}
	}
}

// instance registers itself, keeps its registration alive while
// it runs, and deregisters when ctx is cancelled (a clean
// shutdown, like SIGTERM).
func instance(ctx context.Context, conn *Conn, name string) {
	id := conn.Register(name, ttl)
	stopped := make(chan struct{})
	go heartbeat(ctx, conn, id, stopped)
	<-ctx.Done()
	// Wait until the heartbeat has stopped, so that no beat is
	// still on its way when we say goodbye.
	<-stopped
	conn.Deregister(id)
}

// ---- The test bench. ----

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

// Every call to the registry is a round trip of rtt.
const rtt = 100 * time.Millisecond

// Conn is one instance's connection to the registry. After a
// crash (Cut) its calls go nowhere: the process is gone.
type Conn struct {
	registry *Registry
	cut      atomic.Bool
}

func (c *Conn) Register(id string, ttl time.Duration) string {
	time.Sleep(rtt)
	if c.cut.Load() {
		return ""
	}
	return c.registry.Register(id, ttl)
}

func (c *Conn) Pass(id string) bool {
	time.Sleep(rtt)
	return !c.cut.Load() && c.registry.Pass(id)
}

func (c *Conn) Deregister(id string) bool {
	time.Sleep(rtt)
	return !c.cut.Load() && c.registry.Deregister(id)
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
	log := func(what string) { fmt.Printf("%-8s %s\n", time.Since(start), what) }
	registry := NewRegistry()
	watching, stopWatching := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go watch(watching, registry, start, watched)

	type proc struct {
		conn   *Conn
		cancel context.CancelFunc
		exited chan struct{}
	}
	var procs []proc
	for _, name := range []string{"api-1", "api-2", "api-3"} {
		ctx, cancel := context.WithCancel(context.Background())
		p := proc{&Conn{registry: registry}, cancel, make(chan struct{})}
		go func() {
			instance(ctx, p.conn, name)
			close(p.exited)
		}()
		procs = append(procs, p)
	}
	api1, api2, api3 := procs[0], procs[1], procs[2]

	time.Sleep(time.Minute)
	log("api-2 crashes")
	api2.conn.cut.Store(true)
	api2.cancel()

	time.Sleep(2*time.Minute - time.Since(start))
	log("api-3 shuts down")
	api3.cancel()
	<-api3.exited

	time.Sleep(10*time.Minute - time.Since(start))
	log("api-1 shuts down")
	api1.cancel()
	<-api1.exited
	<-api2.exited

	stopWatching()
	<-watched
}
