// The services/deadline-budget lab in Go: orders calls users and catalog and passes on what is
// left of its deadline in x-mesh-deadline-ms; each callee builds its context from that header.
// The calls are in-process (a goroutine per callee) so the program runs on synctest's clock.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The header that carries what is left of the caller's budget,
// in milliseconds (gomesh's x-mesh-deadline-ms; gRPC sends
// grpc-timeout, Envoy x-envoy-expected-rq-timeout-ms).
const deadlineHeader = "x-mesh-deadline-ms"

// budget turns ctx's deadline into the header the callee
// reads: the time that REMAINS now, not the budget we started
// with. No deadline, no header.
func budget(ctx context.Context) map[string]string {
	deadline, ok := ctx.Deadline()
	if !ok {
		return map[string]string{}
	}
	left := max(0, time.Until(deadline).Milliseconds())
	return map[string]string{deadlineHeader: strconv.FormatInt(left, 10)}
}

// orders answers GET /orders/<item>: it looks up the user, then
// the item, and puts them together. ctx carries the deadline of
// the incoming request.
func orders(ctx context.Context, item string) (Res, error) {
	// A request already past its deadline is not worth starting.
	if err := ctx.Err(); err != nil {
		return Res{}, err
	}
	user, err := call(ctx, "users", "/users/7", budget(ctx))
	if err != nil {
		return Res{}, err
	}
	if user.Status != 200 {
		return Res{502, "users"}, nil
	}
	it, err := call(ctx, "catalog", "/items/"+item, budget(ctx))
	if err != nil {
		return Res{}, err
	}
	if it.Status != 200 {
		return Res{502, "catalog"}, nil
	}
	body, _ := json.Marshal(struct {
		User string `json:"user"`
		Item string `json:"item"`
	}{user.Body, it.Body})
	return Res{200, string(body)}, nil
}

// ---- The test bench. ----

type Res struct {
	Status int
	Body   string
}

type line struct {
	at   time.Duration
	what string
}

var (
	start   time.Time
	tag     string
	mu      sync.Mutex
	lines   []line
	running sync.WaitGroup
)

func log(what string) {
	mu.Lock()
	defer mu.Unlock()
	lines = append(lines, line{time.Since(start), what})
}

// rank orders the lines of one instant as the call does:
// client ->, the callees' work, orders, client <-.
func rank(what string) int {
	switch {
	case strings.HasPrefix(what, "client ->"):
		return 0
	case strings.HasPrefix(what, "orders"):
		return 2
	case strings.HasPrefix(what, "client"):
		return 3
	}
	return 1
}

func flush() {
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].at != lines[j].at {
			return lines[i].at < lines[j].at
		}
		return rank(lines[i].what) < rank(lines[j].what)
	})
	for _, l := range lines {
		fmt.Printf("[%s] %-6s %s\n", tag, l.at, l.what)
	}
	lines = nil
}

// serverContext is what a server does with an incoming request:
// its context ends at the deadline the header announces, or
// never if there is none.
func serverContext(headers map[string]string) (context.Context, context.CancelFunc) {
	ms, ok := headers[deadlineHeader]
	if !ok {
		return context.WithCancel(context.Background())
	}
	n, _ := strconv.Atoi(ms)
	return context.WithTimeout(context.Background(), time.Duration(n)*time.Millisecond)
}

// users looks a user up in 40ms.
func users(ctx context.Context, path string) Res {
	select {
	case <-time.After(40 * time.Millisecond):
		log("users: found ada")
		return Res{200, "ada"}
	case <-ctx.Done():
		log(fmt.Sprintf("users: cancelled (%v)", ctx.Err()))
		return Res{504, ""}
	}
}

// catalog reads an item in steps of 120ms: item 1 takes one
// step (cached), item 2 five (a slow disk). It checks ctx
// during steps, and logs every step it finishes.
func catalog(ctx context.Context, path string) Res {
	steps := 1
	if strings.HasSuffix(path, "/2") {
		steps = 5
	}
	for i := 1; i <= steps; i++ {
		select {
		case <-time.After(120 * time.Millisecond):
			log(fmt.Sprintf("catalog: %s step %d/%d", path, i, steps))
		case <-ctx.Done():
			log(fmt.Sprintf("catalog: cancelled (%v)", ctx.Err()))
			return Res{504, ""}
		}
	}
	if steps == 5 {
		return Res{200, "desk"}
	}
	return Res{200, "lamp"}
}

var services = map[string]func(context.Context, string) Res{
	"users":   users,
	"catalog": catalog,
}

// call sends a request: the callee runs in its own goroutine
// with a context made from the headers (it cannot see ours).
// The caller waits for the answer or for its own ctx to end;
// then it gets an error, not a response.
func call(ctx context.Context, service, path string, headers map[string]string) (Res, error) {
	handler := services[service]
	sent, ok := headers[deadlineHeader]
	if ok {
		log(fmt.Sprintf("orders -> %s %s (%s: %s)", service, path, deadlineHeader, sent))
	} else {
		log(fmt.Sprintf("orders -> %s %s", service, path))
	}
	answer := make(chan Res, 1)
	running.Add(1)
	go func() {
		defer running.Done()
		sctx, cancel := serverContext(headers)
		defer cancel()
		answer <- handler(sctx, path)
	}()
	select {
	case res := <-answer:
		// An answer that arrives at the deadline is too late: the
		// caller has given up at that instant, whichever came first.
		deadline, ok := ctx.Deadline()
		if !ok || time.Now().Before(deadline) {
			return res, nil
		}
	case <-ctx.Done():
	}
	log(fmt.Sprintf("orders: %s: %v", service, context.DeadlineExceeded))
	return Res{}, context.DeadlineExceeded
}

// frontDoor is the caller's side of GET /orders/<item> with a
// 200ms deadline: like the mesh's timeout layer, it answers 504
// at the deadline whatever orders is still doing.
func frontDoor(name, item string) {
	start = time.Now()
	tag = name
	headers := map[string]string{deadlineHeader: "200"}
	log(fmt.Sprintf("client -> GET /orders/%s (%s: 200)", item, deadlineHeader))
	answer := make(chan Res, 1)
	running.Add(1)
	go func() {
		defer running.Done()
		ctx, cancel := serverContext(headers)
		defer cancel()
		res, err := orders(ctx, item)
		if err != nil {
			res = Res{504, "Gateway Timeout"}
		}
		answer <- res
	}()
	select {
	case res := <-answer:
		log(fmt.Sprintf("client <- %d %s", res.Status, res.Body))
	case <-time.After(200 * time.Millisecond):
		log("client <- 504 Gateway Timeout")
	}
	running.Wait()
	flush()
}

func main() {
	frontDoor("fast", "1")
	frontDoor("slow", "2")
}
