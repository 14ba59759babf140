// The services/deadline-budget lab in Go: users, catalog and orders, each an http.Server; orders
// calls the other two with an http.Client, each request made with its ctx and carrying what is left
// of its deadline in x-mesh-deadline-ms, and every service derives its ctx from that header. Real
// net/http over an in-memory network (each connection a net.Pipe, like gomesh's in-memory
// transport), so it runs on synctest's clock and the times it prints are exact.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The header that carries what is left of the caller's
// deadline, in milliseconds (gRPC sends grpc-timeout, Envoy
// x-envoy-expected-rq-timeout-ms).
const deadlineHeader = "x-mesh-deadline-ms"

// get calls url with ctx (the call ends when ctx does) and
// tells the callee how much of ctx's deadline REMAINS now, not
// the budget the request started with (no deadline, no header);
// a 200's JSON is decoded into v.
func get(ctx context.Context, url string, v any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		left := max(0, time.Until(deadline).Milliseconds())
		req.Header.Set(deadlineHeader, strconv.FormatInt(left, 10))
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, nil
	}
	return res.StatusCode, json.NewDecoder(res.Body).Decode(v)
}

// orders answers GET /orders/{item}: it asks users who the
// customer is, then catalog what the item is. ctx ends at the
// deadline its caller sent.
func orders(ctx context.Context, r *http.Request) (int, any, error) {
	var o Order
	status, err := get(ctx, "http://users/users/7", &o.User)
	if err != nil {
		return 0, nil, err
	}
	if status != http.StatusOK {
		return http.StatusBadGateway, Error{fmt.Sprintf("users: %d", status)}, nil
	}
	status, err = get(ctx, "http://catalog/items/"+r.PathValue("item"), &o.Item)
	if err != nil {
		return 0, nil, err
	}
	if status != http.StatusOK {
		return http.StatusBadGateway, Error{fmt.Sprintf("catalog: %d", status)}, nil
	}
	return http.StatusOK, o, nil
}

// ---- The rest of the shop. ----

type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type Item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type Order struct {
	User User `json:"user"`
	Item Item `json:"item"`
}

type Error struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// A handler of the shop gets its request's ctx and returns the
// status and the JSON to answer with.
type handler func(ctx context.Context, r *http.Request) (int, any, error)

// withDeadline is what every service of the shop does with a
// request: it logs it as it arrives and runs the handler with a
// ctx that ends at the deadline the caller sent in
// x-mesh-deadline-ms (the milliseconds that remain), or never if
// it sent none. When ctx has ended, whatever the handler did,
// the service stops and answers 504: its caller gave up then.
// A service that does not read the header (ignores) works on
// whatever deadline its caller has, and does not watch its
// caller's connection either.
func withDeadline(name string, h handler, ignores bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sent := r.Header.Get(deadlineHeader)
		said := "no deadline"
		if sent != "" {
			said = deadlineHeader + ": " + sent
			if ignores {
				said += ", ignored"
			}
		}
		log(fmt.Sprintf("%s <- %s %s (%s)", name, r.Method, r.URL.Path, said))
		if ignores {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			status, body, _ := h(ctx, r)
			writeJSON(w, status, body)
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		if ms, err := strconv.Atoi(sent); err == nil {
			cancel()
			ctx, cancel = context.WithTimeout(r.Context(), time.Duration(ms)*time.Millisecond)
		}
		defer cancel()
		status, body, err := h(ctx, r)
		if why := ended(ctx); why != nil {
			log(fmt.Sprintf("%s: stopped (%v)", name, why))
			status, body = http.StatusGatewayTimeout, Error{why.Error()}
		} else if err != nil {
			// A call with no answer, if not for the deadline, is a
			// failure of the network: net/http answers 500.
			panic(err)
		}
		writeJSON(w, status, body)
	}
}

// ended says why ctx has ended, or nil: from its deadline on,
// DeadlineExceeded. ctx.Err() alone can lag: it is set by the
// goroutine of ctx's timer, which on several cores may run after
// another goroutine has already reached the deadline, and a
// cancel from the parent (the caller closing the connection) in
// the same instant would name the wrong reason.
func ended(ctx context.Context) error {
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return ctx.Err()
}

