// The services/heartbeat lab in Go: a registry with a Consul-shaped HTTP API (register, check/pass,
// deregister, health with blocking queries), three instances of api that register, heartbeat every
// ttl/3 and deregister on shutdown, each over its own link to the network (100 ms per request, cut
// when the process is killed), and a watcher that follows the registry with blocking queries. Real
// net/http over an in-memory network (each connection a net.Pipe), so it runs on synctest's clock.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The registry takes an instance out of discovery when it has
// not heard from it for ttl.
const ttl = 15 * time.Second

// Instance is where one instance of api listens (the bench
// started it).
type Instance struct {
	ID      string
	Address string
	Port    int
}

// heartbeat renews the lease every ttl/3, so that a late or lost
// beat does not let it expire, until ctx is done; then it stops
// its ticker and closes stopped.
func heartbeat(ctx context.Context, registry *RegistryClient, id string, stopped chan<- struct{}) {
	defer close(stopped)
	ticker := time.NewTicker(ttl / 3)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			// No answer: the lease outlives this beat; try again
			// at the next tick.
			_, _ = registry.Heartbeat(id)
		case <-ctx.Done():
			return
		}
	}
}

// stayRegistered registers the instance with a TTL, keeps it
// registered while it runs and deregisters it when ctx is done
// (a clean shutdown, like SIGTERM).
func stayRegistered(ctx context.Context, registry *RegistryClient, self Instance) error {
	id, err := registry.RegisterOnce(Spec{ID: self.ID, Name: "api", Address: self.Address, Port: self.Port, TTL: ttl})
	if err != nil {
		return err
	}
	stopped := make(chan struct{})
	go heartbeat(ctx, registry, id, stopped)
	<-ctx.Done()
	// Wait until the heartbeat has stopped, so that no beat is
	// still on its way when we say goodbye.
	<-stopped
	_, err = registry.Deregister(id)
	return err
}

// ---- The test bench. ----

// Every request an instance sends takes this long to arrive.
const latency = 100 * time.Millisecond

// Process is one instance of api: Stop is SIGTERM (ctx is cancelled and the instance shuts down),
// Kill is SIGKILL (its link is cut, so nothing it still sends arrives, and its goroutines end with
// it: ctx is cancelled).
type Process struct {
	link   *Link
	cancel context.CancelFunc
	exited chan struct{}
}

func (p *Process) Stop() {
	p.cancel()
	<-p.exited
}

func (p *Process) Kill() {
	p.link.cut.Store(true)
	p.cancel()
	<-p.exited
}

// run starts instance id of api as a process of its own: its HTTP server, its link to the network,
// its registry client and stayRegistered.
func run(registryURL, id string) *Process {
	ctx, cancel := context.WithCancel(context.Background())
	link := &Link{}
	server := serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s here\n", id)
	}))
	registry := NewRegistryClient(registryURL, link)
	p := &Process{link: link, cancel: cancel, exited: make(chan struct{})}
	go func() {
		defer close(p.exited)
		defer server.Close()
		host, port, _ := net.SplitHostPort(server.addr)
		n, _ := strconv.Atoi(port)
		err := stayRegistered(ctx, registry, Instance{ID: id, Address: host, Port: n})
		// What a killed process still tries fails: it is gone.
		if err != nil && !link.cut.Load() {
			panic(err)
		}
	}()
	return p
}

// watch prints the passing instances of api each time they change, following the registry with
// blocking queries (Consul's ?index=), until ctx is done.
func watch(ctx context.Context, registry *RegistryClient, log func(string), stopped chan<- struct{}) {
	defer close(stopped)
	var index uint64
	last := ""
	for ctx.Err() == nil {
		answer, err := registry.Health("api", index, time.Minute)
		if err != nil {
			if ctx.Err() != nil {
				return // the registry closed as we stopped watching
			}
			panic(err)
		}
		index = answer.Index
		var ids []string
		for _, i := range answer.Instances {
			ids = append(ids, i.ID)
		}
		s := strings.Join(ids, " ")
		if s != last {
			log(fmt.Sprintf("api: [%s]", s))
		}
		last = s
	}
}

func main() {
	start := time.Now()
	log := func(what string) { fmt.Printf("%-8s %s\n", time.Since(start), what) }
	at := func(d time.Duration) { time.Sleep(d - time.Since(start)) }
	reg := startRegistry()
	watching, stopWatching := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go watch(watching, NewRegistryClient(reg.url, nil), log, watched)

	// The instances start one second apart.
	api1 := run(reg.url, "api-1")
	at(time.Second)
	api2 := run(reg.url, "api-2")
	at(2 * time.Second)
	api3 := run(reg.url, "api-3")

	at(time.Minute)
	log("api-2 is killed")
	api2.Kill()
	at(90 * time.Second)
	log("api-3 stops")
	api3.Stop()
	at(2 * time.Minute)
	log("api-1 stops")
	api1.Stop()

	stopWatching()
	reg.close()
	<-watched
}

// ---- The registry: leases, an index, blocking queries, and its HTTP API. ----

// Spec is what an instance registers.
type Spec struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Address string        `json:"address"`
	Port    int           `json:"port"`
	TTL     time.Duration `json:"ttl"`
}

// Info is what a health query answers about an instance.
type Info struct {
	ID      string `json:"id"`
	Address string `json:"address"`
	Port    int    `json:"port"`
	Passing bool   `json:"passing"`
}

type lease struct {
	spec    Spec
	passing bool
	timer   *time.Timer
}

// Registry keeps one lease per instance: a timer that turns it critical when no heartbeat renewed
// it within its TTL, and removes it when it stays critical for deregisterAfter (Consul's
// DeregisterCriticalServiceAfter). Every change bumps index and wakes the blocking queries.
type Registry struct {
	mu      sync.Mutex
	index   uint64
	changed chan struct{} // closed and replaced on every change
	closed  chan struct{}
	leases  map[string]*lease
}

const deregisterAfter = 30 * time.Second

// bump records a change; r.mu is held.
func (r *Registry) bump() {
	r.index++
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *Registry) register(s Spec) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.leases[s.ID]; ok {
		old.timer.Stop()
	}
	l := &lease{spec: s, passing: true}
	l.timer = time.AfterFunc(s.TTL, func() { r.expire(l) })
	r.leases[s.ID] = l
	r.bump()
}

func (r *Registry) expire(l *lease) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.leases[l.spec.ID] != l {
		return
	}
	if l.passing {
		l.passing = false
		l.timer = time.AfterFunc(deregisterAfter, func() { r.expire(l) })
	} else {
		delete(r.leases, l.spec.ID)
	}
	r.bump()
}

// pass is a heartbeat (Consul's check/pass): false for an unknown id.
func (r *Registry) pass(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.leases[id]
	if !ok {
		return false
	}
	l.timer.Stop()
	l.timer = time.AfterFunc(l.spec.TTL, func() { r.expire(l) })
	if !l.passing {
		l.passing = true
		r.bump()
	}
	return true
}

func (r *Registry) deregister(id string) bool {
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

// health is a blocking query: it waits until the registry changed past index, wait passed or the
// registry closed, then answers the passing instances of name and the current index.
func (r *Registry) health(name string, index uint64, wait time.Duration) (uint64, []Info) {
	r.mu.Lock()
	if index > 0 && r.index <= index {
		changed := r.changed
		r.mu.Unlock()
		timeout := time.NewTimer(wait)
		select {
		case <-changed:
		case <-timeout.C:
		case <-r.closed:
		}
		timeout.Stop()
		r.mu.Lock()
	}
	defer r.mu.Unlock()
	infos := []Info{}
	for _, l := range r.leases {
		if l.spec.Name == name && l.passing {
			infos = append(infos, Info{ID: l.spec.ID, Address: l.spec.Address, Port: l.spec.Port, Passing: true})
		}
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].ID < infos[j].ID })
	return r.index, infos
}

// RegistryServer is the registry behind its HTTP API.
type RegistryServer struct {
	url      string
	registry *Registry
	server   *http.Server
}

func startRegistry() *RegistryServer {
	r := &Registry{index: 1, changed: make(chan struct{}), closed: make(chan struct{}), leases: map[string]*lease{}}
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /v1/agent/service/register", func(w http.ResponseWriter, req *http.Request) {
		var s Spec
		if err := json.NewDecoder(req.Body).Decode(&s); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.register(s)
		_ = json.NewEncoder(w).Encode(map[string]string{"id": s.ID})
	})
	mux.HandleFunc("PUT /v1/agent/check/pass/{id}", func(w http.ResponseWriter, req *http.Request) {
		if !r.pass(req.PathValue("id")) {
			http.NotFound(w, req)
		}
	})
	mux.HandleFunc("PUT /v1/agent/service/deregister/{id}", func(w http.ResponseWriter, req *http.Request) {
		if !r.deregister(req.PathValue("id")) {
			http.NotFound(w, req)
		}
	})
	mux.HandleFunc("GET /v1/health/service/{name}", func(w http.ResponseWriter, req *http.Request) {
		index, _ := strconv.ParseUint(req.URL.Query().Get("index"), 10, 64)
		wait, err := time.ParseDuration(req.URL.Query().Get("wait"))
		if err != nil {
			wait = 30 * time.Second
		}
		at, infos := r.health(req.PathValue("name"), index, wait)
		w.Header().Set("X-Consul-Index", strconv.FormatUint(at, 10))
		_ = json.NewEncoder(w).Encode(infos)
	})
	l := listen()
	s := &RegistryServer{url: "http://" + l.addr, registry: r, server: &http.Server{Handler: mux}}
	go s.server.Serve(l)
	return s
}