// work takes d, unless ctx ends first: then it stops at once and
// returns ctx's error.
func work(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// users looks the user up in 40ms. It is an older service that
// does not read x-mesh-deadline-ms: it always takes its 40ms,
// and only its caller can stop waiting for it.
func users(ctx context.Context, r *http.Request) (int, any, error) {
	if err := work(ctx, 40*time.Millisecond); err != nil {
		return 0, nil, err
	}
	if r.PathValue("id") != "7" {
		return http.StatusNotFound, Error{"no such user"}, nil
	}
	log("users: found Ada")
	return http.StatusOK, User{7, "Ada"}, nil
}

// catalog reads an item in steps of 120ms: item 1 is cached (one
// step), item 2 is on a slow disk (five). It checks ctx during
// every step and logs each step it finishes.
var items = map[string]struct {
	name  string
	steps int
}{
	"1": {"lamp", 1},
	"2": {"desk", 5},
}

func catalog(ctx context.Context, r *http.Request) (int, any, error) {
	id := r.PathValue("id")
	item, ok := items[id]
	if !ok {
		return http.StatusNotFound, Error{"no such item"}, nil
	}
	for i := 1; i <= item.steps; i++ {
		if err := work(ctx, 120*time.Millisecond); err != nil {
			return 0, nil, err
		}
		log(fmt.Sprintf("catalog: /items/%s step %d/%d", id, i, item.steps))
	}
	n, _ := strconv.Atoi(id)
	return http.StatusOK, Item{n, item.name}, nil
}

// startShop starts users, catalog and orders, each its own HTTP
// server on the network under its name.
func startShop() (close func()) {
	mux := func(pattern string, name string, h handler, ignores bool) http.Handler {
		m := http.NewServeMux()
		m.Handle(pattern, withDeadline(name, h, ignores))
		return m
	}
	servers := []*http.Server{
		serve("users", mux("GET /users/{id}", "users", users, true)),
		serve("catalog", mux("GET /items/{id}", "catalog", catalog, false)),
		serve("orders", mux("GET /orders/{item}", "orders", orders, false)),
	}
	return func() {
		for _, s := range servers {
			s.Close()
		}
	}
}

// ---- The network: in memory, each connection a net.Pipe. ----

type listener struct {
	name   string
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

type addr string

func (a addr) Network() string { return "memory" }
func (a addr) String() string  { return string(a) }

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

func (l *listener) Addr() net.Addr { return addr(l.name) }

var (
	netMu     sync.Mutex
	listening = map[string]*listener{}
)

// serve starts an http.Server listening on the network as name.
func serve(name string, h http.Handler) *http.Server {
	l := &listener{name: name, conns: make(chan net.Conn), closed: make(chan struct{})}
	netMu.Lock()
	listening[name] = l
	netMu.Unlock()
	s := &http.Server{Handler: h}
	go s.Serve(l)
	return s
}

var errRefused = errors.New("connection refused")

// client dials the network: "users:80" reaches the listener users.
var client = &http.Client{Transport: &http.Transport{
	DialContext: func(ctx context.Context, _, address string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(address)
		netMu.Lock()
		l := listening[host]
		netMu.Unlock()
		if l == nil {
			return nil, errRefused
		}
		c, s := net.Pipe()
		select {
		case l.conns <- s:
			return c, nil
		case <-l.closed:
			return nil, errRefused
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	},
}}

// ---- The test bench. ----

type line struct {
	at   time.Duration
	what string
}

var (
	tag   string
	start time.Time
	mu    sync.Mutex
	lines []line
)

func log(what string) {
	mu.Lock()
	defer mu.Unlock()
	lines = append(lines, line{time.Since(start), what})
}

// rank orders the lines of one instant as the call does:
// client ->, the services' arrivals and work, orders giving up,
// client <-.
func rank(what string) int {
	switch {
	case strings.HasPrefix(what, "client ->"):
		return 0
	case strings.HasPrefix(what, "client <-"):
		return 3
	case strings.HasPrefix(what, "orders:"):
		return 2
	}
	return 1
}

func flush() {
	mu.Lock()
	defer mu.Unlock()
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].at != lines[j].at {
			return lines[i].at < lines[j].at
		}
		return rank(lines[i].what) < rank(lines[j].what)
	})
	for _, l := range lines {
		fmt.Printf("%-7s %-6s %s\n", "["+tag+"]", l.at, l.what)
	}
	lines = nil
}

// order is a client calling GET /orders/<item> with a deadline
// ms milliseconds away, sent in x-mesh-deadline-ms. It waits for
// the answer however long it takes, so you see when orders
// answered, then gives the services a second to show what they
// still do for it.
func order(name, item string, ms int) {
	tag = name
	start = time.Now()
	log(fmt.Sprintf("client -> GET /orders/%s (%s: %d)", item, deadlineHeader, ms))
	req, _ := http.NewRequest(http.MethodGet, "http://orders/orders/"+item, nil)
	req.Header.Set(deadlineHeader, strconv.Itoa(ms))
	res, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	log(fmt.Sprintf("client <- %d %s", res.StatusCode, body))
	time.Sleep(time.Second)
	flush()
}

func main() {
	closeShop := startShop()
	// The catalog is fast for item 1: 160ms in all.
	order("fast", "1", 200)
	// It is slow for item 2: five steps of 120ms.
	order("slow", "2", 200)
	// 30ms is too little even for users (40ms).
	order("tight", "1", 30)
	closeShop()
}