// close answers every blocking query and stops the server.
func (s *RegistryServer) close() {
	close(s.registry.closed)
	s.server.Shutdown(context.Background())
}

// RegistryClient calls the registry's HTTP API.
type RegistryClient struct {
	url    string
	client *http.Client
}

// NewRegistryClient is a client of the registry at url, sending over link (nil: straight over the
// network).
func NewRegistryClient(url string, link *Link) *RegistryClient {
	var rt http.RoundTripper = transport
	if link != nil {
		link.next = transport
		rt = link
	}
	return &RegistryClient{url: url, client: &http.Client{Transport: rt}}
}

func (c *RegistryClient) do(method, path string, body any) (*http.Response, error) {
	var b bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&b).Encode(body); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequest(method, c.url+path, &b)
	if err != nil {
		return nil, err
	}
	return c.client.Do(req)
}

// RegisterOnce registers s, with no heartbeats, and returns its id.
func (c *RegistryClient) RegisterOnce(s Spec) (string, error) {
	res, err := c.do(http.MethodPut, "/v1/agent/service/register", s)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var answer struct{ ID string }
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return "", err
	}
	return answer.ID, nil
}

// Heartbeat passes the TTL check of id: false when the registry does not know it.
func (c *RegistryClient) Heartbeat(id string) (bool, error) {
	res, err := c.do(http.MethodPut, "/v1/agent/check/pass/"+id, nil)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK, nil
}

// Deregister removes id: false when the registry did not know it.
func (c *RegistryClient) Deregister(id string) (bool, error) {
	res, err := c.do(http.MethodPut, "/v1/agent/service/deregister/"+id, nil)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK, nil
}

// Answer is a health query's answer: the passing instances and the service's index.
type Answer struct {
	Index     uint64
	Instances []Info
}

// Health asks for the passing instances of name; with an index, a blocking query that waits for a
// change past it, up to wait.
func (c *RegistryClient) Health(name string, index uint64, wait time.Duration) (Answer, error) {
	res, err := c.do(http.MethodGet, fmt.Sprintf("/v1/health/service/%s?passing&index=%d&wait=%s", name, index, wait), nil)
	if err != nil {
		return Answer{}, err
	}
	defer res.Body.Close()
	var a Answer
	a.Index, _ = strconv.ParseUint(res.Header.Get("X-Consul-Index"), 10, 64)
	err = json.NewDecoder(res.Body).Decode(&a.Instances)
	return a, err
}

// ---- The network: an in-memory one (each connection a net.Pipe), and each process's link. ----

// Link is one process's link to the network: every request takes latency to arrive, and once cut
// nothing it sends arrives any more.
type Link struct {
	cut  atomic.Bool
	next http.RoundTripper
}

var errCut = errors.New("the link is cut")

func (l *Link) RoundTrip(req *http.Request) (*http.Response, error) {
	if l.cut.Load() {
		return nil, errCut
	}
	time.Sleep(latency)
	if l.cut.Load() {
		return nil, errCut
	}
	return l.next.RoundTrip(req)
}

type listener struct {
	addr   string
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *listener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *listener) Addr() net.Addr { return addr(l.addr) }

type addr string

func (a addr) Network() string { return "pipe" }
func (a addr) String() string  { return string(a) }

var (
	netMu     sync.Mutex
	nextPort  = 40000
	listening = map[string]*listener{}
)

// listen opens a new address of the in-memory network.
func listen() *listener {
	netMu.Lock()
	defer netMu.Unlock()
	l := &listener{addr: fmt.Sprintf("127.0.0.1:%d", nextPort), conns: make(chan net.Conn), closed: make(chan struct{})}
	nextPort++
	listening[l.addr] = l
	return l
}

// Server is an HTTP server on the in-memory network.
type Server struct {
	addr   string
	server *http.Server
}

func serve(h http.Handler) *Server {
	l := listen()
	s := &Server{addr: l.addr, server: &http.Server{Handler: h}}
	go s.server.Serve(l)
	return s
}

func (s *Server) Close() { s.server.Close() }

// transport dials the in-memory network.
var transport = &http.Transport{
	DialContext: func(ctx context.Context, _, address string) (net.Conn, error) {
		netMu.Lock()
		l := listening[address]
		netMu.Unlock()
		if l == nil {
			return nil, errors.New("connection refused")
		}
		c, s := net.Pipe()
		select {
		case l.conns <- s:
			return c, nil
		case <-l.closed:
			return nil, errors.New("connection refused")
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	},
}
